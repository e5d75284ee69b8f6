/** Choosing the store backend by configuration (issue 15): a postgres:// URL, else SQLite. */
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/server/config';
import { describeStore } from '../../../src/server/db/open-store';
import { redactedUrl } from '../../../src/server/db/pg-store';

describe('server configuration: the database', () => {
  it('is the SQLite file unless DATABASE_URL or --database-url names PostgreSQL', () => {
    expect(loadConfig([], {}).config.databaseUrl).toBeUndefined();
    const fromEnv = loadConfig([], { DATABASE_URL: 'postgres://ps:secret@db.internal:5432/profiles', DATABASE_POOL_SIZE: '25' }).config;
    expect(fromEnv).toMatchObject({ databaseUrl: 'postgres://ps:secret@db.internal:5432/profiles', databasePoolSize: 25 });
    expect(loadConfig(['--database-url=postgresql://h/x'], { DATABASE_URL: 'postgres://other/y' }).config.databaseUrl).toBe('postgresql://h/x');
  });

  it('refuses a URL that is not PostgreSQL, naming the setting', () => {
    expect(() => loadConfig([], { DATABASE_URL: 'mysql://h/x' })).toThrow(/postgres:\/\/[\s\S]*databaseUrl/);
    expect(() => loadConfig([], { DATABASE_POOL_SIZE: '0' })).toThrow(/databasePoolSize/);
  });

  it('never shows the password when it names the database', () => {
    const { config } = loadConfig([], { DATABASE_URL: 'postgres://ps:secret@db.internal:5432/profiles' });
    expect(describeStore(config)).toBe('database postgres://db.internal:5432/profiles');
    expect(redactedUrl('postgres://ps:secret@db.internal/profiles')).not.toContain('secret');
    expect(describeStore(loadConfig([], {}).config)).toBe('database ./profile-server.sqlite');
  });
});
