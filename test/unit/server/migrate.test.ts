import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { loadMigrations, migrate } from '../../../src/server/db/migrate';

describe('migrations', () => {
  const dirs: string[] = [];
  const temp = (): string => {
    const dir = mkdtempSync(join(tmpdir(), 'migrate-test-'));
    dirs.push(dir);
    return dir;
  };
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('applies the repository migrations once and records their versions', () => {
    const db = new Database(join(temp(), 'a.sqlite'));
    expect(migrate(db)).toEqual(loadMigrations().map((m) => m.version));
    expect(migrate(db)).toEqual([]);
    const rows = db.prepare('SELECT version, name FROM schema_version').all();
    expect(rows.slice(0, 2)).toEqual([
      { version: 1, name: 'init' },
      { version: 2, name: 'audit_outlives_templates' },
    ]);
    db.close();
  });

  it('leaves the database at the previous version when a migration fails', () => {
    const dir = temp();
    const migrations = join(dir, 'migrations');
    mkdirSync(migrations);
    writeFileSync(join(migrations, '001_one.sql'), 'CREATE TABLE a (x INTEGER);');
    writeFileSync(join(migrations, '002_broken.sql'), 'CREATE TABLE b (y INTEGER); INSERT INTO nowhere VALUES (1);');
    const db = new Database(join(dir, 'b.sqlite'));
    expect(() => migrate(db, loadMigrations(migrations))).toThrow(/nowhere/);
    expect(db.prepare('SELECT MAX(version) AS v FROM schema_version').get()).toEqual({ v: 1 });
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'b'").get()).toBeUndefined();
    db.close();
  });

  it('007: a company whose self-registration made administrators registers guests again', () => {
    const db = new Database(join(temp(), 'c.sqlite'));
    const all = loadMigrations();
    migrate(db, all.filter((m) => m.version < 7));
    const settings = (role: string) => JSON.stringify({ customFieldLabels: [null, null, null], registration: 'open', registrationRole: role, invitationRole: 'admin', requireConfirmation: true });
    const insert = db.prepare('INSERT INTO companies (id, name, main_number, settings_json) VALUES (?, ?, NULL, ?)');
    insert.run('c1', 'Risky', settings('admin'));
    insert.run('c2', 'Careful', settings('user'));
    migrate(db, all);
    const roles = db.prepare("SELECT id, json_extract(settings_json, '$.registrationRole') AS r, json_extract(settings_json, '$.invitationRole') AS i FROM companies ORDER BY id").all();
    expect(roles).toEqual([
      { id: 'c1', r: 'guest', i: 'admin' },
      { id: 'c2', r: 'user', i: 'admin' },
    ]);
    db.close();
  });
});
