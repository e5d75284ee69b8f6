/**
 * Chooses the store backend from the configuration: a `databaseUrl` (`DATABASE_URL`,
 * `postgres://…`) opens PostgreSQL (pg-store.ts); without one, the SQLite file `dbPath`
 * (sqlite-store.ts), the default.
 */
import { realmOf, type ServerConfig } from '../config';
import { PgStore } from './pg-store';
import { SqliteStore } from './sqlite-store';
import type { Store } from './store';

export async function openStore(config: ServerConfig): Promise<Store> {
  if (config.databaseUrl) return PgStore.open(config.databaseUrl, { sipRealm: realmOf(config), poolSize: config.databasePoolSize });
  return SqliteStore.open(config.dbPath, { sipRealm: realmOf(config) });
}

/** Where the data lives, for the start-up line (never the password). */
export function describeStore(config: ServerConfig): string {
  if (!config.databaseUrl) return `database ${config.dbPath}`;
  const url = new URL(config.databaseUrl);
  return `database postgres://${url.host}${url.pathname}`;
}
