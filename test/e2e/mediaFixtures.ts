import { test as base, type Page } from '@playwright/test';
import { createMediaPort, type MediaEnginePort } from '../../src/main/media/mediaPort';
import type { MediaTransport } from '../../src/main/media/transport';
import { startMediaEngineServer, type MediaEngineServer } from '../../src/main/media/webSocketTransport';
import type { MediaStats } from '../../src/shared/media';
import { buildAndServeMediaPage, type MediaTestPage } from '../support/mediaPage';

export interface EngineHandle {
  page: Page;
  port: MediaEnginePort;
  transport: MediaTransport;
  /** Stats of every session, read in the page (what the UI would show). */
  pageStats(): Promise<MediaStats[]>;
}

interface MediaFixtures {
  bridge: MediaEngineServer;
  /** Opens a page running the media engine and returns main's port to it. */
  openEngine(name: string, options?: { timeoutMs?: number }): Promise<EngineHandle>;
}

/** Request bound used by the tests' ports: generous for a 2-core machine, still well below a hang. */
export const TEST_MEDIA_TIMEOUT_MS = 5000;

export const test = base.extend<MediaFixtures, { mediaSite: MediaTestPage }>({
  mediaSite: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const site = await buildAndServeMediaPage();
      await use(site);
      await site.close();
    },
    { scope: 'worker', timeout: 60_000 },
  ],
  // eslint-disable-next-line no-empty-pattern
  bridge: async ({}, use) => {
    const bridge = await startMediaEngineServer();
    await use(bridge);
    await bridge.close();
  },
  openEngine: async ({ browser, bridge, mediaSite }, use) => {
    const contexts: Array<{ close(): Promise<void> }> = [];
    const ports: MediaEnginePort[] = [];
    await use(async (name, options) => {
      // A context per engine: its own fake microphone, like a separate softphone.
      const context = await browser.newContext();
      contexts.push(context);
      const page = await context.newPage();
      const arrival = bridge.waitForEngine(name, 15_000);
      await page.goto(mediaSite.pageUrl(name, bridge.engineUrl));
      const transport = await arrival;
      const port = createMediaPort(transport, { timeoutMs: options?.timeoutMs ?? TEST_MEDIA_TIMEOUT_MS });
      ports.push(port);
      return {
        page,
        port,
        transport,
        pageStats: () => page.evaluate(() => window.mediaEngine?.allStats() ?? Promise.resolve([])),
      };
    });
    for (const port of ports) port.dispose();
    for (const context of contexts) await context.close().catch(() => undefined);
  },
});

export { expect } from '@playwright/test';
