/**
 * Issue 13, the admin's user form and CSV on the server: national numbers stored in E.164 (form,
 * API and CSV, in the company's country), allowed extensions per company (stored, unique within
 * the company, routed by the PBX answer to the same user), field errors as texts by field path,
 * the export scoped to the admin's company and re-importable, the template's note rows.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv, writeCsv } from '../../../src/server/csv/csv';
import { submitCsvJob } from '../../support/csvJobs';
import { startTestServer, type TestServer } from '../../support/server';

interface ErrorBody {
  error: string;
  message: string;
  text?: { key: string };
  details?: { fields?: Record<string, string>; texts?: Record<string, { key: string }>; field?: string };
}
interface ApiUser {
  id: string;
  userName: string;
  numbers: { extension: string | null; landline: string | null; mobile: string | null; extraExtensions: string[] };
}

describe('profile server: the admin user form and CSV (issue 13)', () => {
  let server: TestServer;
  let acme: string;
  let globex: string;
  beforeAll(async () => {
    server = await startTestServer();
    acme = await server.signIn('admin');
    globex = await server.signIn('globexadmin');
  });
  afterAll(async () => {
    await server.stop();
  });

  const create = (token: string, body: Record<string, unknown>) => server.api('/api/v1/admin/users', { token, body });
  const users = async (token: string) => (await (await server.api('/api/v1/admin/users', { token })).json()) as ApiUser[];
  const route = async (from: string, to: string) =>
    (await (await fetch(`${server.url}/pbx/v1/route?from=${from}&to=${to}`, { headers: { 'x-pbx-secret': server.pbxSecret, accept: 'application/json' } })).json()) as {
      kind: string;
      ring?: string;
    };
  const csvOf = async (token: string, template = false) => {
    const response = await server.api(`/api/v1/admin/users.csv${template ? '?template=true' : ''}`, { token });
    expect(response.status).toBe(200);
    return parseCsv(await response.text()).map((r) => r.fields);
  };

  it('stores national numbers in E.164 and allowed extensions that ring the same user', async () => {
    const response = await create(acme, {
      firstName: 'Nora',
      lastName: 'Nilsson',
      email: 'nora@example.test',
      password: 'nora-password-1',
      numbers: { extension: '1050', extraExtensions: ['1051', ' 10 52 '], landline: '08-555 001 50', mobile: '070-123 45 67' },
    });
    expect(response.status).toBe(200);
    const { user } = (await response.json()) as { user: ApiUser };
    expect(user.numbers).toEqual({ extension: '1050', extraExtensions: ['1051', '1052'], landline: '+46855500150', mobile: '+46701234567' });

    const main = await route('bob', '1050');
    expect(main).toMatchObject({ kind: 'user' });
    expect(main.ring).toBeTruthy();
    for (const extra of ['1051', '1052']) expect(await route('bob', extra)).toMatchObject({ kind: 'user', ring: main.ring });
    // Dialled nationally from outside: the stored E.164 reaches her too.
    expect(await route('', '%2B46701234567')).toMatchObject({ kind: 'user', ring: main.ring });
  });

  it('allowed extensions are unique within a company, free in another one', async () => {
    const before = (await users(acme)).length;
    const taken = await create(acme, { firstName: 'Otto', lastName: 'Ek', email: 'otto@example.test', password: 'otto-password-1', numbers: { extraExtensions: ['1051'] } });
    expect(taken.status).toBe(409);
    const body = (await taken.json()) as ErrorBody;
    expect(body.details?.field).toBe('numbers.extraExtensions');
    expect(body.text?.key).toBe('error.numberTaken');
    expect((await users(acme)).length).toBe(before);

    // Globex may use 1050–1052: its own extensions, routed within Globex only.
    const other = await create(globex, {
      firstName: 'Gösta',
      lastName: 'Glad',
      email: 'gosta@example.test',
      password: 'gosta-password-1',
      numbers: { extension: '1052', extraExtensions: ['1051'] },
    });
    expect(other.status).toBe(200);
    const acmeRing = (await route('bob', '1051')).ring;
    const globexRing = (await route('olga', '1051')).ring;
    expect(globexRing).toBe((await route('olga', '1052')).ring);
    expect(globexRing).not.toBe(acmeRing);
  });

  it('names each bad field with its path and text, and stores nothing', async () => {
    const before = (await users(acme)).length;
    const response = await create(acme, {
      firstName: 'P',
      lastName: 'Persson',
      email: 'petra@example.test',
      password: 'petra-password-1',
      numbers: { extension: '1060', extraExtensions: ['1060'], mobile: '070-12' },
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as ErrorBody;
    expect(body.details?.texts).toMatchObject({ firstName: { key: 'validation.firstName' }, 'numbers.mobile': { key: 'validation.phoneNumber' } });
    const repeated = (await (
      await create(acme, { firstName: 'Petra', lastName: 'Persson', email: 'petra@example.test', password: 'petra-password-1', numbers: { extension: '1060', extraExtensions: ['1060'] } })
    ).json()) as ErrorBody;
    expect(repeated.details?.texts).toEqual({ 'numbers.extraExtensions': { key: 'validation.extensionRepeated' } });
    expect((await users(acme)).length).toBe(before);
  });

  it('an edit reads national numbers in the company country', async () => {
    const nora = (await users(acme)).find((u) => u.userName === 'nora@example.test')!;
    const patched = await server.api(`/api/v1/admin/users/${nora.id}`, { method: 'PATCH', token: acme, body: { numbers: { mobile: '0046 70-765 43 21' } } });
    expect(patched.status).toBe(200);
    expect(((await patched.json()) as ApiUser).numbers).toMatchObject({ mobile: '+46707654321', landline: '+46855500150' });

    expect((await server.api('/api/v1/admin/company', { method: 'PATCH', token: globex, body: { country: 'GB' } })).status).toBe(200);
    const british = await create(globex, { firstName: 'Harry', lastName: 'Hill', email: 'harry@example.test', password: 'harry-password-1', numbers: { mobile: '07700 900123' } });
    expect(((await british.json()) as { user: ApiUser }).user.numbers.mobile).toBe('+447700900123');
    // Acme is still read in Sweden.
    const swedish = await create(acme, { firstName: 'Hans', lastName: 'Holm', email: 'hans@example.test', password: 'hans-password-1', numbers: { mobile: '07700 900123' } });
    expect(((await swedish.json()) as { user: ApiUser }).user.numbers.mobile).toBe('+467700900123');
  });

  it('exports only the admin’s own company, with allowed extensions; the export imports again unchanged', async () => {
    const rows = await csvOf(acme);
    const header = rows[0]!;
    const col = (name: string) => header.indexOf(name);
    const names = rows.slice(1).map((r) => r[col('User Name')]);
    expect(names).toEqual(expect.arrayContaining(['admin', 'alice', 'nora@example.test']));
    expect(names).not.toContain('olga');
    expect(names).not.toContain('gosta@example.test');
    const nora = rows.find((r) => r[col('User Name')] === 'nora@example.test')!;
    expect(nora[col('Allowed Extensions')]).toBe('1051 1052');
    expect(nora[col('Mobile')]).toBe('+46707654321');

    const globexNames = (await csvOf(globex)).slice(1).map((r) => r[1]);
    expect(globexNames).toEqual(expect.arrayContaining(['olga', 'gosta@example.test']));
    expect(globexNames).not.toContain('alice');

    const unchanged = (await (await server.api('/api/v1/admin/users/csv/dry-run', { token: acme, body: { content: writeCsv(rows) } })).json()) as {
      create: unknown[];
      change: unknown[];
      invalid: unknown[];
    };
    expect(unchanged).toEqual({ create: [], change: [], invalid: [] });

    // Edited in a spreadsheet: a national mobile and other allowed extensions.
    nora[col('Mobile')] = '070-111 22 33';
    nora[col('Allowed Extensions')] = '1053; 1054';
    const job = await submitCsvJob(server, acme, writeCsv(rows, ';'));
    expect(job).toMatchObject({ state: 'committed', result: { created: 0, changed: 1 } });
    expect((await users(acme)).find((u) => u.userName === 'nora@example.test')?.numbers).toMatchObject({ mobile: '+46701112233', extraExtensions: ['1053', '1054'] });
    expect((await route('bob', '1053')).ring).toBe((await route('bob', '1050')).ring);
  });

  it('CSV: an allowed extension taken in the company is refused, in the other company it is not', async () => {
    const header = (await csvOf(acme, true))[0]!;
    const row = (values: Record<string, string>) => header.map((h) => values[h] ?? '');
    const wanted = { 'First Name': 'Cecilia', 'Last Name': 'Cell', Email: 'cecilia@example.test', 'Allowed Extensions': '1053', Mobile: '+46 70-999 88 77' };
    const acmeReport = (await (await server.api('/api/v1/admin/users/csv/dry-run', { token: acme, body: { content: writeCsv([header, row(wanted)]) } })).json()) as {
      invalid: { line: number; problems: string[] }[];
    };
    expect(acmeReport.invalid).toEqual([{ line: 2, reason: expect.any(String), problems: ['The number 1053 already belongs to someone else.'], texts: [{ key: 'csv.problem.numberTaken', params: { number: '1053' } }] }]);
    const globexHeader = (await csvOf(globex, true))[0]!;
    const globexRow = globexHeader.map((h) => (wanted as Record<string, string>)[h] ?? '');
    const job = await submitCsvJob(server, globex, writeCsv([globexHeader, globexRow]));
    expect(job).toMatchObject({ state: 'committed', result: { created: 1, changed: 0 } });
    expect((await users(globex)).find((u) => u.userName === 'cecilia@example.test')?.numbers).toMatchObject({ extraExtensions: ['1053'], mobile: '+46709998877' });
  });

  it('the template carries allowed values and an example row, skipped when uploaded', async () => {
    const rows = await csvOf(acme, true);
    expect(rows).toHaveLength(3);
    const [header, allowed, example] = rows as [string[], string[], string[]];
    expect(allowed[header.indexOf('Role')]).toBe('user, admin or guest');
    expect(allowed[header.indexOf('Softphone Enabled')]).toBe('yes or no');
    expect(example[header.indexOf('Mobile')]).toBe('070-123 45 67');
    const report = (await (await server.api('/api/v1/admin/users/csv/dry-run', { token: acme, body: { content: writeCsv(rows) } })).json()) as unknown;
    expect(report).toEqual({ create: [], change: [], invalid: [] });
    // The example row with its note mark removed is a valid new user.
    example[0] = '';
    // (its extensions are Nora's by now)
    example[header.indexOf('Extension')] = '';
    example[header.indexOf('Allowed Extensions')] = '';
    const asUser = (await (await server.api('/api/v1/admin/users/csv/dry-run', { token: acme, body: { content: writeCsv([header, example]) } })).json()) as {
      create: { userName: string }[];
      invalid: unknown[];
    };
    expect(asUser).toMatchObject({ create: [{ userName: 'anna.svensson' }], invalid: [] });
  });

  it('the template is written in the admin’s language', async () => {
    const me = (await users(acme)).find((u) => u.userName === 'admin')!;
    await server.api(`/api/v1/admin/users/${me.id}`, { method: 'PATCH', token: acme, body: { language: 'sv' } });
    const allowed = (await csvOf(acme, true))[1]!;
    expect(allowed[0]).toMatch(/^# Tillåtna värden/);
    await server.api(`/api/v1/admin/users/${me.id}`, { method: 'PATCH', token: acme, body: { language: 'en' } });
  });

  it('sends the welcome mail when asked', async () => {
    const response = await create(acme, { firstName: 'Wilma', lastName: 'Wik', email: 'wilma@example.test', password: 'wilma-password-1', sendWelcomeEmail: true });
    expect(response.status).toBe(200);
    expect(server.mails().filter((m) => m.kind === 'welcome' && m.to === 'wilma@example.test')).toHaveLength(1);
    await create(acme, { firstName: 'Vera', lastName: 'Wik', email: 'vera@example.test', password: 'vera-password-1' });
    expect(server.mails().some((m) => m.to === 'vera@example.test')).toBe(false);
  });
});
