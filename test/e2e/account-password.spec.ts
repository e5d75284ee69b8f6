/**
 * Issue 12, own password (seed 000) and a forgotten one: the settings screen with the seed's
 * warning and each problem next to its field, the sign-out that follows a change, "Forgot
 * password" on the sign-in screen, and the page the mailed link opens. Screens at 1280×800 and
 * 420×720.
 */
import type { Locator, Page } from '@playwright/test';
import { test, expect, screenshot, signIn } from './softphoneFixtures';
import { passwordOf } from '../support/server';

async function atBothSizes(page: Page, name: string, show?: Locator): Promise<void> {
  await screenshot(page, name);
  const size = page.viewportSize();
  await page.setViewportSize({ width: 420, height: 720 });
  await show?.scrollIntoViewIfNeeded();
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);
  await screenshot(page, `${name}-420`);
  if (size) await page.setViewportSize(size);
}

test('a user changes their own password in settings: problems next to the fields, then signed out', async ({ client, stack }) => {
  const carol = await client('carol');
  const page = carol.page;
  await page.getByRole('tab', { name: 'Settings' }).click();
  const section = page.getByRole('region', { name: 'Password' });
  await expect(section).toContainText('Changing your password will log you out immediately. Use the new password to log back in.');

  const current = section.getByLabel('Current password');
  const fresh = section.getByLabel('New password', { exact: true });
  const repeat = section.getByLabel('New password again');
  await current.fill('not-carols-password');
  await fresh.fill('Carols-new-secret-7');
  await repeat.fill('Carols-new-secret-7');
  await section.getByRole('button', { name: 'Change password' }).click();
  await expect(current).toHaveAccessibleDescription('This is not your current password.');
  await section.scrollIntoViewIfNeeded();
  await atBothSizes(page, 'settings-password-wrong-current', section);

  await current.fill(passwordOf('carol'));
  await repeat.fill('Carols-new-secret-8');
  await section.getByRole('button', { name: 'Change password' }).click();
  await expect(repeat).toHaveAccessibleDescription('The new passwords do not match.');
  await repeat.fill('Carols-new-secret-7');
  await fresh.fill('Password1');
  await repeat.fill('Password1');
  await section.getByRole('button', { name: 'Change password' }).click();
  await expect(fresh).toHaveAccessibleDescription(/one of the most common ones/);

  await fresh.fill('Carols-new-secret-7');
  await repeat.fill('Carols-new-secret-7');
  await section.getByRole('button', { name: 'Change password' }).click();
  // signed out at once, told why
  await expect(page.getByRole('heading', { name: 'Sign in to your phone' })).toBeVisible();
  await expect(page.getByRole('form', { name: 'Sign in to your phone' }).getByRole('alert')).toHaveText('Your password was changed. Sign in with the new password.');
  await atBothSizes(page, 'sign-in-after-password-change');
  await signIn(page, stack.server.url, 'carol', 'Carols-new-secret-7');
  await expect(page.getByRole('status').filter({ hasText: 'Phone ready' })).toBeVisible({ timeout: 20_000 });
});

test('"Forgot password" mails a link whose page sets a new password', async ({ client, stack }) => {
  const dave = await client('dave');
  const page = dave.page;
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByRole('button', { name: 'Forgot password?' }).click();
  const form = page.getByRole('form', { name: 'Reset your password' });
  await expect(form.getByLabel('User name or email')).toHaveValue('dave');
  await form.getByLabel('User name or email').fill('dave@example.test');
  await form.getByRole('button', { name: 'Send link' }).click();
  await expect(form.getByRole('status')).toContainText('If there is an account with that name, a link is on its way');
  await atBothSizes(page, 'sign-in-forgot-password');

  let link = '';
  await expect.poll(() => (link = stack.server.mails().find((m) => m.kind === 'password-reset' && m.to === 'dave@example.test')?.link ?? '')).not.toBe('');
  const resetPage = await page.context().newPage();
  await resetPage.goto(link);
  await expect(resetPage.getByRole('heading', { name: 'Set a new password' })).toBeVisible();
  await resetPage.getByLabel('New password', { exact: true }).fill('Daves-new-secret-3');
  await resetPage.getByLabel('New password again').fill('Daves-new-secret-4');
  await resetPage.getByRole('button', { name: 'Set password' }).click();
  await expect(resetPage.getByLabel('New password again')).toHaveAccessibleDescription('The passwords do not match.');
  await atBothSizes(resetPage, 'password-reset-page-problem');
  await resetPage.getByLabel('New password', { exact: true }).fill('Daves-new-secret-3');
  await resetPage.getByLabel('New password again').fill('Daves-new-secret-3');
  await resetPage.getByRole('button', { name: 'Set password' }).click();
  await expect(resetPage.getByRole('status')).toHaveText('Your password is changed. Sign in to the app with your new password.');
  await atBothSizes(resetPage, 'password-reset-page-done');
  await resetPage.close();

  await page.getByRole('button', { name: 'Back to sign-in' }).click();
  await signIn(page, stack.server.url, 'dave', 'Daves-new-secret-3');
  await expect(page.getByRole('status').filter({ hasText: 'Phone ready' })).toBeVisible({ timeout: 20_000 });
});
