/**
 * Issue 12, user names per company: Acme and Globex each have a user whose user name is the
 * email `anna@example.com`, with the same password. Signing in with it, the screen asks for the
 * company (only then), and with it the softphone signs in to that company and registers with
 * Kamailio under the SIP name the server hands out (an email cannot be a SIP user part).
 * Screens at 1280×800 and 420×720.
 */
import type { Page } from '@playwright/test';
import { test, expect, screenshot, signIn } from './softphoneFixtures';

const PASSWORD = 'Same-pass-in-both-9';

async function atBothSizes(page: Page, name: string): Promise<void> {
  await screenshot(page, name);
  const size = page.viewportSize();
  await page.setViewportSize({ width: 420, height: 720 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);
  await screenshot(page, `${name}-420`);
  if (size) await page.setViewportSize(size);
}

test('a user name used in two companies: the sign-in screen asks for the company, then the phone is ready', async ({ browser, stack }) => {
  const { server } = stack;
  for (const [admin, extension] of [['admin', '1006'], ['globexadmin', '1006']] as const) {
    const created = await server.api('/api/v1/admin/users', {
      token: await server.signIn(admin),
      body: { firstName: 'Anna', lastName: 'Ek', userName: 'anna@example.com', email: 'anna@example.com', password: PASSWORD, language: admin === 'admin' ? 'en' : 'sv', numbers: { extension } },
    });
    expect(created.status, await created.clone().text()).toBe(200);
  }
  const harness = await stack.harness();
  const context = await browser.newContext({ permissions: ['microphone'], viewport: { width: 1280, height: 800 } });
  try {
    const page = await context.newPage();
    await page.goto(harness.url);
    // No company field until the server asks for one.
    await expect(page.getByLabel('Company')).toHaveCount(0);
    await signIn(page, server.url, 'anna@example.com', PASSWORD);
    const form = page.getByRole('form', { name: 'Sign in to your phone' });
    await expect(form.getByRole('alert')).toHaveText('This user name is used in more than one company. Enter the name of your company and sign in again.');
    const company = form.getByLabel('Company');
    await expect(company).toBeVisible();
    await expect(company).toBeFocused();
    await atBothSizes(page, 'sign-in-company-asked');

    // A company the name is not in: the same answer as a wrong password; the field stays.
    await company.fill('Initech');
    await form.getByRole('button', { name: 'Sign in', exact: true }).click();
    await expect(form.getByRole('alert')).toHaveText('Wrong user name, email or password');
    await expect(company).toBeVisible();

    await company.fill('globex');
    await form.getByRole('button', { name: 'Sign in', exact: true }).click();
    // Globex's Anna speaks Swedish: the phone registers under her SIP name.
    await expect(page.getByRole('status').filter({ hasText: 'Telefonen är redo' })).toBeVisible({ timeout: 20_000 });
    await screenshot(page, 'sign-in-company-signed-in');
  } finally {
    await context.close();
  }
});
