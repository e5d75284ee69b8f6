/**
 * Migration 010 (issue 12): users' SIP passwords become HA1s for the configured realm and the
 * plain column is gone, from the file too.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { loadMigrations, migrate } from '../../../src/server/db/migrate';
import { SqliteStore } from '../../../src/server/db/sqlite-store';

const md5 = (text: string) => createHash('md5').update(text).digest('hex');
const PLAIN = 'PlainSipSecretBefore010x';

describe('migration 010: users’ SIP passwords to HA1', () => {
  let dir = '';
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('turns each stored SIP password into its HA1 for the configured realm and drops the password', async () => {
    dir = mkdtempSync(join(tmpdir(), 'ha1-migration-'));
    const path = join(dir, 'old.sqlite');
    const old = new Database(path);
    migrate(old, loadMigrations().filter((m) => m.version <= 7));
    old.prepare("INSERT INTO companies (id, name, main_number, settings_json) VALUES ('c1', 'C', NULL, '{}')").run();
    old
      .prepare(
        `INSERT INTO users (id, company_id, user_name, email, first_name, last_name, language, role, numbers_json, custom_fields_json, created_at, sip_password)
         VALUES ('u1', 'c1', 'Bob.Berg', 'bob@example.test', 'Bob', 'Berg', 'en', 'user', '{"extension":null,"landline":null,"mobile":null,"extraExtensions":[]}', '[null,null,null]', '2026-01-01T00:00:00.000Z', ?)`,
      )
      .run(PLAIN);
    old.close();
    expect(readFileSync(path).toString('latin1')).toContain(PLAIN);

    const store = SqliteStore.open(path, { sipRealm: 'pbx.example' });
    const user = await store.getUser('u1');
    // the stored spelling of the name, as the PBX and the client use it
    expect(user).toMatchObject({ sipRealm: 'pbx.example', sipHa1: md5(`Bob.Berg:pbx.example:${PLAIN}`) });
    await store.close();

    const check = new Database(path, { readonly: true });
    const columns = (check.prepare('PRAGMA table_info(users)').all() as { name: string }[]).map((c) => c.name);
    check.close();
    expect(columns).not.toContain('sip_password');
    expect(columns).toEqual(expect.arrayContaining(['sip_ha1', 'sip_realm']));
    // secure_delete: the old value is not left behind in a free page
    expect(readFileSync(path).toString('latin1')).not.toContain(PLAIN);
  });
});
