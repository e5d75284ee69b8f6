/**
 * Issue 13 in the app as it runs (Chromium, real profile server and PBX), at a narrow window
 * (420x720) and a wide one (1280x800): the admin creates a queue, numbers it from the company's
 * numbers, adds a member, and sees the member pause live (the member pauses in their own
 * client); the audit log lists these actions and a search finds them.
 * Screenshots: artifacts/screenshots/admin-queues-<width>.png, admin-audit-<width>.png.
 */
import type { Page } from '@playwright/test';
import { test, expect, screenshot } from './softphoneFixtures';

/** Catalog keys look like "admin.queues.title"; a user must see words. */
const KEY = /\b(admin|common|error|device)\.[a-zA-Z]+/;

async function expectNoSidewaysOverflow(page: Page): Promise<void> {
  const found = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
  expect(found.scroll).toBeLessThanOrEqual(found.client);
}

for (const size of [
  { width: 420, height: 720 },
  { width: 1280, height: 800 },
]) {
  test(`issue 13 at ${size.width}x${size.height}: a queue created, numbered, given a member who pauses live; the audit log finds it`, async ({ client }) => {
    test.setTimeout(300_000);
    const suffix = String(size.width);
    const admin = await client('admin');
    const dave = await client('dave');
    const page = admin.page;
    await page.setViewportSize(size);
    await page.getByRole('tab', { name: 'Admin' }).click();
    await page.getByRole('tab', { name: 'Queues', exact: true }).click();
    const panel = page.getByRole('tabpanel', { name: 'Queues' });
    await expect(panel.getByRole('listitem').filter({ hasText: 'Support' })).toBeVisible();

    // Create with an extension, then give it a public number of the company.
    await panel.getByRole('textbox', { name: 'Name' }).first().fill('Night desk');
    await panel.getByRole('textbox', { name: 'Number' }).first().fill('3600');
    await panel.getByRole('button', { name: 'Create queue' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Saved the queue “Night desk”.' })).toBeVisible();
    const card = panel.getByRole('listitem').filter({ has: page.getByRole('heading', { name: /Night desk/ }) });
    await expect(card).toContainText('No members yet');
    await card.getByRole('textbox', { name: 'Number' }).fill('+46 8555 03600');
    await card.getByRole('button', { name: 'Save name and number' }).click();
    await expect(card.getByRole('heading', { name: /Night desk/ })).toContainText('08-555 036 00');

    // A number of another company is refused, in words.
    await card.getByRole('textbox', { name: 'Number' }).fill('+46866601234');
    await card.getByRole('button', { name: 'Save name and number' }).click();
    await expect(page.getByText('The number +46866601234 is not one of your company’s numbers')).toBeVisible();
    await page.getByRole('button', { name: 'Dismiss problem' }).first().click();
    await card.getByRole('textbox', { name: 'Number' }).fill('+46855503600');

    await card.getByRole('combobox', { name: 'Add member' }).selectOption({ label: 'Dave Dahl (dave)' });
    await card.getByRole('button', { name: 'Add member' }).click();
    const row = card.getByRole('row', { name: /Dave Dahl/ });
    await expect(row).toContainText('Active');
    await expect(row.getByRole('checkbox', { name: 'As their profile says' })).toBeChecked();

    // Dave pauses the new queue in his own client: the admin's screen follows without a reload.
    const queues = dave.page.getByRole('button', { name: 'Queues: 2 of 2 active' });
    await queues.click();
    const davePanel = dave.page.getByRole('dialog', { name: 'Queues' });
    await davePanel.getByRole('switch', { name: 'Active in Night desk' }).click();
    await expect(davePanel.getByRole('switch', { name: 'Active in Night desk' })).not.toBeChecked();
    await expect(row).toContainText('Paused');
    await expect(card).toContainText('1 paused of 1');
    await expect(panel).not.toContainText(KEY);
    await screenshot(page, `admin-queues-${suffix}`);
    await expectNoSidewaysOverflow(page);

    // The audit log lists what the admin did; a search finds it.
    await page.getByRole('tab', { name: 'Audit log' }).click();
    const audit = page.getByRole('tabpanel', { name: 'Audit log' });
    await expect(audit.getByRole('row').filter({ hasText: 'Queue created' }).filter({ hasText: 'Night desk' })).toBeVisible();
    await expect(audit.getByRole('row').filter({ hasText: 'Template applied' }).filter({ hasText: 'The system' }).first()).toBeAttached();
    await audit.getByRole('searchbox', { name: 'Search' }).fill('Night desk');
    await audit.getByRole('button', { name: 'Search' }).click();
    await expect(audit.getByRole('status')).toContainText('(3 actions)');
    for (const what of ['Queue created', 'Queue renamed or renumbered', 'Queue member added']) await expect(audit.getByRole('row').filter({ hasText: what })).toHaveCount(1);
    await expect(audit.getByRole('row').filter({ hasText: 'Queue member added' })).toContainText('Dave Dahl');
    await audit.getByRole('combobox', { name: 'Action' }).selectOption({ label: 'Queue member added' });
    await audit.getByRole('button', { name: 'Search' }).click();
    await expect(audit.getByRole('status')).toContainText('(1 action)');
    await expect(audit).not.toContainText(KEY);
    await screenshot(page, `admin-audit-${suffix}`);
    await expectNoSidewaysOverflow(page);
  });
}
