/**
 * Versioned migrations: `migrations/NNN_name.sql`, applied in order, each in its own
 * transaction together with its row in `schema_version`, so a failed migration leaves the
 * database at the previous version.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type Database from 'better-sqlite3';
import { generatedSipUser } from './sip-names';

const MIGRATIONS_DIR = join(dirname(fileURLToPath(import.meta.url)), 'migrations');

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export function loadMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return readdirSync(dir)
    .filter((file) => /^\d{3}_[\w-]+\.sql$/.test(file))
    .sort()
    .map((file) => ({
      version: Number(file.slice(0, 3)),
      name: file.slice(4, -4),
      sql: readFileSync(join(dir, file), 'utf8'),
    }));
}

/** What migrations need to know about the server's configuration. */
export interface MigrationOptions {
  /** The digest realm users' SIP HA1s are computed for (010_user_sip_ha1); default: the default SIP domain. */
  sipRealm?: string;
}

const DEFAULT_SIP_REALM = 'softphone.local';

/**
 * Functions SQLite lacks that migrations use: `md5(text)`, `migration_sip_realm()` (the
 * configured realm, for 010) and `migration_generated_sip_user(user_name)` (013).
 */
function registerMigrationFunctions(db: Database.Database, options: MigrationOptions): void {
  const realm = options.sipRealm ?? DEFAULT_SIP_REALM;
  db.function('md5', { deterministic: true }, (value: unknown) => createHash('md5').update(String(value)).digest('hex'));
  db.function('migration_sip_realm', { deterministic: true }, () => realm);
  db.function('migration_generated_sip_user', (value: unknown) => generatedSipUser(String(value)));
}

/** Applies the migrations the database has not seen; returns the versions applied. */
export function migrate(db: Database.Database, migrations = loadMigrations(), options: MigrationOptions = {}): number[] {
  registerMigrationFunctions(db, options);
  db.exec(`CREATE TABLE IF NOT EXISTS schema_version (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at TEXT NOT NULL
  )`);
  const current = (db.prepare('SELECT MAX(version) AS v FROM schema_version').get() as { v: number | null }).v ?? 0;
  const applied: number[] = [];
  for (const migration of migrations) {
    if (migration.version <= current) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      db.prepare('INSERT INTO schema_version (version, name, applied_at) VALUES (?, ?, ?)').run(
        migration.version,
        migration.name,
        new Date().toISOString(),
      );
    })();
    applied.push(migration.version);
  }
  return applied;
}
