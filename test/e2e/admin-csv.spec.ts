import { readFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import { test, expect, screenshot } from './softphoneFixtures';

const header = 'Internal ID,User Name,First Name,Last Name,Email,Language,Role,Extension,Landline,Mobile,Softphone Enabled,Password';
const erik = ',erik,Erik,Ek,erik@example.test,sv,user,1005,,,yes,erik-password-1';
const fridaBad = ',frida,Frida,Fors,frida-at-example,en,user,1006,,,maybe,frida-password-1';
const fridaFixed = ',frida,Frida,Fors,frida@example.test,en,user,1006,,,yes,frida-password-1';

async function upload(page: Page, name: string, lines: string[]): Promise<void> {
  await page.getByLabel('Upload CSV file').setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(lines.join('\n') + '\n') });
}

test('CSV upload: a bad row is named and nothing is created; the fixed file creates users who can sign in', async ({ client }) => {
  const admin = await client('admin');
  const page = admin.page;
  await page.getByRole('tab', { name: 'Admin' }).click();
  // A custom field label appears in the CSV template (seed 004).
  await page.getByRole('tab', { name: 'Company' }).click();
  await page.getByRole('textbox', { name: 'Custom field 1' }).fill('Cost centre');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved the company settings.' })).toBeVisible();
  await page.getByRole('tab', { name: 'Users' }).click();
  const users = page.getByRole('tabpanel', { name: 'Users' });
  await expect(users.getByRole('table', { name: 'Users' })).toContainText('alice');

  const download = page.waitForEvent('download');
  await users.getByRole('button', { name: 'Download CSV template' }).click();
  const template = await readFile(await (await download).path(), 'utf8');
  expect(template.split('\n')[0]).toContain('Internal ID');
  expect(template.split('\n')[0]).toContain('Cost centre');

  await upload(page, 'new-users.csv', [header, erik, fridaBad]);
  const report = users.getByRole('region', { name: 'Check of new-users.csv' });
  await expect(report).toContainText('1 to create, 0 to change, 1 with problems.');
  // every problem of the row, each on its own line under the row's number
  const problems = report.getByRole('alert');
  await expect(problems).toContainText('Line 3:');
  // in the admin's language (issue 13), each naming its column
  await expect(problems.getByRole('listitem').filter({ hasText: /^Column “Email”: Enter a valid email$/ })).toBeVisible();
  await expect(problems.getByRole('listitem').filter({ hasText: /^Column “Softphone Enabled”: write yes or no, not “maybe”\.$/ })).toBeVisible();
  await expect(report.getByRole('button', { name: 'Submit users' })).toBeDisabled();
  await screenshot(page, 'admin-csv-report');
  const size = page.viewportSize();
  await page.setViewportSize({ width: 420, height: 720 });
  await problems.scrollIntoViewIfNeeded();
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);
  await screenshot(page, 'admin-csv-report-420');
  if (size) await page.setViewportSize(size);
  // Reopening the admin area fetches the users again: nobody was created.
  await page.getByRole('tab', { name: 'Phone' }).click();
  await page.getByRole('tab', { name: 'Admin' }).click();
  await page.getByRole('tab', { name: 'Users' }).click();
  await expect(users.getByRole('table', { name: 'Users' })).toContainText('alice');
  await expect(users.getByRole('table', { name: 'Users' })).not.toContainText('erik');

  await upload(page, 'new-users-fixed.csv', [header, erik, fridaFixed]);
  const fixed = users.getByRole('region', { name: 'Check of new-users-fixed.csv' });
  await expect(fixed).toContainText('2 to create, 0 to change, 0 with problems.');
  await fixed.getByRole('button', { name: 'Submit users' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Created 2 and changed 0 users.' })).toBeVisible();
  await expect(users.getByRole('table', { name: 'Users' })).toContainText('erik');
  await expect(users.getByRole('table', { name: 'Users' })).toContainText('frida');

  // A user created from the file signs in and registers, in their own language (Swedish).
  const created = await client('erik', { password: 'erik-password-1', ready: 'Telefonen är redo' });
  await expect(created.page.getByRole('tab', { name: 'Telefon' })).toBeVisible();
});
