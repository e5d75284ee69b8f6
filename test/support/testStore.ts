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
export async function dumpPostgres(url: string): Promise<Map<string, string>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
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
    await client.end();
  }
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
