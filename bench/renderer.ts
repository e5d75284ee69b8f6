/**
 * Renderer figures for `npm run bench`: the gzipped size of what the window loads
 * (out/renderer/assets), and the time to first render in Debian's Chromium — from navigation
 * start to the app's `softphone:first-render` mark — for the sign-in screen and for the
 * signed-in shell. The page gets a stand-in `window.softphone` that answers at once, so the
 * figure is the renderer's own cost, not the network's. Prints figures; asserts nothing.
 *
 *   node --import tsx bench/renderer.ts        (builds first when out/renderer is missing)
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { pathToFileURL } from 'node:url';
import { chromium } from '@playwright/test';
import { chromiumArgs } from '../playwright.config';
import { rendererDir, serveRendererWith } from '../scripts/harness/site';
import { ProfileFields, type Profile } from '../src/shared/model';
import type { ClientSnapshot } from '../src/shared/ipc';

const RUNS = 7;

export interface RendererBenchResult {
  files: { name: string; bytes: number; gzipBytes: number }[];
  totalGzipBytes: number;
  /** What index.html loads before the first screen (the rest are chunks loaded on demand). */
  initialGzipBytes: number;
  firstRenderMs: { signedOut: number[]; signedIn: number[] };
  /** When the app bundle started to run (navigation start → `softphone:start`), same runs. */
  bundleStartMs: { signedOut: number[]; signedIn: number[] };
}

function profile(id: string, name: string, type: Profile['type'], colour: string): Profile {
  return {
    id,
    ...ProfileFields.parse({
      name,
      icon: 'check',
      colour,
      type,
      availability: type === 'available' ? 'available' : 'not_available',
      priority: 10,
      callerId: { softphone: { kind: 'landline' }, mobile: { kind: 'mobile' } },
      routing: { any: { kind: 'ring', devices: [{ device: 'softphone', delaySeconds: 0 }] } },
      exceptions: {},
      queues: { status: 'unchanged', scope: 'all' },
    }),
  };
}

export function snapshot(signedIn: boolean): ClientSnapshot {
  const now = new Date().toISOString();
  const profiles = [profile('p1', 'Available', 'available', '#2f7d5b'), profile('p2', 'Meeting', 'meeting', '#b34a3c'), profile('p3', 'Lunch', 'lunch', '#c98a12')];
  return {
    session: signedIn
      ? {
          status: 'signedIn',
          error: null,
          remembered: null,
          account: { serverUrl: 'http://127.0.0.1:1/', userName: 'bob', userId: 'u1', displayName: 'Bob Berg', role: 'admin', companyName: 'Acme', language: 'en' },
        }
      : { status: 'signedOut', account: null, error: null, remembered: { serverUrl: 'http://127.0.0.1:1/', userName: 'bob' } },
    registration: { status: signedIn ? 'registered' : 'unregistered', reason: null, since: signedIn ? now : null },
    connection: { status: signedIn ? 'online' : 'offline', pendingCommands: 0, lastSyncedAt: null, error: null },
    profiles: signedIn
      ? {
          revision: 1,
          profiles,
          defaultProfileId: 'p1',
          manualChoice: null,
          effective: { profileId: 'p1', reason: 'default', since: null, until: null, eventTitle: null },
          queues: [{ id: 'q1', name: 'Support', number: '+46855501100', status: 'active' }],
          callerId: { current: { kind: 'number', number: '+46855501002', label: 'Landline' }, options: [{ number: '+46855501002', label: 'Landline' }], fellBack: false },
          canEditProfiles: true,
        }
      : null,
    calls: [],
    history: Array.from({ length: 50 }, (_, i) => ({
      id: `h${i}`,
      direction: i % 2 ? 'incoming' : 'outgoing',
      party: { number: `10${String(i % 9).padStart(2, '0')}`, displayName: null },
      calledNumber: null,
      startedAt: new Date(Date.now() - i * 3_600_000).toISOString(),
      answeredAt: null,
      endedAt: null,
      outcome: i % 3 ? 'answered' : 'missed',
      forwardedTo: null,
      reason: null,
    })),
    settings: {
      audioInputId: null,
      audioOutputId: null,
      ringerOutputId: null,
      ringtone: 'classic',
      shortcuts: { answer: '', hangUp: '' },
      startAtLogin: false,
      startMinimised: false,
      language: null,
      countryCode: '46',
    },
    notices: [],
    voicemail: null,
    companyChange: null,
    people: [],
  };
}

