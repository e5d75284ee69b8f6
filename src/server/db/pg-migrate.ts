/**
 * Versioned migrations for PostgreSQL: `migrations/postgres/NNN_name.sql`, the twins of the
 * SQLite files in `migrations/` (same numbers and names, same schema shape; a unit test and an
 * integration test hold them together, see ARCHITECTURE.md "Store backends"). Each is applied
 * under its own savepoint together with its `schema_version` row: a failed one is undone and
 * the ones before it are committed, so the database stays at the previous version. Several
 * server instances may start at once: the run holds a transaction-scoped advisory lock, so one
 * of them migrates while the others wait, then find nothing left to do.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';
import { loadMigrations, type Migration, type MigrationOptions } from './migrate';

export const PG_MIGRATIONS_DIR = join(dirname(fileURLToPath(import.meta.url)), 'migrations', 'postgres');

/** Arbitrary, fixed: the advisory lock key all instances take while migrating. */
const MIGRATION_LOCK = 715_150_001;
const DEFAULT_SIP_REALM = 'softphone.local';

/** Applies the migrations the database has not seen; returns the versions applied. */
export async function migratePg(client: pg.ClientBase, migrations: Migration[] = loadMigrations(PG_MIGRATIONS_DIR), options: MigrationOptions = {}): Promise<number[]> {
  const applied: number[] = [];
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await client.query(`CREATE TABLE IF NOT EXISTS schema_version (
      version INTEGER PRIMARY KEY,
      name TEXT NOT NULL,
      applied_at TEXT NOT NULL
    )`);
    const current = Number((await client.query<{ v: number | null }>('SELECT MAX(version) AS v FROM schema_version')).rows[0]?.v ?? 0);
    for (const migration of migrations) {
      if (migration.version <= current) continue;
      await client.query('SAVEPOINT migration');
      try {
        await client.query("SELECT set_config('migration.sip_realm', $1, true)", [options.sipRealm ?? DEFAULT_SIP_REALM]);
        await client.query(migration.sql);
        await client.query('INSERT INTO schema_version (version, name, applied_at) VALUES ($1, $2, $3)', [migration.version, migration.name, new Date().toISOString()]);
        await client.query('RELEASE SAVEPOINT migration');
      } catch (error) {
        await client.query('ROLLBACK TO SAVEPOINT migration');
        await client.query('COMMIT');
        throw new Error(`PostgreSQL migration ${String(migration.version).padStart(3, '0')}_${migration.name} failed: ${(error as Error).message}`, { cause: error });
      }
      applied.push(migration.version);
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
  return applied;
}
