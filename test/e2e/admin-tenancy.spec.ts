/**
 * Issue 12, tenancy, in the app as it runs (Chromium, real profile server and PBX): the admin's
 * Company tab shows the company's registration link (copy, replace) and its phone numbers
 * (the ranges it owns, who has which number), at 420x720 and 1280x800. Screenshots:
 * artifacts/screenshots/admin-tenancy-*-<width>.png.
 */
import type { Page } from '@playwright/test';
import { test, expect, screenshot } from './softphoneFixtures';

/** Catalog keys look like "admin.tenancy.title"; a user must see words. */
const KEY = /\b(admin|common|error)\.[a-zA-Z]+\.[a-zA-Z]+/;

async function expectNoSidewaysOverflow(page: Page): Promise<void> {
  const found = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
  expect(found.scroll).toBeLessThanOrEqual(found.client);
}

for (const size of [
  { width: 420, height: 720 },
  { width: 1280, height: 800 },
]) {
  test(`admin company tab of issue 12 at ${size.width}x${size.height}: registration link and phone numbers`, async ({ client, stack }) => {
    const admin = await client('admin');
    const page = admin.page;
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
    await page.setViewportSize(size);
    const suffix = String(size.width);
    const acmeToken = await stack.server.server.ctx.store.getRegistrationToken('acme');
    const globexToken = await stack.server.server.ctx.store.getRegistrationToken('globex');

    await page.getByRole('tab', { name: 'Admin' }).click();
    await page.getByRole('tab', { name: 'Company' }).click();
    const linkCard = page.getByRole('region', { name: 'Registration link' });
    const link = linkCard.getByRole('textbox', { name: 'Link' });
    await expect(link).toHaveValue(new RegExp(`register\\?token=${acmeToken}$`));
    await expect(link).not.toHaveValue(new RegExp(globexToken ?? 'no-globex-token'));
    await linkCard.scrollIntoViewIfNeeded();
    await expect(linkCard).not.toContainText(KEY);
    await screenshot(page, `admin-tenancy-link-${suffix}`);
    await expectNoSidewaysOverflow(page);

    await linkCard.getByRole('button', { name: 'Copy link' }).click();
    await expect(linkCard.getByRole('status')).toHaveText('Link copied');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toContain(`token=${acmeToken}`);

    await linkCard.getByRole('button', { name: 'New link' }).click();
    await linkCard.getByRole('button', { name: /The current one stops working at once/ }).click();
    await expect(linkCard.getByRole('status')).toHaveText('A new link was made; the old one no longer works.');
    await expect(link).not.toHaveValue(new RegExp(acmeToken ?? 'no-acme-token'));
    const rotated = await stack.server.server.ctx.store.getRegistrationToken('acme');
    await expect(link).toHaveValue(new RegExp(`token=${rotated}$`));

    const numbers = page.getByRole('region', { name: 'Phone numbers' });
    await expect(numbers).toContainText('08-555 000 00 – 08-555 999 99');
    const table = numbers.getByRole('table');
    await expect(table.getByRole('row', { name: /08-555 000 00 Main number The company/ })).toBeVisible();
    await expect(table.getByRole('row', { name: /08-555 011 00 Queue Support/ })).toBeVisible();
    await expect(table.getByRole('row', { name: /^1002 Extension Bob Berg$/ })).toBeVisible();
    // Globex's numbers are not Acme's admin's business.
    await expect(table).not.toContainText('+46866600000');
    await expect(numbers).not.toContainText(KEY);
    await numbers.scrollIntoViewIfNeeded();
    await screenshot(page, `admin-tenancy-numbers-${suffix}`);
    await expectNoSidewaysOverflow(page);
  });
}
