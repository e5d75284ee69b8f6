/**
 * Issue 13 "Done when": a screenshot of every admin screen, at 1280×800 and at 420×720, in
 * artifacts/screenshots/screen-admin-<screen>-<width>.png, with what can be checked without eyes
 * asserted on each: no catalog keys instead of words, nothing scrolling the page sideways. Then
 * the same screens' main tabs in Swedish at 1280×800 (…-sv-1280.png). The screenshots are for
 * a person to look at; the report of the run that added them lists what they show.
 */
import type { Locator, Page } from '@playwright/test';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { test, expect, screenshotDir } from './softphoneFixtures';

test.setTimeout(300_000);
// A missing control fails the step instead of waiting out the whole test.
test.use({ actionTimeout: 20_000 });

/** Catalog keys look like "admin.queues.title"; a user must see words. */
const KEY = /\b(admin|common|error|device|notice|account)\.[a-zA-Z]+\.[a-zA-Z.]+/;
const SIZES = [
  { width: 1280, height: 800 },
  { width: 420, height: 720 },
] as const;

async function sidewaysOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

/** The screen at both sizes (`show` scrolled into view at each), checked and saved. */
async function shoot(page: Page, name: string, show: Locator, sizes: readonly { width: number; height: number }[] = SIZES): Promise<void> {
  await mkdir(screenshotDir, { recursive: true });
  for (const size of sizes) {
    await page.setViewportSize(size);
    await show.scrollIntoViewIfNeeded();
    await expect(page.locator('main, body').first()).not.toContainText(KEY);
    expect(await sidewaysOverflow(page), `${name} at ${size.width}: the page scrolls sideways`).toBeLessThanOrEqual(0);
    await page.screenshot({ path: join(screenshotDir, `screen-admin-${name}-${size.width}.png`) });
  }
  await page.setViewportSize(SIZES[0]);
}

