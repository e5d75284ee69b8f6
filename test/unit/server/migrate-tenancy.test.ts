/**
 * Migration 008 (issue 12, tenancy) on a database in today's state: another company's user
 * holds our main number as a landline, two companies' data must stay valid.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { loadMigrations, migrate } from '../../../src/server/db/migrate';

describe('migration 008: numbers per company', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('gives the main number back to its company, keeps the numbers in use valid, and adds registration links', () => {
    const dir = mkdtempSync(join(tmpdir(), 'migrate-tenancy-'));
    dirs.push(dir);
    const db = new Database(join(dir, 'db.sqlite'));
    const all = loadMigrations();
    const tenancy = all.find((m) => m.name === 'tenancy_numbers_per_company');
    expect(tenancy).toBeDefined();
    migrate(db, all.filter((m) => m.version < (tenancy?.version ?? 0)));
    db.exec(`
      INSERT INTO companies VALUES ('acme', 'Acme', '+46855500000', '{}'), ('globex', 'Globex', '+46866600000', '{}');
      INSERT INTO users (id, company_id, user_name, email, first_name, last_name, language, role, numbers_json, custom_fields_json, created_at, sip_password)
      VALUES ('u-bob', 'acme', 'bob', 'bob@x.test', 'B', 'B', 'en', 'user', '{"extension":"1002","landline":"+46855501002","mobile":null,"extraExtensions":[]}', '[null,null,null]', '2026-01-01', 's'),
             ('u-olga', 'globex', 'olga', 'olga@x.test', 'O', 'O', 'en', 'user', '{"extension":"2001","landline":"+46855500000","mobile":null,"extraExtensions":[]}', '[null,null,null]', '2026-01-01', 's');
      INSERT INTO directory_numbers VALUES ('1002', 'acme', 'internal', 'u-bob', NULL), ('+46855501002', 'acme', 'landline', 'u-bob', NULL),
        ('2001', 'globex', 'internal', 'u-olga', NULL), ('+46855500000', 'globex', 'landline', 'u-olga', NULL);
    `);
    migrate(db, all);
    const numbers = db.prepare('SELECT number, company_id AS company, type, user_id AS user FROM directory_numbers ORDER BY number').all();
    expect(numbers).toEqual([
      { number: '+46855500000', company: 'acme', type: 'main', user: null },
      { number: '+46855501002', company: 'acme', type: 'landline', user: 'u-bob' },
      { number: '+46866600000', company: 'globex', type: 'main', user: null },
      { number: '1002', company: 'acme', type: 'internal', user: 'u-bob' },
      { number: '2001', company: 'globex', type: 'internal', user: 'u-olga' },
    ]);
    const olga = db.prepare("SELECT numbers_json AS n FROM users WHERE id = 'u-olga'").get() as { n: string };
    expect(JSON.parse(olga.n)).toMatchObject({ landline: null, extension: '2001' });
    const blocks = db.prepare('SELECT first_number AS f, last_number AS l, company_id AS c FROM company_number_blocks ORDER BY f').all();
    expect(blocks).toEqual([
      { f: '+46855500000', l: '+46855500000', c: 'acme' },
      { f: '+46855501002', l: '+46855501002', c: 'acme' },
      { f: '+46866600000', l: '+46866600000', c: 'globex' },
    ]);
    // Extensions are per company now, emails too.
    db.exec("INSERT INTO directory_numbers VALUES ('1002', 'globex', 'internal', 'u-olga', NULL)");
    expect(() => db.exec("INSERT INTO directory_numbers VALUES ('+46855501002', 'globex', 'landline', 'u-olga', NULL)")).toThrow(/UNIQUE/);
    const tokens = db.prepare('SELECT registration_token AS t FROM companies').all() as { t: string }[];
    expect(tokens.every((row) => /^[0-9a-f]{48}$/.test(row.t))).toBe(true);
    expect(new Set(tokens.map((row) => row.t)).size).toBe(2);
    db.close();
  });
});
