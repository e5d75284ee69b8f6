/**
 * Issue 13, seed 002 "Directory Scope": an admin adds a site, puts two users in it from the
 * users table, sets one of them to see only their own site, and that user's directory (pushed
 * by the server, already open on their client) then lists only the site's colleagues.
 */
import type { Page } from '@playwright/test';
import { test, expect, screenshot } from './softphoneFixtures';

const colleague = (page: Page, userName: string) => page.locator(`[data-testid="colleague"][data-user="${userName}"]`);

test('admin adds a site, puts two users in it, one sees only their own site’s colleagues', async ({ client }) => {
  test.setTimeout(240_000);
  const alice = await client('alice');
  const admin = await client('admin');
  const page = admin.page;
  // alice's directory starts with the whole company.
  await expect(colleague(alice.page, 'carol')).toBeVisible({ timeout: 30_000 });
  await expect(colleague(alice.page, 'bob')).toBeVisible();

  await page.getByRole('tab', { name: 'Admin' }).click();
  // Without sites the users table has no site column, filter or action.
  await page.getByRole('tab', { name: 'Users' }).click();
  const users = page.getByRole('tabpanel', { name: 'Users' });
  await expect(users.getByRole('table', { name: 'Users' })).toContainText('alice');
  await expect(users.getByRole('button', { name: /Site and directory/ })).toHaveCount(0);

  await page.getByRole('tab', { name: 'Company' }).click();
  // The country national numbers are read in, by name in the admin's language (Sweden by default).
  const country = page.getByRole('combobox', { name: 'Country' });
  await expect(country).toHaveValue('SE');
  await expect(country.locator('option:checked')).toHaveText('Sweden');
  await screenshot(page, 'admin-company-country-1280x800');
  const sites = page.getByRole('region', { name: 'Sites (offices or branches)' });
  await expect(sites).toContainText('No sites yet');
  const add = sites.getByRole('form', { name: 'Add site' });
  await add.getByLabel('Site name').fill('Stockholm');
  await add.getByLabel('Site code (optional)').fill('STO');
  await add.getByRole('button', { name: 'Add site' }).click();
  await expect(sites.getByRole('form', { name: 'Stockholm' })).toContainText('no users');
  await screenshot(sites, 'admin-sites-1280x800');
  await page.setViewportSize({ width: 420, height: 720 });
  await screenshot(sites, 'admin-sites-420x720');
  await page.setViewportSize({ width: 1280, height: 800 });

  await page.getByRole('tab', { name: 'Users' }).click();
  await users.getByRole('checkbox', { name: 'Select alice' }).check();
  await users.getByRole('checkbox', { name: 'Select bob' }).check();
  await users.getByRole('button', { name: 'Site and directory (2)' }).click();
  const assign = users.getByRole('form', { name: 'Site and directory for 2 users' });
  await assign.getByRole('combobox', { name: 'Site' }).selectOption({ label: 'Stockholm' });
  await assign.getByRole('button', { name: 'Apply' }).click();
  await expect(assign.getByRole('status')).toHaveText('2 users changed.');
  await assign.getByRole('button', { name: 'Dismiss' }).click();

  // alice: only her own site, from the user form.
  await users.getByRole('button', { name: 'Edit alice' }).click();
  const form = page.getByRole('form', { name: 'Edit alice' });
  await expect(form.getByRole('combobox', { name: 'Site' })).toHaveValue(/.+/);
  await form.getByRole('combobox', { name: 'Who they see in the directory' }).selectOption({ label: 'Only people at their own site' });
  await screenshot(page, 'admin-user-form-site-1280x800');
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(form).toBeHidden();

  // The table's site column and filter.
  await users.getByRole('combobox', { name: 'Site' }).selectOption({ label: 'Stockholm' });
  await expect(users.getByRole('table', { name: 'Users' }).getByRole('row')).toHaveCount(3);
  await page.setViewportSize({ width: 420, height: 720 });
  await screenshot(page, 'admin-users-site-filter-420x720');
  await page.setViewportSize({ width: 1280, height: 800 });

  // The server pushed alice her colleagues anew: bob (same site) stays, carol and dave are gone.
  await expect(colleague(alice.page, 'carol')).toHaveCount(0, { timeout: 30_000 });
  await expect(colleague(alice.page, 'dave')).toHaveCount(0);
  await expect(colleague(alice.page, 'bob')).toBeVisible();
  await screenshot(alice.page, 'directory-own-site-1280x800');
  await alice.page.setViewportSize({ width: 420, height: 720 });
  await screenshot(alice.page, 'directory-own-site-420x720');
});
