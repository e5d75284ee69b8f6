/**
 * Every migration exists for both store backends (ARCHITECTURE.md "Store backends"): the SQLite
 * file `migrations/NNN_name.sql` and its PostgreSQL twin `migrations/postgres/NNN_name.sql`,
 * same number, same name. (The integration-pg test compares the schemas they make.)
 */
import { describe, expect, it } from 'vitest';
import { loadMigrations } from '../../../src/server/db/migrate';
import { PG_MIGRATIONS_DIR } from '../../../src/server/db/pg-migrate';

describe('migrations for SQLite and PostgreSQL', () => {
  it('have the same versions and names, numbered without gaps', () => {
    const sqlite = loadMigrations().map((m) => `${String(m.version).padStart(3, '0')}_${m.name}`);
    const postgres = loadMigrations(PG_MIGRATIONS_DIR).map((m) => `${String(m.version).padStart(3, '0')}_${m.name}`);
    const missing = sqlite.filter((name) => !postgres.includes(name)).map((name) => `migrations/postgres/${name}.sql`);
    const extra = postgres.filter((name) => !sqlite.includes(name)).map((name) => `migrations/${name}.sql`);
    expect({ missing, extra }, 'each migration needs its twin in the other directory').toEqual({ missing: [], extra: [] });
    expect(loadMigrations().map((m) => m.version)).toEqual(sqlite.map((_, i) => i + 1));
  });

  it('the PostgreSQL files use none of the SQLite-only syntax', () => {
    for (const m of loadMigrations(PG_MIGRATIONS_DIR)) {
      expect(m.sql, `${m.name}`).not.toMatch(/INSERT OR|json_extract|json_set\(|strftime|randomblob|AUTOINCREMENT|\bBLOB\b|migration_sip_realm\(\)/i);
    }
  });
});
