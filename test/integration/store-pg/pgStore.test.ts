/**
 * The PostgreSQL store itself (issue 15), on the PostgreSQL the `integration-pg` project starts:
 * revisions under concurrent writers of two store instances, deadlocked transactions run again,
 * instances migrating at once, and the schema the twin migrations make against SQLite's.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChangeRecorder } from '../../../src/server/services/changes';
import { PgStore } from '../../../src/server/db/pg-store';
import { loadMigrations, migrate } from '../../../src/server/db/migrate';
import { migratePg } from '../../../src/server/db/pg-migrate';
import { startTestServer, type TestServer } from '../../support/server';
import { createDatabase, dropDatabase } from '../../support/postgres';

const adminUrl = (): string => {
  const url = process.env.TEST_POSTGRES_URL;
  if (!url) throw new Error('run with the vitest project integration-pg');
  return url;
};
const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('PgStore: concurrent writers of two instances', () => {
  let server: TestServer;
  let other: PgStore;

  beforeAll(async () => {
    server = await startTestServer();
    expect(server.databaseUrl, 'the test server runs on PostgreSQL').toMatch(/^postgres:\/\//);
    other = await PgStore.open(server.databaseUrl as string, { poolSize: 10 });
  });
  afterAll(async () => {
    await other.close();
    await server.stop();
  });

  it('60 concurrent revision bumps of one user through two instances: each revision given once, none lost', async () => {
    const userId = server.company.users.alice?.id as string;
    const first = server.server.ctx.store;
    const before = (await first.getRevision(userId)) as number;
    const N = 60;
    const answers = await Promise.all(
      Array.from({ length: N }, (_, i) =>
        (i % 2 === 0 ? first : other).write(async (tx) => {
          // a little work between the bump and the commit, as a real change has
          await delay(Math.random() * 3);
          const change = await new ChangeRecorder(tx, new Date()).record(userId, `writer ${i}`, ['manualChoice']);
          await delay(Math.random() * 3);
          return change.revision;
        }),
      ),
    );
    const expected = Array.from({ length: N }, (_, i) => before + 1 + i);
    expect([...answers].sort((a, b) => a - b)).toEqual(expected);
    expect(await other.getRevision(userId)).toBe(before + N);
    const logged = (await first.changesSince(userId, before)).map((c) => c.revision);
    expect(logged).toEqual(expected);
    // every writer's change is in the log exactly once
    const reasons = (await first.changesSince(userId, before)).map((c) => c.reason).sort();
    expect(new Set(reasons).size).toBe(N);
  });

  it('two transactions locking two users in opposite orders both commit (the deadlock victim runs again)', async () => {
    const a = server.company.users.bob?.id as string;
    const b = server.company.users.carol?.id as string;
    const [ra0, rb0] = [(await other.getRevision(a)) as number, (await other.getRevision(b)) as number];
    let runs = 0;
    const bumpBoth = (store: PgStore | typeof server.server.ctx.store, order: [string, string]) =>
      store.write(async (tx) => {
        runs++;
        const recorder = new ChangeRecorder(tx, new Date());
        await recorder.record(order[0], 'pair', ['manualChoice']);
        await delay(150);
        await recorder.record(order[1], 'pair', ['manualChoice']);
      });
    await Promise.all([bumpBoth(server.server.ctx.store, [a, b]), bumpBoth(other, [b, a])]);
    expect(runs).toBe(3);
    expect(await other.getRevision(a)).toBe(ra0 + 2);
    expect(await other.getRevision(b)).toBe(rb0 + 2);
  });
});

describe('PgStore: migrations', () => {
  const databases: string[] = [];
  afterAll(async () => {
    for (const url of databases) await dropDatabase(adminUrl(), url);
  });

  it('three instances starting at once on an empty database: one migrates, all open', async () => {
    const url = await createDatabase(adminUrl(), 'migrate');
    databases.push(url);
    const stores = await Promise.all([PgStore.open(url), PgStore.open(url), PgStore.open(url)]);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const versions = (await client.query<{ version: number }>('SELECT version FROM schema_version ORDER BY version')).rows.map((r) => r.version);
    await client.end();
    await Promise.all(stores.map((s) => s.close()));
    expect(versions.length).toBeGreaterThanOrEqual(15);
    expect(new Set(versions).size).toBe(versions.length);
  });

  it('a failed migration is undone and names itself; the ones before it stay', async () => {
    const url = await createDatabase(adminUrl(), 'broken');
    databases.push(url);
    const dir = mkdtempSync(join(tmpdir(), 'pg-migrations-'));
    writeFileSync(join(dir, '001_one.sql'), 'CREATE TABLE a (x INTEGER);');
    writeFileSync(join(dir, '002_broken.sql'), 'CREATE TABLE b (y INTEGER); INSERT INTO nowhere VALUES (1);');
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await expect(migratePg(client, loadMigrations(dir))).rejects.toThrow(/002_broken failed: .*nowhere/);
      expect((await client.query('SELECT MAX(version) AS v FROM schema_version')).rows).toEqual([{ v: 1 }]);
      expect((await client.query("SELECT to_regclass('a') IS NOT NULL AS a, to_regclass('b') IS NOT NULL AS b")).rows).toEqual([{ a: true, b: false }]);
    } finally {
      await client.end();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('makes the same tables, columns (type, null, key) and indexes as the SQLite migrations', async () => {
    const url = await createDatabase(adminUrl(), 'shape');
    databases.push(url);
    await (await PgStore.open(url)).close();
    const dir = mkdtempSync(join(tmpdir(), 'shape-'));
    const db = new Database(join(dir, 's.sqlite'));
    migrate(db);

    type Column = { table: string; column: string; type: string; notNull: boolean; pk: boolean };
    const kind = (type: string): string => {
      const t = type.toLowerCase();
      if (/int/.test(t)) return 'integer';
      if (/blob|bytea/.test(t)) return 'bytes';
      return 'text';
    };
    const sqliteColumns: Column[] = [];
    const sqliteIndexes: string[] = [];
    for (const { name } of db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[]) {
      for (const c of db.prepare(`PRAGMA table_info("${name}")`).all() as { name: string; type: string; notnull: number; pk: number }[]) {
        // SQLite lets a primary key column be null unless declared otherwise; PostgreSQL never does
        sqliteColumns.push({ table: name, column: c.name, type: kind(c.type), notNull: c.notnull === 1 || c.pk > 0, pk: c.pk > 0 });
      }
    }
    for (const { name } of db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name").all() as { name: string }[]) sqliteIndexes.push(name);
    db.close();
    rmSync(dir, { recursive: true, force: true });

    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const pgColumns = (
      await client.query<{ table_name: string; column_name: string; data_type: string; is_nullable: string; pk: boolean }>(
        `SELECT c.table_name, c.column_name, c.data_type, c.is_nullable,
                EXISTS (SELECT 1 FROM information_schema.key_column_usage k JOIN information_schema.table_constraints t
                          ON t.constraint_name = k.constraint_name AND t.table_name = k.table_name
                        WHERE t.constraint_type = 'PRIMARY KEY' AND k.table_name = c.table_name AND k.column_name = c.column_name) AS pk
         FROM information_schema.columns c WHERE c.table_schema = 'public' ORDER BY c.table_name, c.ordinal_position`,
      )
    ).rows
      // SQLite's implicit rowid, explicit on PostgreSQL where the store orders by it
      .filter((c) => c.column_name !== 'rowid')
      .map((c): Column => ({ table: c.table_name, column: c.column_name, type: kind(c.data_type), notNull: c.is_nullable === 'NO', pk: c.pk }));
    const pgIndexes = (
      await client.query<{ name: string }>(
        `SELECT indexname AS name FROM pg_indexes WHERE schemaname = 'public' AND indexname NOT LIKE '%_pkey' ORDER BY indexname`,
      )
    ).rows.map((r) => r.name);
    await client.end();

    const byName = (a: Column, b: Column) => `${a.table}.${a.column}`.localeCompare(`${b.table}.${b.column}`);
    expect(pgColumns.sort(byName)).toEqual(sqliteColumns.sort(byName));
    expect(pgIndexes.sort()).toEqual(sqliteIndexes.sort());
  });
});
