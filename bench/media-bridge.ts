/**
 * Call setup through our media bridge against sip.js running entirely in the page (as browser
 * softphones do), in one run, on the same Kamailio + rtpengine + profile server:
 *
 *   - bridge:  the product path. The SIP engine in Node (as in the app's main process), its
 *              media in a Chromium page running the renderer's media engine, reached over the
 *              loopback bridge; on both sides (alice calls bob).
 *   - in-page: sip.js bundled into a Chromium page with its own WebSocket to Kamailio and the
 *              Web session-description handler (real WebRTC); on both sides (carol calls dave).
 *   - signalling only (reference): the SIP engine with the SDP-only stand-in, no media at all.
 *
 * The two WebRTC variants alternate call by call so machine load hits both alike; the callee
 * answers as soon as its phone rings. Figures per call, one clock for Node and pages:
 *   dial → ringing      the caller receives 180 Ringing
 *   answer → audio      the callee answers → the caller's page receives its first audio RTP
 *                       (its first synchronisation source: the packet reached the track)
 *   dial → established  the caller's call is connected (200 OK handled, ACK sent)
 * Prints one table (median / p90 per figure and the bridge / in-page ratio of medians) and the
 * bridge's own round trips; asserts nothing.
 *
 *   node --import tsx bench/media-bridge.ts      (BENCH_CALLS=n to change the number of calls)
 */
import { resolve } from 'node:path';
import { chromium, type Browser, type Page } from '@playwright/test';
import type { SessionDescriptionHandlerFactory } from 'sip.js';
import { chromiumArgs } from '../playwright.config';
import { bridgedMediaFactory } from '../src/main/media/bridgedSessionDescriptionHandler';
import { createMediaPort, type MediaEnginePort } from '../src/main/media/mediaPort';
import { startMediaEngineServer, type MediaEngineServer } from '../src/main/media/webSocketTransport';
import { createSdpOnlyMediaFactory } from '../src/main/sip/sdpOnlyMedia';
import type { MediaOp } from '../src/shared/media';
import { addAudioProbe, epochNow, watchFirstAudio } from '../test/support/callTiming';
import { buildAndServeMediaPage, buildAndServePage } from '../test/support/mediaPage';
import { startServerWithPbx } from '../test/support/pbxStack';
import type { TestServer } from '../test/support/server';
import { CallLog, sipCredentialsOf, startSoftphone, type Softphone } from '../test/support/softphones';

const CALLS = Number(process.env.BENCH_CALLS ?? 15);

type Figure = 'ringing' | 'audio' | 'established';
type Samples = Record<Figure, number[]>;
const emptySamples = (): Samples => ({ ringing: [], audio: [], established: [] });

function quantiles(samples: number[]): { median: number; p90: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
  return { median: at(0.5), p90: at(0.9) };
}

/** Wraps a port to time each operation (offers apart from answers), so the figures say where bridge time goes. */
function timedPort(port: MediaEnginePort, timings: Map<string, number[]>): MediaEnginePort {
  return new Proxy(port, {
    get(target, key, receiver) {
      if (key !== 'request') return Reflect.get(target, key, receiver) as unknown;
      return async (op: MediaOp, sessionId: string | undefined, args: never) => {
        const startedAt = performance.now();
        let label: string = op;
        try {
          const result = await target.request(op, sessionId, args);
          if (op === 'getDescription') label = `getDescription (${(result as { type: string }).type})`;
          return result;
        } finally {
          const list = timings.get(label) ?? [];
          list.push(performance.now() - startedAt);
          timings.set(label, list);
        }
      };
    },
  });
}

/** A caller/callee pair that can place one measured call at a time. */
interface Pair {
  call(): Promise<{ ringing: number; audio: number | null; established: number }>;
  stop(): Promise<void>;
}

