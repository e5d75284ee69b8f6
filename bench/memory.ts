/**
 * Memory and idle CPU (`npm run bench -- memory`). Prints one table; asserts nothing.
 *
 *   - renderer: the built renderer (out/renderer) in Chromium with a stand-in `window.softphone`
 *     that pushes events as main does, and a stand-in media channel so the media engine boots
 *     (with its warm spare connection). A simulated hour-long day is pushed at full speed:
 *     calls (each dialling → ringing → connected → ended, plus its history entry), profile
 *     switches and colleague-availability pushes. JS heap (after GC, CDP) before and after.
 *   - main: the client's main-process services (composeClient without Electron, as the
 *     integration tests start them) in their own Node process, signed in and registered with
 *     the real Kamailio, after real calls; RSS and JS heap after GC.
 *   - idle: CPU of each with nothing happening for BENCH_IDLE_SECONDS (30), and what is left
 *     running that could wake it (timers in the renderer page, active handles in main).
 *
 *   node --import tsx bench/memory.ts   (BENCH_DAY_CALLS=n, BENCH_IDLE_SECONDS=n)
 */
import { fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { chromiumArgs } from '../playwright.config';
import { rendererDir, serveRendererWith } from '../scripts/harness/site';
import type { ClientSnapshot } from '../src/shared/ipc';
import { startServerWithPbx } from '../test/support/pbxStack';
import { passwordOf } from '../test/support/server';
import { startSoftphone } from '../test/support/softphones';
import { createSdpOnlyMediaFactory } from '../src/main/sip/sdpOnlyMedia';
import { snapshot } from './renderer';

const DAY_CALLS = Number(process.env.BENCH_DAY_CALLS ?? 120);
const IDLE_SECONDS = Number(process.env.BENCH_IDLE_SECONDS ?? 30);
const MB = 1024 * 1024;

/** The stand-in host: `window.softphone` answering the snapshot and pushing events; a silent media channel; a timer census. */
function hostScript(state: ClientSnapshot): string {
  const json = JSON.stringify(state).replace(/</g, '\\u003c');
  return `<script>
  (() => {
    const listeners = {};
    window.softphone = {
      snapshot: async () => (${json}),
      invoke: async () => ({ ok: true }),
      on: (name, listener) => { (listeners[name] ??= new Set()).add(listener); return () => listeners[name].delete(listener); },
    };
    window.benchEmit = (name, payload) => { for (const listener of listeners[name] ?? []) listener(payload); };
    window.softphoneMedia = { send: () => undefined, onMessage: () => () => undefined };
    // timer census: intervals alive now, and timeouts set during a window
    const intervals = new Map();
    const nativeSetInterval = window.setInterval.bind(window);
    const nativeClearInterval = window.clearInterval.bind(window);
    const nativeSetTimeout = window.setTimeout.bind(window);
    window.benchTimers = { intervals, timeouts: 0 };
    window.setInterval = (fn, ms, ...rest) => { const id = nativeSetInterval(fn, ms, ...rest); intervals.set(id, { ms, where: (new Error().stack || '').split('\\n').slice(2, 4).join(' ').trim() }); return id; };
    window.clearInterval = (id) => { intervals.delete(id); nativeClearInterval(id); };
    window.setTimeout = (fn, ms, ...rest) => { window.benchTimers.timeouts++; return nativeSetTimeout(fn, ms, ...rest); };
  })();
  </script>`;
}

/** Pushes the day into the page: calls with history, profile switches, colleagues' availability. */
async function simulateDay(page: Page, state: ClientSnapshot, calls: number): Promise<void> {
  await page.evaluate(
    ({ base, calls }) => {
      const emit = (window as unknown as { benchEmit(name: string, payload: unknown): void }).benchEmit;
      const profiles = base.profiles!;
      const colleagues = Array.from({ length: 40 }, (_, i) => ({
        id: `c${i}`,
        firstName: `Colleague${i}`,
        lastName: 'Test',
        userName: `colleague${i}`,
        numbers: { extension: String(2000 + i) },
        profile: { name: 'Available', available: true, until: null },
        inCall: false,
      }));
      let history: unknown[] = [...base.history];
      let clock = Date.parse('2026-12-02T08:00:00Z');
      for (let i = 0; i < calls; i++) {
        clock += 30_000; // an hour-long day: 120 calls, one every 30 s
        const at = new Date(clock).toISOString();
        const call = {
          id: `call${i}`,
          direction: i % 2 ? 'incoming' : 'outgoing',
          state: 'dialing',
          party: { number: String(1001 + (i % 40)), displayName: `Colleague${i % 40} Test` },
          calledNumber: null,
          calledType: null,
          queueName: null,
          held: false,
          muted: false,
          startedAt: at,
          answeredAt: null,
          endedAt: null,
          endReason: null,
        };
        for (const step of ['ringing', 'active', 'held', 'active'])
          emit('calls', [{ ...call, state: step, held: step === 'held', answeredAt: step === 'ringing' ? null : at }]);
        emit('calls', []);
        history = [
          { id: `h-day-${i}`, direction: call.direction, party: call.party, calledNumber: null, startedAt: at, answeredAt: at, endedAt: at, outcome: 'answered', forwardedTo: null, reason: null },
          ...history,
        ].slice(0, 500);
        emit('history', history);
        // colleagues' availability pushes, several per call
        for (let k = 0; k < 10; k++) {
          const who = (i * 10 + k) % colleagues.length;
          colleagues[who] = { ...colleagues[who]!, inCall: !colleagues[who]!.inCall, profile: { name: k % 2 ? 'Meeting' : 'Available', available: k % 2 === 0, until: null } };
          emit('people', [...colleagues]);
        }
        if (i % 3 === 0) {
          const next = profiles.profiles[(i / 3) % profiles.profiles.length]!;
          emit('profiles', { ...profiles, revision: profiles.revision + i, effective: { ...profiles.effective, profileId: next.id, reason: 'manual', since: at } });
        }
      }
    },
    { base: state, calls },
  );
}

async function heapMb(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  await cdp.detach();
  return usedSize / MB;
}

async function rendererFigures(): Promise<{ bootHeap: number; dayHeap: number; idleCpu: number; intervals: string[]; timeouts: number }> {
  if (!existsSync(join(rendererDir, 'index.html'))) throw new Error('no renderer build (out/renderer): run `npm run build` first');
  const state = snapshot(true);
  const site = await serveRendererWith(hostScript(state));
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: chromiumArgs });
  try {
    const page = await browser.newPage({ viewport: { width: 420, height: 720 } });
    await page.goto(site.url);
    await page.waitForFunction(() => performance.getEntriesByName('softphone:first-render').length > 0);
    await page.waitForTimeout(2000); // the media engine chunk loads after the first screen
    const bootHeap = await heapMb(page);
    await simulateDay(page, state, DAY_CALLS);
    await page.waitForTimeout(1500); // let the last renders and the spare's renewal settle
    const dayHeap = await heapMb(page);

    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    const taskSeconds = async () => {
      const { metrics } = await cdp.send('Performance.getMetrics');
      return metrics.find((m) => m.name === 'TaskDuration')?.value ?? NaN;
    };
    await page.evaluate(() => ((window as unknown as { benchTimers: { timeouts: number } }).benchTimers.timeouts = 0));
    const before = await taskSeconds();
    const startedAt = performance.now();
    await new Promise((wake) => setTimeout(wake, IDLE_SECONDS * 1000));
    const idleCpu = ((await taskSeconds()) - before) * 1000 / ((performance.now() - startedAt) / 1000);
    const census = await page.evaluate(() => {
      const timers = (window as unknown as { benchTimers: { intervals: Map<number, { ms: number; where: string }>; timeouts: number } }).benchTimers;
      return { intervals: [...timers.intervals.values()].map((t) => `every ${t.ms} ms at ${t.where}`), timeouts: timers.timeouts };
    });
    await cdp.detach();
    return { bootHeap, dayHeap, idleCpu, ...census };
  } finally {
    await browser.close();
    await site.close();
  }
}

