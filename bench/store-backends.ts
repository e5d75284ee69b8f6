/**
 * Store backends for `npm run bench`: revision bumps (the transaction every user change runs:
 * lock/read the revision, write revision + 1, append the change) on SQLite and on PostgreSQL
 * with one and with two store instances on the same database, 16 writers at a time: all on one
 * user (one hot row: PostgreSQL queues them on its row lock) and spread over the company's
 * users. Prints bumps per second and the latency p50/p99 of one bump. PostgreSQL is started
 * like in the tests (test/support/postgres.ts, fsync off). Prints figures; asserts nothing.
 *
 *   node --import tsx bench/store-backends.ts [--bumps 400] [--writers 16]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createServer, type RunningServer } from '../src/server/app';
import { PgStore } from '../src/server/db/pg-store';
import type { Store } from '../src/server/db/store';
import { seedCompany } from '../src/server/seed/seed-company';
import { ChangeRecorder } from '../src/server/services/changes';
import { startPostgres } from '../test/support/postgres';
import { ACME } from '../test/support/server';

const { values } = parseArgs({ options: { bumps: { type: 'string', default: '400' }, writers: { type: 'string', default: '16' } } });
const BUMPS = Number(values.bumps);
const WRITERS = Number(values.writers);

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

async function bumps(stores: Store[], userIds: string[]): Promise<string> {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: WRITERS }, async (_, writer) => {
      for (let i = next++; i < BUMPS; i = next++) {
        const store = stores[writer % stores.length] as Store;
        const userId = userIds[i % userIds.length] as string;
        const t0 = performance.now();
        await store.write((tx) => new ChangeRecorder(tx, new Date()).record(userId, 'bench', ['manualChoice']));
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return `${(BUMPS / seconds).toFixed(0).padStart(6)} bumps/s   p50 ${percentile(latencies, 50).toFixed(1).padStart(6)} ms   p99 ${percentile(latencies, 99).toFixed(1).padStart(6)} ms`;
}

async function seeded(config: { dbPath: string; databaseUrl?: string }, dir: string): Promise<{ server: RunningServer; userIds: string[] }> {
  const server = await createServer({ host: '127.0.0.1', port: 0, mailOutbox: join(dir, 'outbox.jsonl'), scryptCost: 1024, calendarRefreshMinutes: 0, logLevel: 'warn', ...config });
  const company = await seedCompany(server.ctx, ACME);
  return { server, userIds: Object.values(company.users).map((u) => u.id) };
}

const dir = mkdtempSync(join(tmpdir(), 'bench-store-'));
const postgres = await startPostgres();
try {
  console.log(`${BUMPS} revision bumps, ${WRITERS} writers at a time`);
  const lite = await seeded({ dbPath: join(dir, 's.sqlite') }, dir);
  console.log(`SQLite, one instance,          one user:  ${await bumps([lite.server.ctx.store], lite.userIds.slice(0, 1))}`);
  console.log(`SQLite, one instance,         ${lite.userIds.length} users:  ${await bumps([lite.server.ctx.store], lite.userIds)}`);
  await lite.server.close();

  const url = await postgres.createDatabase('bench');
  const pgServer = await seeded({ dbPath: join(dir, 'unused.sqlite'), databaseUrl: url }, dir);
  const second = await PgStore.open(url);
  const one = [pgServer.server.ctx.store];
  const two = [pgServer.server.ctx.store, second];
  console.log(`PostgreSQL, one instance,      one user:  ${await bumps(one, pgServer.userIds.slice(0, 1))}`);
  console.log(`PostgreSQL, one instance,     ${pgServer.userIds.length} users:  ${await bumps(one, pgServer.userIds)}`);
  console.log(`PostgreSQL, two instances,     one user:  ${await bumps(two, pgServer.userIds.slice(0, 1))}`);
  console.log(`PostgreSQL, two instances,    ${pgServer.userIds.length} users:  ${await bumps(two, pgServer.userIds)}`);
  const revision = await second.getRevision(pgServer.userIds[0] as string);
  const logged = (await second.changesSince(pgServer.userIds[0] as string, 0)).length;
  console.log(`first user's revision after the PostgreSQL runs: ${revision} (change log keeps ${logged}, pruned to the newest 200 every 50)`);
  await second.close();
  await pgServer.server.close();
} finally {
  await postgres.stop();
  rmSync(dir, { recursive: true, force: true });
}
