/**
 * Call setup time (dial → established, the callee answering at once) with media through the
 * bridge (two Chromium pages running the renderer's media engine, reached over the loopback
 * WebSocket transport) against media in-process (the SDP-only stand-in), both through the real
 * SIP engine, Kamailio and profile server. Prints figures and their ratio; asserts nothing.
 *
 *   node --import tsx bench/media-bridge.ts      (BENCH_CALLS=n to change the number of calls)
 */
import { chromium } from '@playwright/test';
import type { SessionDescriptionHandlerFactory } from 'sip.js';
import { chromiumArgs } from '../playwright.config';
import { startKamailio, type RunningKamailio } from '../scripts/pbx/kamailio';
import { bridgedMediaFactory } from '../src/main/media/bridgedSessionDescriptionHandler';
import { createMediaPort, type MediaEnginePort } from '../src/main/media/mediaPort';
import { startMediaEngineServer } from '../src/main/media/webSocketTransport';
import { createSdpOnlyMediaFactory } from '../src/main/sip/sdpOnlyMedia';
import type { MediaOp } from '../src/shared/media';
import { buildAndServeMediaPage } from '../test/support/mediaPage';
import { startTestServer, type TestServer } from '../test/support/server';
import { CallLog, startSoftphone } from '../test/support/softphones';

const CALLS = Number(process.env.BENCH_CALLS ?? 10);

interface Summary {
  median: number;
  p90: number;
  mean: number;
}

function summarise(samples: number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
  return { median: at(0.5), p90: at(0.9), mean: samples.reduce((sum, x) => sum + x, 0) / samples.length };
}

const ms = (value: number) => `${value.toFixed(1)} ms`;

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

/** Dials bob from alice `calls` times (plus one warm-up), returning each setup time. */
async function measureCalls(
  server: TestServer,
  pbx: RunningKamailio,
  callerMedia: SessionDescriptionHandlerFactory,
  calleeMedia: SessionDescriptionHandlerFactory,
  calls: number,
): Promise<number[]> {
  const alice = await startSoftphone({ server, wsUrl: pbx.wsUrl, userName: 'alice', mediaFactory: callerMedia });
  const bob = await startSoftphone({ server, wsUrl: pbx.wsUrl, userName: 'bob', mediaFactory: calleeMedia, autoAnswer: true });
  const aliceCalls = new CallLog(alice.engine);
  const bobCalls = new CallLog(bob.engine);
  const samples: number[] = [];
  try {
    for (let i = 0; i <= calls; i++) {
      const startedAt = performance.now();
      const callId = await alice.engine.dial(server.company.users.bob!.numbers!.extension!);
      const outcome = await aliceCalls.waitFor((c) => c.id === callId && (c.state === 'active' || c.state === 'ended'), 20_000, 'set up');
      const elapsed = performance.now() - startedAt;
      if (outcome.state !== 'active') throw new Error(`call ${i} failed: ${outcome.endReason ?? 'no reason'}`);
      if (i > 0) samples.push(elapsed); // call 0 warms up caches, connections and the pages
      const endedBefore = bobCalls.snapshots.filter((c) => c.state === 'ended').length;
      await alice.engine.hangUp(callId);
      await aliceCalls.waitFor((c) => c.id === callId && c.state === 'ended', 10_000, 'ended at alice');
      await bobCalls.waitFor(() => bobCalls.snapshots.filter((c) => c.state === 'ended').length > endedBefore, 10_000, 'ended at bob');
    }
  } finally {
    aliceCalls.dispose();
    bobCalls.dispose();
    await alice.stop().catch(() => undefined);
    await bob.stop().catch(() => undefined);
  }
  return samples;
}

async function main(): Promise<void> {
  const server = await startTestServer();
  const pbx = await startKamailio({ profileServerUrl: server.url, pbxSecret: server.pbxSecret, domain: server.sipDomain });
  const site = await buildAndServeMediaPage();
  const bridge = await startMediaEngineServer();
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: chromiumArgs });
  try {
    const inProcess = await measureCalls(server, pbx, createSdpOnlyMediaFactory(), createSdpOnlyMediaFactory(), CALLS);

    const ports: MediaEnginePort[] = [];
    const timings = new Map<string, number[]>();
    for (const name of ['alice', 'bob']) {
      const page = await (await browser.newContext()).newPage();
      const arrival = bridge.waitForEngine(name, 15_000);
      await page.goto(site.pageUrl(name, bridge.engineUrl));
      ports.push(timedPort(createMediaPort(await arrival, { timeoutMs: 5000 }), timings));
    }
    const bridged = await measureCalls(server, pbx, bridgedMediaFactory(ports[0]!), bridgedMediaFactory(ports[1]!), CALLS);
    for (const port of ports) port.dispose();

    const a = summarise(inProcess);
    const b = summarise(bridged);
    console.log(`media bridge: call setup, dial → established (callee answers at once), ${CALLS} calls each`);
    console.log(`  media in-process (SDP-only): median ${ms(a.median)}, p90 ${ms(a.p90)}, mean ${ms(a.mean)}`);
    console.log(`  media through the bridge   : median ${ms(b.median)}, p90 ${ms(b.p90)}, mean ${ms(b.mean)}`);
    console.log(`  ratio bridge / in-process  : ${(b.median / a.median).toFixed(2)}× (medians)`);
    const ops = [...timings.entries()].map(([op, list]) => `${op} ${ms(summarise(list).median)}`).join(', ');
    console.log(`  bridge round trips (median, incl. WebRTC work in the page): ${ops}`);
  } finally {
    await browser.close();
    await bridge.close();
    await site.close();
    await pbx.stop();
    await server.stop();
  }
}

await main();