test('every admin screen at 1280×800 and 420×720, and the main ones in Swedish', async ({ client, stack }) => {
  const token = await stack.server.signIn('admin');
  const templates0 = (await (await stack.server.api('/api/v1/admin/templates', { token })).json()) as { id: string; name: string }[];
  const office = templates0.find((t) => t.name === 'Office')!;
  await stack.server.api(`/api/v1/admin/templates/${office.id}/clone`, { token, body: { name: 'Front desk' } });
  const { page } = await client('admin');
  await page.getByRole('tab', { name: 'Admin' }).click();

  // Templates, one inspected, the apply preview.
  const templates = page.getByRole('tabpanel', { name: 'Templates' });
  await expect(templates.getByRole('button', { name: 'Apply Office' })).toBeVisible();
  await shoot(page, 'templates', templates);
  await page.getByRole('button', { name: 'View Office' }).click();
  await shoot(page, 'template-view', page.getByRole('region', { name: 'What each profile does' }));
  await page.getByRole('button', { name: 'Back to templates' }).click();
  await page.getByRole('button', { name: 'Edit Front desk' }).click();
  await shoot(page, 'template-editor', page.locator('ol.template-profiles'));
  await page.getByRole('button', { name: 'Edit Lunch' }).click();
  await shoot(page, 'template-profile-editor', page.getByRole('form', { name: 'Profile Lunch' }));
  await page.getByRole('form', { name: 'Profile Lunch' }).getByRole('button', { name: 'Done' }).click();
  await page.getByRole('button', { name: 'Apply Front desk' }).click();
  const apply = page.getByRole('dialog', { name: 'Apply “Front desk”' });
  // (opening a profile's editor may count as an edit: then it asks to save first)
  const unsaved = page.getByRole('alertdialog', { name: 'Save your changes first?' });
  await expect(unsaved.or(apply)).toBeVisible();
  if (await unsaved.isVisible()) await unsaved.getByRole('button', { name: 'Save and apply' }).click();
  await apply.getByRole('checkbox', { name: /\(bob\)/ }).check();
  await apply.getByRole('checkbox', { name: /\(carol\)/ }).check();
  const preview = apply.getByRole('region', { name: 'Affected users: 2' });
  await expect(preview.getByRole('listitem', { name: 'bob', exact: true })).toContainText('Bob Berg (bob)');
  await shoot(page, 'template-apply-preview', preview);
  await apply.getByRole('button', { name: 'Cancel' }).click();

  // Users: the table, a user's form (with desk phones), mass edit, one user's profiles, CSV.
  await page.getByRole('tab', { name: 'Users' }).click();
  const users = page.getByRole('tabpanel', { name: 'Users' });
  await expect(users.getByRole('table', { name: 'Users' })).toContainText('alice');
  // Wide and no call: the table's default columns fit beside the idle call dock, none cut off.
  const cutOff = (table: Locator) => table.evaluate((element) => (element.parentElement ? element.parentElement.scrollWidth - element.parentElement.clientWidth : 0));
  expect(await cutOff(users.getByRole('table', { name: 'Users' }))).toBeLessThanOrEqual(0);
  await shoot(page, 'users', users.getByRole('table', { name: 'Users' }));
  await users.getByRole('button', { name: 'Edit bob' }).click();
  const desk = page.getByRole('region', { name: 'Desk phones' });
  await shoot(page, 'user-form', page.getByRole('textbox', { name: 'First name' }));
  await shoot(page, 'user-form-desk-phones', desk);
  await page.getByRole('button', { name: 'Cancel' }).click();
  await users.getByRole('button', { name: 'New user' }).click();
  await shoot(page, 'user-create', page.getByRole('textbox', { name: 'First name' }));
  await page.getByRole('button', { name: 'Cancel' }).click();

  for (const name of ['alice', 'bob', 'carol']) await users.getByRole('checkbox', { name: `Select ${name}` }).check();
  await users.getByRole('button', { name: 'Mass edit 3 users' }).click();
  const mass = users.getByRole('form', { name: 'Mass edit the profiles of 3 users' });
  await mass.getByRole('combobox', { name: 'Profile' }).selectOption('Lunch');
  await mass.getByRole('combobox', { name: 'Setting' }).selectOption({ label: 'Priority (lowest wins)' });
  await mass.getByRole('spinbutton', { name: 'New value' }).fill('7');
  await mass.getByRole('button', { name: 'See who will change' }).click();
  await expect(mass.getByRole('region', { name: 'Will change: 3 users' })).toBeVisible();
  await shoot(page, 'mass-edit', mass.getByRole('region', { name: 'Will change: 3 users' }));
  await mass.getByRole('button', { name: 'Cancel' }).click();
  await users.getByRole('button', { name: 'Add a profile for everyone' }).click();
  await shoot(page, 'add-profile-for-everyone', users.getByRole('region', { name: 'New profile for users' }));
  await page.getByRole('tab', { name: 'Queues', exact: true }).click();
  await page.getByRole('tab', { name: 'Users' }).click();

  await users.getByRole('button', { name: 'Profiles of bob' }).click();
  const profiles = users.getByRole('region', { name: 'Profiles of Bob Berg' });
  await shoot(page, 'user-profiles', profiles);
  await profiles.getByRole('button', { name: 'Edit Lunch' }).click();
  await shoot(page, 'user-profile-editor', profiles.getByRole('form', { name: 'Edit “Lunch” of Bob Berg' }));
  await profiles.getByRole('button', { name: 'Back to users' }).click();

  const csv = 'Internal ID,First Name,Last Name,Email,User Name,Extension\n,Erik,Ek,erik@example.test,erik,1020\n,F,Fors,not-an-email,frida,1021\n';
  await page.getByLabel('Upload CSV file').setInputFiles({ name: 'new-users.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  const report = users.getByRole('region', { name: 'Check of new-users.csv' });
  await expect(report).toContainText('1 to create, 0 to change, 1 with problems.');
  await shoot(page, 'csv-check', report);

  // Queues, audit log, recordings, company (settings, numbers, main number), destinations, codes.
  const tabs: Array<[tab: string, name: string]> = [
    ['Queues', 'queues'],
    ['Audit log', 'audit'],
    ['Recordings', 'recordings'],
    ['Company', 'company'],
    ['Announcements', 'announcements'],
    ['Applications', 'applications'],
    ['Feature codes', 'feature-codes'],
  ];
  for (const [tab, name] of tabs) {
    await page.getByRole('tab', { name: tab, exact: true }).click();
    const panel = page.getByRole('tabpanel', { name: tab });
    await expect(panel.locator('h3').first()).toBeVisible();
    await shoot(page, name, panel.locator('h3').first());
  }
  const numbers = page.getByRole('combobox', { name: /Calls to the main number/ });
  await page.getByRole('tab', { name: 'Company', exact: true }).click();
  await shoot(page, 'company-main-number', numbers);
  await shoot(page, 'company-numbers', page.getByRole('tabpanel', { name: 'Company' }).locator('section').last());

  // In Swedish: the main tabs at 1280×800.
  await page.getByRole('tab', { name: 'Settings' }).click();
  await page.getByRole('combobox', { name: 'Language' }).selectOption({ label: 'Svenska' });
  await page.getByRole('tab', { name: 'Admin' }).click();
  const swedish: Array<[tab: string, name: string]> = [
    ['Mallar', 'templates'],
    ['Användare', 'users'],
    ['Köer', 'queues'],
    ['Granskningslogg', 'audit'],
    ['Inspelningar', 'recordings'],
    ['Företag', 'company'],
    ['Meddelanden', 'announcements'],
    ['Applikationer', 'applications'],
    ['Funktionskoder', 'feature-codes'],
  ];
  for (const [tab, name] of swedish) {
    await page.getByRole('tab', { name: tab, exact: true }).click();
    const panel = page.getByRole('tabpanel', { name: tab });
    await expect(panel.locator('h3').first()).toBeVisible();
    await shoot(page, `${name}-sv`, panel.locator('h3').first(), [SIZES[0]]);
  }
  await page.getByRole('tab', { name: 'Användare', exact: true }).click();
  await page.getByRole('button', { name: 'Ändra bob' }).click();
  await shoot(page, 'user-form-sv', page.getByRole('textbox', { name: 'Förnamn' }), [SIZES[0]]);
});
