/**
 * Migration 013 (issue 12): users get a SIP account name of their own. Existing users keep their
 * user name as SIP name (nothing changes for them); a user name that is an email address gets a
 * generated SIP name and a stale HA1. User names become unique per company; SIP names stay
 * unique everywhere, desk phones' included.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { loadMigrations, migrate } from '../../../src/server/db/migrate';
import { generatedSipUser, isPlainSipUser, preferredSipUser } from '../../../src/server/db/sip-names';
import { SqliteStore } from '../../../src/server/db/sqlite-store';
import { UniqueViolationError } from '../../../src/server/db/store';
import { newUserRecord } from '../../../src/server/services/user-records';

const NUMBERS = '{"extension":null,"landline":null,"mobile":null,"extraExtensions":[]}';

describe('migration 013: SIP names apart from user names', () => {
  let dir = '';
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps plain user names as SIP names, generates one for email user names, and scopes user names to the company', async () => {
    dir = mkdtempSync(join(tmpdir(), 'sip-user-migration-'));
    const path = join(dir, 'old.sqlite');
    const old = new Database(path);
    migrate(old, loadMigrations().filter((m) => m.version <= 12), { sipRealm: 'pbx.example' });
    for (const company of ['c1', 'c2']) old.prepare("INSERT INTO companies (id, name, main_number, settings_json) VALUES (?, ?, NULL, '{}')").run(company, company.toUpperCase());
    const insert = old.prepare(
      `INSERT INTO users (id, company_id, user_name, email, first_name, last_name, language, role, numbers_json, custom_fields_json, created_at, sip_ha1, sip_realm)
       VALUES (?, 'c1', ?, ?, 'Fi', 'La', 'en', 'user', '${NUMBERS}', '[null,null,null]', '2026-01-01T00:00:00.000Z', ?, 'pbx.example')`,
    );
    insert.run('u1', 'Bob.Berg', 'bob@example.test', 'a'.repeat(32));
    insert.run('u2', 'Anna.Ek+work@Example.test', 'anna@example.test', 'b'.repeat(32));
    old.close();

    const store = SqliteStore.open(path, { sipRealm: 'pbx.example' });
    try {
      // Nothing changes for a user whose name works as a SIP name: same name, same HA1.
      expect(await store.getUser('u1')).toMatchObject({ userName: 'Bob.Berg', sipUser: 'Bob.Berg', sipRealm: 'pbx.example', sipHa1: 'a'.repeat(32) });
      expect((await store.findUserBySipUser('bob.berg'))?.id).toBe('u1');
      // An email user name never worked as a SIP user part: a readable generated name, HA1 stale.
      const anna = await store.getUser('u2');
      expect(anna?.sipUser).toMatch(/^anna-ek-work-[a-z2-9]{6}$/);
      expect(anna?.sipRealm).toBe('');

      const fields = { email: 'bob2@example.test', firstName: 'Bo', lastName: 'Be', role: 'user' as const, passwordHash: null, sipRealm: 'pbx.example' };
      // The same user name in another company is allowed; its SIP name must still differ.
      const sameSipName = newUserRecord({ ...fields, companyId: 'c2', userName: 'bob.berg' }, new Date());
      await expect(store.write((tx) => tx.insertUser(sameSipName))).rejects.toEqual(new UniqueViolationError('sipUser'));
      await store.write((tx) => tx.insertUser({ ...sameSipName, sipUser: 'bob-berg-x2' }));
      expect((await store.findUsersByLogin('BOB.BERG')).map((u) => u.companyId).sort()).toEqual(['c1', 'c2']);
      expect((await store.findUserByUserNameIn('c2', 'Bob.Berg'))?.sipUser).toBe('bob-berg-x2');
      // Within one company the user name stays one account.
      const twice = newUserRecord({ ...fields, companyId: 'c1', userName: 'BOB.berg' }, new Date());
      await expect(store.write((tx) => tx.insertUser({ ...twice, sipUser: 'bob-berg-x3' }))).rejects.toEqual(new UniqueViolationError('userName'));
      // Desk phones share the namespace: neither side can take the other's SIP name.
      const device = { id: 'd1', companyId: 'c1', userId: 'u1', kind: 'deskphone' as const, label: 'Desk', realm: 'pbx.example', ha1: 'c'.repeat(32), createdAt: '2026-01-01T00:00:00.000Z', passwordSetAt: '2026-01-01T00:00:00.000Z' };
      await expect(store.write((tx) => tx.insertDevice({ ...device, sipUser: 'BOB-BERG-X2' }))).rejects.toEqual(new UniqueViolationError('sipUser'));
      await store.write((tx) => tx.insertDevice({ ...device, sipUser: 'desk-abcdefgh' }));
      const taker = newUserRecord({ ...fields, companyId: 'c2', userName: 'carl', email: 'carl@example.test' }, new Date());
      await expect(store.write((tx) => tx.insertUser({ ...taker, sipUser: 'Desk-ABCDEFGH' }))).rejects.toEqual(new UniqueViolationError('sipUser'));
    } finally {
      await store.close();
    }
  });
});

describe('SIP names for user names', () => {
  it('uses a plain user name as it is and generates a readable, SIP-safe name otherwise', () => {
    expect(preferredSipUser('anna')).toBe('anna');
    expect(preferredSipUser('Anna.Berg')).toBe('Anna.Berg');
    for (const name of ['anna@example.com', '1234', 'voicemail', 'desk-abc', 'message-x', 'é-user', '!!']) {
      expect(isPlainSipUser(name)).toBe(false);
      const generated = preferredSipUser(name);
      expect(generated).toMatch(/^[a-z0-9][a-z0-9-]*-[a-z2-9]{6}$/);
      expect(isPlainSipUser(generated)).toBe(true);
    }
    expect(generatedSipUser('Anna.Berg@example.com')).toMatch(/^anna-berg-[a-z2-9]{6}$/);
    expect(generatedSipUser('1234')).toMatch(/^user-1234-[a-z2-9]{6}$/);
    expect(generatedSipUser('desk-abc')).toMatch(/^user-desk-abc-[a-z2-9]{6}$/);
    expect(generatedSipUser('x'.repeat(200)).length).toBeLessThanOrEqual(31);
  });
});