/** The SIP engine in Node on both sides; `callerPage` (when media is in a page) is where audio is watched. */
async function enginePair(
  server: TestServer,
  wsUrl: string,
  names: [string, string],
  media: [SessionDescriptionHandlerFactory, SessionDescriptionHandlerFactory],
  callerPage: Page | null,
): Promise<Pair> {
  const caller: Softphone = await startSoftphone({ server, wsUrl, userName: names[0], mediaFactory: media[0] });
  const callee: Softphone = await startSoftphone({ server, wsUrl, userName: names[1], mediaFactory: media[1] });
  const callerCalls = new CallLog(caller.engine);
  const calleeCalls = new CallLog(callee.engine);
  let answeredAt = 0;
  callee.engine.on('call', (call) => {
    if (call.direction !== 'incoming' || call.state !== 'incoming') return;
    answeredAt = epochNow();
    callee.engine.answer(call.id).catch(() => undefined); // a failed answer shows up as the call ending
  });
  const extension = server.company.users[names[1]]!.numbers!.extension!;
  return {
    async call() {
      const marks: { ringing?: number; established?: number } = {};
      const stopMarking = caller.engine.on('call', (c) => {
        if (c.state === 'ringing' || c.state === 'early') marks.ringing ??= epochNow();
        if (c.state === 'active') marks.established ??= epochNow();
      });
      const audio = callerPage ? await watchFirstAudio(callerPage) : null;
      const endedBefore = calleeCalls.snapshots.filter((c) => c.state === 'ended').length;
      const dialledAt = epochNow();
      const callId = await caller.engine.dial(extension);
      const outcome = await callerCalls.waitFor((c) => c.id === callId && (c.state === 'active' || c.state === 'ended'), 20_000, 'set up');
      if (outcome.state !== 'active') throw new Error(`call failed: ${JSON.stringify(outcome.endReason)}`);
      const heardAt = audio ? await audio.firstAudio : null;
      stopMarking();
      await caller.engine.hangUp(callId);
      await callerCalls.waitFor((c) => c.id === callId && c.state === 'ended', 10_000, 'ended at the caller');
      await calleeCalls.waitFor(() => calleeCalls.snapshots.filter((c) => c.state === 'ended').length > endedBefore, 10_000, 'ended at the callee');
      return {
        ringing: (marks.ringing ?? NaN) - dialledAt,
        audio: heardAt === null ? null : heardAt - answeredAt,
        established: (marks.established ?? NaN) - dialledAt,
      };
    },
    async stop() {
      callerCalls.dispose();
      calleeCalls.dispose();
      await caller.stop().catch(() => undefined);
      await callee.stop().catch(() => undefined);
    },
  };
}

/** The renderer's media engine in a page per phone, reached over the loopback bridge. */
async function bridgedPages(browser: Browser, bridge: MediaEngineServer, pageUrl: (name: string, bridgeUrl: string) => string, names: string[], timings: Map<string, number[]>) {
  const pages: Page[] = [];
  const ports: MediaEnginePort[] = [];
  for (const name of names) {
    const page = await (await browser.newContext()).newPage();
    await addAudioProbe(page);
    const arrival = bridge.waitForEngine(name, 15_000);
    await page.goto(pageUrl(name, bridge.engineUrl));
    pages.push(page);
    ports.push(timedPort(createMediaPort(await arrival, { timeoutMs: 5000 }), timings));
  }
  return { pages, ports };
}

interface PagePhoneApi {
  pagePhone: {
    start(account: unknown): Promise<void>;
    dial(target: string): void;
    hangUp(): Promise<void>;
    stop(): Promise<void>;
    state: string;
    marks: Record<string, number>;
    autoAnswer: boolean;
  };
}

/** sip.js entirely in a page on both sides. */
async function inPagePair(browser: Browser, server: TestServer, wsUrl: string, url: string, names: [string, string]): Promise<Pair> {
  const pages: Page[] = [];
  for (const name of names) {
    const page = await (await browser.newContext()).newPage();
    await addAudioProbe(page);
    await page.goto(url);
    await page.waitForFunction(() => document.getElementById('status')?.textContent === 'ready');
    const credentials = await sipCredentialsOf(server, name);
    const account = { wsUrl, domain: credentials.domain, user: credentials.userName, ha1: credentials.ha1, displayName: credentials.displayName };
    await page.evaluate((a) => (window as unknown as PagePhoneApi).pagePhone.start(a), account);
    pages.push(page);
  }
  const [caller, callee] = pages as [Page, Page];
  await callee.evaluate(() => ((window as unknown as PagePhoneApi).pagePhone.autoAnswer = true));
  const extension = server.company.users[names[1]]!.numbers!.extension!;
  const marksOf = (page: Page) => page.evaluate(() => (window as unknown as PagePhoneApi).pagePhone.marks);
  return {
    async call() {
      const audio = await watchFirstAudio(caller);
      await caller.evaluate((target) => (window as unknown as PagePhoneApi).pagePhone.dial(target), extension);
      await caller.waitForFunction(() => (window as unknown as PagePhoneApi).pagePhone.marks.established !== undefined, undefined, { timeout: 20_000 });
      const heardAt = await audio.firstAudio;
      const [callerMarks, calleeMarks] = [await marksOf(caller), await marksOf(callee)];
      await caller.evaluate(() => (window as unknown as PagePhoneApi).pagePhone.hangUp());
      for (const page of pages)
        await page.waitForFunction(() => (window as unknown as PagePhoneApi).pagePhone.state === 'Terminated', undefined, { timeout: 10_000 });
      return {
        ringing: (callerMarks.ringing ?? NaN) - callerMarks.dial!,
        audio: heardAt === null ? null : heardAt - (calleeMarks.answer ?? NaN),
        established: callerMarks.established! - callerMarks.dial!,
      };
    },
    async stop() {
      for (const page of pages) await page.evaluate(() => (window as unknown as PagePhoneApi).pagePhone.stop()).catch(() => undefined);
    },
  };
}

