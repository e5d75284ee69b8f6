/**
 * Client-service figures for `npm run bench`: two client services of the same user against
 * the real profile server (temporary SQLite file), no PBX. Prints
 * - sign-in duration (address + password → signed in with snapshot, sync online),
 * - a profile switch on one client → seen by the other (p50/p95/max over N switches),
 * - replay of N commands queued offline: server back up → queue empty,
 * - the cost of recomputing the profiles view (shared rules) for a large calendar.
 * Prints figures; asserts nothing.
 *
 *   node --import tsx bench/client-sync.ts [--switches 100] [--offline 50] [--events 2000]
 */
import { parseArgs } from 'node:util';
import { buildProfilesView } from '../src/main/client/profilesView';
import type { UserSnapshot } from '../src/shared/model';
import { startClient, type TestClient } from '../test/support/clients';
import { passwordOf, startTestServer } from '../test/support/server';

const { values } = parseArgs({
  options: {
    switches: { type: 'string', default: '100' },
    offline: { type: 'string', default: '50' },
    events: { type: 'string', default: '2000' },
  },
});
const switches = Number(values.switches);
const offline = Number(values.offline);
const eventCount = Number(values.events);

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}
const ms = (value: number): string => `${value.toFixed(1)} ms`;
const summary = (label: string, samples: number[]): void => {
  const sorted = [...samples].sort((a, b) => a - b);
  console.log(
    `${label}: p50 ${ms(percentile(sorted, 50))}, p95 ${ms(percentile(sorted, 95))}, max ${ms(sorted.at(-1) ?? NaN)} (n=${sorted.length})`,
  );
};

const server = await startTestServer();
const clients: TestClient[] = [];
try {
  const signIn = async (): Promise<{ client: TestClient; took: number }> => {
    const client = await startClient();
    clients.push(client);
    const started = performance.now();
    await client.service.invoke('session.signIn', {
      serverUrl: server.url,
      userName: 'bob',
      password: passwordOf('bob'),
    });
    await client.until('connection', (c) => c.status === 'online');
    return { client, took: performance.now() - started };
  };
  const first = await signIn();
  const second = await signIn();
  console.log(`sign-in to synced: ${ms(first.took)} (first), ${ms(second.took)} (second)`);

  const profiles = first.client.service.current().profiles?.profiles ?? [];
  const seen: number[] = [];
  for (let i = 0; i < switches; i += 1) {
    const target = profiles[i % profiles.length]!;
    const arrived = second.client.until(
      'profiles',
      (p) => p?.manualChoice?.profileId === target.id && p.manualChoice.setAt !== undefined,
    );
    if (second.client.service.current().profiles?.manualChoice?.profileId === target.id) {
      await first.client.service.invoke('profiles.clearManual', null);
      await second.client.until('profiles', (p) => p?.manualChoice === null);
    }
    const started = performance.now();
    await first.client.service.invoke('profiles.switch', { profileId: target.id, until: null });
    await arrived;
    seen.push(performance.now() - started);
  }
  summary('switch on one client → seen on the other', seen);

  await server.server.close();
  await first.client.until('connection', (c) => c.status === 'offline');
  for (let i = 0; i < offline; i += 1) {
    await first.client.service.invoke('queues.setStatus', {
      queueIds: 'all',
      status: i % 2 === 0 ? 'paused' : 'active',
    });
  }
  const restarted = performance.now();
  await server.restart();
  await first.client.until('connection', (c) => c.status === 'online' && c.pendingCommands === 0);
  console.log(
    `${offline} offline commands: server listening → all replayed in ${ms(performance.now() - restarted)} (includes reconnect backoff ≤ 1 s)`,
  );

  const base = first.client.service.current().profiles;
  const day = 86_400_000;
  const snapshot: UserSnapshot = {
    userId: 'bench',
    revision: 1,
    profiles: base?.profiles ?? [],
    defaultProfileId: base?.defaultProfileId ?? null,
    manualChoice: null,
    queueOverrides: [],
    callerIdOverride: null,
    queues: [],
    allowedCallerIds: [],
    calendarEvents: Array.from({ length: eventCount }, (_, i) => ({
      id: `e${i}`,
      title: i % 3 === 0 ? 'Team meeting' : i % 3 === 1 ? 'Lunch with Bo' : 'Focus time',
      start: new Date(Date.now() + (i * day) / 10).toISOString(),
      end: new Date(Date.now() + (i * day) / 10 + 3_600_000).toISOString(),
    })),
    canEditProfiles: true,
  };
  const runs: number[] = [];
  for (let i = 0; i < 50; i += 1) {
    const started = performance.now();
    buildProfilesView(snapshot, new Date());
    runs.push(performance.now() - started);
  }
  summary(`profiles view recompute with ${eventCount} calendar events`, runs);
} finally {
  await Promise.all(clients.map((c) => c.stop()));
  await server.stop();
}
