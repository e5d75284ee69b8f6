/**
 * Issue 12: a CSV submit that takes long (a password hashed per row, here at the production
 * scrypt cost, so 400 rows take well over the client's 10 s request timeout) runs as a server
 * job. The admin sees a progress bar, then the committed result; no timeout on the way.
 */
import type { Locator, Page } from '@playwright/test';
import { test, expect, screenshot } from './softphoneFixtures';

test.use({ serverConfig: { scryptCost: 16384 } });
test.setTimeout(300_000);

const ROWS = 400;
const header = 'Internal ID,User Name,First Name,Last Name,Email,Language,Role,Extension,Landline,Mobile,Softphone Enabled,Password';
// names take letters only: Bulk Aa, Bulk Ab, …
const letters = (i: number) => String.fromCharCode(65 + Math.floor(i / 26)) + String.fromCharCode(97 + (i % 26));
const row = (i: number) => `,bulk${i},Bulk,${letters(i)},bulk${i}@example.test,en,user,${3000 + i},,,yes,Bulk-secret-${i}-xyz`;

async function narrow(page: Page, name: string, show: Locator): Promise<void> {
  const size = page.viewportSize();
  await page.setViewportSize({ width: 420, height: 720 });
  await show.scrollIntoViewIfNeeded();
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);
  await screenshot(page, name);
  if (size) await page.setViewportSize(size);
}

test('a 400-row CSV submit shows its progress and ends with the committed result', async ({ client }) => {
  const admin = await client('admin');
  const page = admin.page;
  await page.getByRole('tab', { name: 'Admin' }).click();
  await page.getByRole('tab', { name: 'Users' }).click();
  const users = page.getByRole('tabpanel', { name: 'Users' });
  const lines = [header, ...Array.from({ length: ROWS }, (_, i) => row(i))];
  await page.getByLabel('Upload CSV file').setInputFiles({ name: 'many-users.csv', mimeType: 'text/csv', buffer: Buffer.from(lines.join('\n') + '\n') });
  const report = users.getByRole('region', { name: 'Check of many-users.csv' });
  await expect(report).toContainText(`${ROWS} to create, 0 to change, 0 with problems.`, { timeout: 30_000 });

  await report.getByRole('button', { name: 'Submit users' }).click();
  const progress = report.getByRole('progressbar');
  await expect(progress).toBeVisible();
  await expect(report.getByRole('button', { name: 'Submitting…' })).toBeDisabled();
  // the bar moves while the server hashes
  await expect.poll(async () => Number(await progress.getAttribute('value')), { timeout: 60_000 }).toBeGreaterThan(0);
  await expect(report.getByText(new RegExp(`^\\d+ of ${ROWS} rows prepared$`))).toBeVisible();
  await progress.scrollIntoViewIfNeeded();
  await screenshot(page, 'admin-csv-progress');
  await narrow(page, 'admin-csv-progress-420', progress);

  await expect(page.getByRole('status').filter({ hasText: `Created ${ROWS} and changed 0 users.` })).toBeVisible({ timeout: 240_000 });
  await expect(page.getByRole('alert')).toHaveCount(0);
  await expect(users.getByRole('table', { name: 'Users' })).toContainText(`bulk${ROWS - 1}`);
  const said = page.getByRole('status').filter({ hasText: `Created ${ROWS} and changed 0 users.` });
  await said.scrollIntoViewIfNeeded();
  await screenshot(page, 'admin-csv-committed');
  await narrow(page, 'admin-csv-committed-420', said);
});
