/**
 * Issue 11: in the admin's Company tab the admin chooses where calls to the main number go
 * (here the Support queue), in the app as it runs (Chromium, real profile server and PBX), at
 * 420x720 and 1280x800. Screenshots: artifacts/screenshots/admin-main-number-<width>.png.
 */
import { test, expect, screenshot } from './softphoneFixtures';

/** Catalog keys look like "admin.company.mainNumberRoute"; a user must see words. */
const KEY = /\b(admin|common|error)\.[a-zA-Z]+\.[a-zA-Z]+/;

for (const size of [
  { width: 420, height: 720 },
  { width: 1280, height: 800 },
]) {
  test(`admin chooses where the main number goes at ${size.width}x${size.height}`, async ({ client, stack }) => {
    const admin = await client('admin');
    const page = admin.page;
    await page.setViewportSize(size);
    await page.getByRole('tab', { name: 'Admin' }).click();
    await page.getByRole('tab', { name: 'Company' }).click();
    const form = page.getByRole('form', { name: 'Company settings' });
    const choice = form.getByRole('combobox', { name: 'Calls to the main number +46855500000 go to' });
    await expect(choice).toHaveValue('nobody');
    const support = stack.server.company.queues.Support!;
    await choice.selectOption({ label: 'Support (+46855501100)' });
    await form.getByRole('button', { name: 'Save' }).click();
    await expect
      .poll(async () => (await stack.server.server.ctx.store.getCompany('acme'))?.settings.mainNumberRoute)
      .toEqual({ kind: 'queue', queueId: support.id });
    await expect(form).not.toContainText(KEY);
    await choice.scrollIntoViewIfNeeded();
    await screenshot(page, `admin-main-number-${size.width}`);
    const found = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
    expect(found.scroll).toBeLessThanOrEqual(found.client);
  });
}