async function measure(pair: Pair, samples: Samples, counted: boolean): Promise<void> {
  const result = await pair.call();
  if (!counted) return; // the first call of each warms up caches, connections and the pages
  samples.ringing.push(result.ringing);
  samples.established.push(result.established);
  if (result.audio !== null) samples.audio.push(result.audio);
}

function printTable(rows: Array<[string, Samples | null]>, ratio: [Samples, Samples]): void {
  const figures: Array<[Figure, string]> = [
    ['ringing', 'dial → ringing'],
    ['audio', 'answer → audio'],
    ['established', 'dial → established'],
  ];
  const cell = (samples: number[]) => {
    if (samples.length === 0) return '—'.padStart(19);
    const { median, p90 } = quantiles(samples);
    return `${median.toFixed(1).padStart(7)} / ${p90.toFixed(1).padStart(7)} ms`;
  };
  console.log(`call setup, ${CALLS} calls per variant (median / p90)`);
  console.log(`  ${'variant'.padEnd(34)}${figures.map(([, label]) => label.padStart(22)).join('')}`);
  for (const [label, samples] of rows)
    console.log(`  ${label.padEnd(34)}${figures.map(([figure]) => cell(samples?.[figure] ?? []).padStart(22)).join('')}`);
  const ratios = figures.map(([figure]) => {
    const bridge = quantiles(ratio[0][figure]).median;
    const inPage = quantiles(ratio[1][figure]).median;
    return `${(bridge / inPage).toFixed(2)}×`.padStart(22);
  });
  console.log(`  ${'ratio bridge / in-page (medians)'.padEnd(34)}${ratios.join('')}`);
}

async function main(): Promise<void> {
  const { server, pbx } = await startServerWithPbx();
  const site = await buildAndServeMediaPage();
  const baseline = await buildAndServePage(resolve(import.meta.dirname, '../test/e2e/fixtures/sipjs-page'));
  const bridge = await startMediaEngineServer();
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: chromiumArgs });
  const pairs: Pair[] = [];
  try {
    const signalling = emptySamples();
    const sdpOnly = await enginePair(server, pbx.wsUrl, ['alice', 'bob'], [createSdpOnlyMediaFactory(), createSdpOnlyMediaFactory()], null);
    for (let i = 0; i <= CALLS; i++) await measure(sdpOnly, signalling, i > 0);
    await sdpOnly.stop();

    const timings = new Map<string, number[]>();
    const { pages, ports } = await bridgedPages(browser, bridge, site.pageUrl, ['alice', 'bob'], timings);
    const bridged = await enginePair(server, pbx.wsUrl, ['alice', 'bob'], [bridgedMediaFactory(ports[0]!), bridgedMediaFactory(ports[1]!)], pages[0]!);
    pairs.push(bridged);
    const inPage = await inPagePair(browser, server, pbx.wsUrl, baseline.url, ['carol', 'dave']);
    pairs.push(inPage);
    const viaBridge = emptySamples();
    const viaPage = emptySamples();
    for (let i = 0; i <= CALLS; i++) {
      await measure(bridged, viaBridge, i > 0);
      await measure(inPage, viaPage, i > 0);
    }

    printTable(
      [
        ['bridge (engine in Node, media page)', viaBridge],
        ['in-page sip.js', viaPage],
        ['signalling only (no media)', signalling],
      ],
      [viaBridge, viaPage],
    );
    const ops = [...timings.entries()].map(([op, list]) => `${op} ${quantiles(list).median.toFixed(1)} ms`).join(', ');
    console.log(`  bridge round trips (median, incl. the WebRTC work in the page): ${ops}`);
    for (const port of ports) port.dispose();
  } finally {
    for (const pair of pairs) await pair.stop().catch(() => undefined);
    await browser.close();
    await bridge.close();
    await baseline.close();
    await site.close();
    await pbx.stop();
    await server.stop();
  }
}

await main();
