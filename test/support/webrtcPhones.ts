/**
 * Softphones with real WebRTC media for Node integration tests and benchmarks: the SIP engine
 * runs here (as in the app's main process) and each phone's media engine runs in its own
 * Chromium page (the renderer's engine, test/support/mediaPage.ts), reached over the loopback
 * media bridge. Chromium's fake microphone beeps, so a receiver's audio level shows sound.
 */
import { chromium, type Browser, type Page } from '@playwright/test';
import { chromiumArgs } from '../../playwright.config';
import { bridgedMediaFactory, type BridgedMediaOptions } from '../../src/main/media/bridgedSessionDescriptionHandler';
import { createMediaPort, type MediaEnginePort } from '../../src/main/media/mediaPort';
import { startMediaEngineServer, type MediaEngineServer } from '../../src/main/media/webSocketTransport';
import type { MediaStats } from '../../src/shared/media';
import { buildAndServeMediaPage, type MediaTestPage } from './mediaPage';
import type { TestServer } from './server';
import { startSoftphone, type Softphone } from './softphones';

export interface WebrtcPhone extends Softphone {
  page: Page;
  port: MediaEnginePort;
  /** Stats of every media session of this phone, read in its page. */
  stats(): Promise<MediaStats[]>;
}

export interface MediaLab {
  /** Opens a media page for `userName` and registers a softphone using it. */
  /** `pageScript`: JavaScript run in the media page before its own scripts (Playwright addInitScript). */
  startPhone(options: { server: TestServer; wsUrl: string; userName: string; autoAnswer?: boolean; media?: BridgedMediaOptions; pageScript?: string }): Promise<WebrtcPhone>;
  close(): Promise<void>;
}

export async function startMediaLab(): Promise<MediaLab> {
  const site: MediaTestPage = await buildAndServeMediaPage();
  let bridge: MediaEngineServer | null = null;
  let browser: Browser | null = null;
  try {
    bridge = await startMediaEngineServer();
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: chromiumArgs });
  } catch (error) {
    await bridge?.close();
    await site.close();
    throw error;
  }
  const opened: Array<{ phone: Softphone; port: MediaEnginePort; close(): Promise<void> }> = [];
  const liveBridge = bridge;
  const liveBrowser = browser;
  return {
    async startPhone({ server, wsUrl, userName, autoAnswer, media, pageScript }) {
      const context = await liveBrowser.newContext();
      const page = await context.newPage();
      if (pageScript) await page.addInitScript(pageScript);
      const arrival = liveBridge.waitForEngine(userName, 15_000);
      await page.goto(site.pageUrl(userName, liveBridge.engineUrl));
      const port = createMediaPort(await arrival, { timeoutMs: 5000 });
      let phone: Softphone;
      try {
        phone = await startSoftphone({ server, wsUrl, userName, mediaFactory: bridgedMediaFactory(port, media), autoAnswer });
      } catch (error) {
        port.dispose();
        await context.close();
        throw error;
      }
      const entry = {
        phone,
        port,
        close: async () => {
          await phone.stop().catch(() => undefined);
          port.dispose();
          await context.close().catch(() => undefined);
        },
      };
      opened.push(entry);
      return {
        ...phone,
        page,
        port,
        stats: () =>
          page.evaluate(() => {
            // the test page's engine (test/e2e/fixtures/media-page/main.ts)
            const engine = (window as unknown as { mediaEngine?: { allStats(): Promise<MediaStats[]> } }).mediaEngine;
            return engine?.allStats() ?? Promise.resolve([]);
          }),
        stop: async () => {
          opened.splice(opened.indexOf(entry), 1);
          await entry.close();
        },
      };
    },
    async close() {
      for (const entry of opened.splice(0)) await entry.close();
      await liveBrowser.close();
      await liveBridge.close();
      await site.close();
    },
  };
}