function standInApi(state: ClientSnapshot): string {
  const json = JSON.stringify(state).replace(/</g, '\\u003c');
  return `<script>window.softphone = { snapshot: async () => (${json}), invoke: async () => ({ ok: true }), on: () => () => {} };</script>`;
}

async function bundleSizes(): Promise<RendererBenchResult['files']> {
  const assets = join(rendererDir, 'assets');
  const names = (await readdir(assets)).filter((name) => /\.(js|css)$/.test(name));
  return Promise.all(
    names.map(async (name) => {
      const content = await readFile(join(assets, name));
      return { name, bytes: (await stat(join(assets, name))).size, gzipBytes: gzipSync(content, { level: 9 }).length };
    }),
  );
}

async function firstRenderTimes(state: ClientSnapshot): Promise<{ start: number[]; render: number[] }> {
  const site = await serveRendererWith(standInApi(state));
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: chromiumArgs });
  try {
    const times: number[] = [];
    const starts: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      // A fresh context each run: nothing cached, like a cold window.
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(site.url);
      const handle = await page.waitForFunction(() => performance.getEntriesByName('softphone:first-render')[0]?.startTime ?? null);
      times.push(Number(await handle.jsonValue()));
      starts.push(await page.evaluate(() => performance.getEntriesByName('softphone:start')[0]?.startTime ?? NaN));
      await context.close();
    }
    return { start: starts, render: times };
  } finally {
    await browser.close();
    await site.close();
  }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;

export async function runRendererBench(): Promise<RendererBenchResult> {
  if (!existsSync(join(rendererDir, 'index.html'))) {
    console.log('No renderer build yet: running electron-vite build first.');
    const build = spawnSync(join(rendererDir, '../../node_modules/.bin/electron-vite'), ['build'], { stdio: 'inherit' });
    if (build.status !== 0) throw new Error('electron-vite build failed');
  }
  const files = await bundleSizes();
  const indexHtml = await readFile(join(rendererDir, 'index.html'), 'utf8');
  const initial = files.filter((file) => indexHtml.includes(`assets/${file.name}`));
  const signedOut = await firstRenderTimes(snapshot(false));
  const signedIn = await firstRenderTimes(snapshot(true));
  const result: RendererBenchResult = {
    files,
    totalGzipBytes: files.reduce((sum, f) => sum + f.gzipBytes, 0),
    initialGzipBytes: initial.reduce((sum, f) => sum + f.gzipBytes, 0),
    firstRenderMs: { signedOut: signedOut.render, signedIn: signedIn.render },
    bundleStartMs: { signedOut: signedOut.start, signedIn: signedIn.start },
  };
  console.log('renderer bundle (out/renderer/assets):');
  for (const file of files) console.log(`  ${file.name.padEnd(28)} ${(file.bytes / 1024).toFixed(1).padStart(7)} kB  gzip ${(file.gzipBytes / 1024).toFixed(1).padStart(6)} kB`);
  console.log(`  gzipped: ${(result.initialGzipBytes / 1024).toFixed(1)} kB before the first screen, ${(result.totalGzipBytes / 1024).toFixed(1)} kB in all`);
  console.log(`renderer time to first render (Chromium, ${RUNS} cold runs, median [min–max]):`);
  for (const [label, times] of Object.entries(result.firstRenderMs)) {
    const starts = result.bundleStartMs[label as keyof RendererBenchResult['bundleStartMs']];
    console.log(
      `  ${label.padEnd(10)} ${median(times).toFixed(0)} ms [${Math.min(...times).toFixed(0)}–${Math.max(...times).toFixed(0)}]` +
        `  (bundle starts running at ${median(starts).toFixed(0)} ms)`,
    );
  }
  return result;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  runRendererBench().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
