/**
 * Fixtures for the softphone end-to-end tests: a fresh stack per test (server, Kamailio) and
 * `client(userName)`, which starts a harnessed softphone, opens it in its own browser context
 * (its own fake microphone) and signs in through the sign-in screen.
 */
import { test as base, expect, type BrowserContext, type Locator, type Page } from '@playwright/test';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Harness } from '../../scripts/harness/harness';
import { passwordOf, type TestServerOptions } from '../support/server';
import { startSoftphoneStack, type SoftphoneStack } from '../support/softphoneStack';
import type { MediaStats } from '../../src/shared/media';

export interface Softphone {
  userName: string;
  page: Page;
  harness: Harness;
  /** Stats of the page media engine's sessions (what getStats() says in the page). */
  mediaStats(): Promise<MediaStats[]>;
}

interface Fixtures {
  /** Profile server configuration for the test (`test.use({ serverConfig: … })`). */
  serverConfig: TestServerOptions['config'];
  stack: SoftphoneStack;
  client(userName: string, options?: { password?: string; /** Registration text to wait for (default English). */ ready?: string }): Promise<Softphone>;
}

export const screenshotDir = join(import.meta.dirname, '../../artifacts/screenshots');

/** Saves a screenshot of a page or of one element (e.g. the status bar) as an artefact. */
export async function screenshot(target: Page | Locator, name: string): Promise<void> {
  await mkdir(screenshotDir, { recursive: true });
  await target.screenshot({ path: join(screenshotDir, `${name}.png`) });
}

export async function signIn(page: Page, serverUrl: string, userName: string, password: string): Promise<void> {
  await page.getByLabel('Server address').fill(serverUrl);
  await page.getByLabel('User name').fill(userName);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
}

export const test = base.extend<Fixtures>({
  serverConfig: [undefined, { option: true }],
  stack: async ({ serverConfig }, use) => {
    const log = (message: string) => {
      if (process.env.HARNESS_DEBUG === '1') console.log(message);
    };
    const stack = await startSoftphoneStack(log, { config: serverConfig });
    await use(stack);
    await stack.stop();
  },
  client: async ({ browser, stack }, use) => {
    const contexts: BrowserContext[] = [];
    await use(async (userName, options = {}) => {
      const harness = await stack.harness();
      const context = await browser.newContext({ permissions: ['microphone'], viewport: { width: 1280, height: 800 } });
      contexts.push(context);
      const page = await context.newPage();
      page.on('pageerror', (error) => console.log(`[${userName} page error] ${error.message}`));
      await page.goto(harness.url);
      await signIn(page, stack.server.url, userName, options.password ?? passwordOf(userName));
      await expect(page.getByRole('banner')).toBeVisible();
      await expect(page.getByRole('status').filter({ hasText: options.ready ?? 'Phone ready' })).toBeVisible({ timeout: 20_000 });
      return {
        userName,
        page,
        harness,
        mediaStats: () =>
          page.evaluate(async () => {
            const hooks = (window as unknown as { softphoneHarness?: { mediaEngine?: { allStats(): Promise<unknown[]> } } }).softphoneHarness;
            return (await hooks?.mediaEngine?.allStats()) ?? [];
          }) as Promise<MediaStats[]>,
      };
    });
    for (const context of contexts) await context.close();
  },
});

export { expect };
