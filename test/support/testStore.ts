/**
 * Which store backend the tests run on: SQLite (the default) or, with `STORE=postgres` (the
 * vitest project `integration-pg`, `npm run test:integration:pg`), PostgreSQL, started once per
 * run by test/support/postgresGlobalSetup.ts. Each test server gets a fresh database of its own.
 *
 * `databaseText()` and `watchDatabase()` (routeFixture.ts) read the stored data whichever
 * backend holds it, for tests that check what was (or was not) written.
 */
import { existsSync, readFileSync } from 'node:fs';
import pg from 'pg';
import { createDatabase, dropDatabase } from './postgres';

export type StoreBackend = 'sqlite' | 'postgres';

export function storeBackend(): StoreBackend {
  return process.env.STORE === 'postgres' ? 'postgres' : 'sqlite';
}

function adminUrl(): string {
  const url = process.env.TEST_POSTGRES_URL;
  if (!url) throw new Error('STORE=postgres needs TEST_POSTGRES_URL (run through the vitest project integration-pg, whose global setup starts PostgreSQL)');
  return url;
}

/** A fresh PostgreSQL database for one test server, or null on SQLite. */
export async function testDatabase(): Promise<{ url: string; drop(): Promise<void> } | null> {
  if (storeBackend() !== 'postgres') return null;
  const admin = adminUrl();
  const url = await createDatabase(admin, 'server');
  return { url, drop: () => dropDatabase(admin, url) };
}

/** Every table's rows, sorted, per table name: `SELECT *` of each, as JSON lines. */
export async function dumpPostgres(database: string | pg.Client): Promise<Map<string, string>> {
  const client = typeof database === 'string' ? new pg.Client({ connectionString: database }) : database;
  if (typeof database === 'string') await client.connect();
  try {
    const tables = await client.query<{ name: string }>("SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1");
    const rows = new Map<string, string>();
    const cell = (_key: string, value: unknown): unknown => (Buffer.isBuffer(value) ? value.toString('base64') : value);
    for (const { name } of tables.rows) {
      const all = await client.query({ text: `SELECT * FROM "${name.replaceAll('"', '""')}"`, rowMode: 'array' });
      rows.set(name, (all.rows as unknown[][]).map((row) => JSON.stringify(row, cell)).sort().join('\n'));
    }
    return rows;
  } finally {
    if (typeof database === 'string') await client.end();
  }
}

/**
 * Watches a PostgreSQL database for `watchDatabase` (routeFixture.ts): one connection; the
 * position where the next WAL record would go says cheaply that nothing was written since
 * the last look (every committed change writes WAL first; it may also move without a change,
 * which costs a dump and nothing else). Otherwise every table is dumped and compared.
 */
export async function postgresWatcher(url: string): Promise<{ changed(): Promise<Map<string, string> | null>; close(): Promise<void> }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const position = async (): Promise<string> => (await client.query<{ at: string }>('SELECT pg_current_wal_insert_lsn()::text AS at')).rows[0]?.at ?? '';
  let seen = await position();
  return {
    /** The tables' rows when something may have changed since the last call, else null. */
    async changed() {
      const now = await position();
      if (now === seen) return null;
      // taken before the dump: a write during it is seen next time (never missed)
      seen = now;
      return dumpPostgres(client);
    },
    close: () => client.end(),
  };
}

/**
 * Everything the database holds as text, to search for what must never be stored (passwords,
 * tokens): on SQLite the file and its write-ahead log as bytes (latin1 keeps every byte one
 * character, so deleted but not overwritten content counts too); on PostgreSQL every row.
 */
export async function databaseText(server: { dbPath: string; databaseUrl: string | null }): Promise<string> {
  if (server.databaseUrl) return [...(await dumpPostgres(server.databaseUrl)).values()].join('\n');
  return [server.dbPath, `${server.dbPath}-wal`].filter((path) => existsSync(path)).map((path) => readFileSync(path).toString('latin1')).join('\n');
}

/**
 * Forgets the rate limits counted so far: on PostgreSQL they are rows of `rate_limit_hits`,
 * shared by the instances and kept across a restart; on SQLite the process's memory, which a
 * restart forgets anyway.
 */
export async function clearRateLimits(server: { databaseUrl: string | null }): Promise<void> {
  if (!server.databaseUrl) return;
  const client = new pg.Client({ connectionString: server.databaseUrl });
  await client.connect();
  try {
    await client.query('DELETE FROM rate_limit_hits');
  } finally {
    await client.end();
  }
}