interface MainMeasure {
  rss: number;
  heapUsed: number;
  cpuMsPerSecond: number;
  resources: string[];
  timers: string[];
}

async function mainFigures(): Promise<{ signedIn: MainMeasure; afterCalls: MainMeasure }> {
  const { server, pbx } = await startServerWithPbx();
  const bob = await startSoftphone({ server, wsUrl: pbx.wsUrl, userName: 'bob', mediaFactory: createSdpOnlyMediaFactory(), autoAnswer: true });
  const child = fork(resolve(import.meta.dirname, 'lib/mainServices.ts'), [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, BENCH_CLIENT: JSON.stringify({ serverUrl: server.url, pbxUrl: pbx.wsUrl, userName: 'alice', password: passwordOf('alice') }) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const next = (kind: string) =>
    new Promise<Record<string, unknown>>((done, fail) => {
      const onMessage = (message: Record<string, unknown>) => {
        if (message.kind === 'error') fail(new Error(String(message.message)));
        else if (message.kind === kind) done(message);
        else return;
        child.off('message', onMessage);
      };
      child.on('message', onMessage);
      child.once('exit', (code) => fail(new Error(`the main-services process exited (${code})`)));
    });
  try {
    await next('ready');
    const measure = () => {
      const answer = next('measured');
      child.send({ kind: 'measure', idleMs: IDLE_SECONDS * 1000 });
      return answer as Promise<unknown> as Promise<MainMeasure>;
    };
    const signedIn = await measure();
    const done = next('done');
    child.send({ kind: 'calls', target: server.company.users.bob!.numbers!.extension!, count: Math.min(DAY_CALLS, 40) });
    await done;
    const afterCalls = await measure();
    child.send({ kind: 'stop' });
    return { signedIn, afterCalls };
  } finally {
    if (child.exitCode === null) child.kill();
    await bob.stop().catch(() => undefined);
    await pbx.stop();
    await server.stop();
  }
}

function summariseResources(resources: string[]): string {
  const counts = new Map<string, number>();
  for (const name of resources) counts.set(name, (counts.get(name) ?? 0) + 1);
  return [...counts.entries()].map(([name, n]) => `${n}× ${name}`).join(', ');
}

async function main(): Promise<void> {
  const renderer = await rendererFigures();
  const main = await mainFigures();
  const row = (label: string, value: string) => console.log(`  ${label.padEnd(58)}${value}`);
  console.log(`memory and idle CPU (simulated day: ${DAY_CALLS} calls, ${DAY_CALLS * 10} availability pushes, ${Math.ceil(DAY_CALLS / 3)} profile switches; idle: ${IDLE_SECONDS} s)`);
  row('renderer JS heap after start (after GC)', `${renderer.bootHeap.toFixed(1)} MB`);
  row('renderer JS heap after the simulated day (after GC)', `${renderer.dayHeap.toFixed(1)} MB`);
  row('renderer idle CPU (CDP TaskDuration)', `${renderer.idleCpu.toFixed(2)} ms/s`);
  row('renderer intervals running when idle', renderer.intervals.length === 0 ? 'none' : renderer.intervals.join('; '));
  row(`renderer timeouts set while idle (${IDLE_SECONDS} s)`, String(renderer.timeouts));
  row('main services RSS, signed in + registered (after GC)', `${(main.signedIn.rss / MB).toFixed(1)} MB (JS heap ${(main.signedIn.heapUsed / MB).toFixed(1)} MB)`);
  row(`main services RSS after ${Math.min(DAY_CALLS, 40)} real calls (after GC)`, `${(main.afterCalls.rss / MB).toFixed(1)} MB (JS heap ${(main.afterCalls.heapUsed / MB).toFixed(1)} MB)`);
  row('main services idle CPU (process.cpuUsage)', `${main.signedIn.cpuMsPerSecond.toFixed(2)} ms/s signed in, ${main.afterCalls.cpuMsPerSecond.toFixed(2)} ms/s after the calls`);
  row('main services handles alive when idle', summariseResources(main.afterCalls.resources));
  console.log('  main services timers alive when idle:');
  for (const timer of main.afterCalls.timers) console.log(`    ${timer}`);
}

await main();
