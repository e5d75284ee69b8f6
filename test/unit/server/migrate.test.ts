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
});
