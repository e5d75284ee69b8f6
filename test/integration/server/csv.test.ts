import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv, writeCsv } from '../../../src/server/csv/csv';
import { messages } from '../../../src/shared/rules';
import { format, formatText } from '../../../src/shared/i18n';
import type { Text } from '../../../src/shared/text';
import { insertUser, newUserRecord } from '../../../src/server/services/user-records';
import { submitCsvJob } from '../../support/csvJobs';
import { startTestServer, type TestServer } from '../../support/server';

interface Report {
  create: { line: number; userName: string }[];
  change: { line: number; id: string; fields: string[] }[];
  invalid: { line: number; reason: string; problems: string[]; texts?: Text[] }[];
}

describe('profile server: users by CSV (seed 004)', () => {
  let server: TestServer;
  let admin: string;
  beforeAll(async () => {
    server = await startTestServer();
    admin = await server.signIn('admin');
    await server.api('/api/v1/admin/company', { method: 'PATCH', token: admin, body: { customFieldLabels: ['Cost centre', null, 'Office'] } });
  });
  afterAll(async () => {
    await server.stop();
  });

  const download = async (): Promise<string[][]> => {
    const response = await server.api('/api/v1/admin/users.csv', { token: admin });
    expect(response.headers.get('content-type')).toMatch(/text\/csv/);
    const bytes = new Uint8Array(await response.arrayBuffer());
    // UTF-8 BOM, so spreadsheet programs open it as UTF-8 (fetch's text() would drop it).
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
    // Cells a spreadsheet would run as formulas (here the +46 numbers) carry the text mark.
    expect(text).toContain(`,'${server.company.users.bob?.numbers?.landline ?? 'no landline'},`);
    return parseCsv(text).map((r) => r.fields);
  };
  const users = async () => (await (await server.api('/api/v1/admin/users', { token: admin })).json()) as { id: string; userName: string; lastName: string; customFields: unknown[] }[];

  it('downloads a template with the internal id and the custom fields as the company labelled them', async () => {
    const template = await server.api('/api/v1/admin/users.csv?template=true', { token: admin });
    const rows = parseCsv(await template.text());
    // the header, the allowed values and one example row (both notes: their Internal ID starts with #)
    expect(rows).toHaveLength(3);
    expect(rows[0]?.fields).toEqual([
      'Internal ID', 'User Name', 'First Name', 'Last Name', 'Email', 'Language', 'Role', 'Extension', 'Allowed Extensions', 'Landline', 'Mobile', 'Softphone Enabled', 'Cost centre', 'Office',
    ]);
    expect(rows[1]?.fields[0]).toMatch(/^# /);
    expect(rows[2]?.fields[0]).toMatch(/^# /);
  });

  it('round trip: download, edit, dry run, submit (semicolons, quotes, newlines)', async () => {
    const rows = await download();
    const header = rows[0] as string[];
    const col = (name: string) => header.indexOf(name);
    const bob = rows.find((r) => r[col('User Name')] === 'bob') as string[];
    bob[col('Last Name')] = 'Bergström';
    bob[col('Cost centre')] = 'CC "7", north';
    const newRow = header.map(() => '');
    newRow[col('First Name')] = 'Nils';
    newRow[col('Last Name')] = 'Nyberg';
    newRow[col('Email')] = 'nils@example.test';
    newRow[col('User Name')] = 'nils';
    newRow[col('Extension')] = '1020';
    newRow[col('Office')] = 'Floor 2\nRoom 7';
    const content = writeCsv([...rows, newRow], ';');

    const dry = (await (await server.api('/api/v1/admin/users/csv/dry-run', { token: admin, body: { content } })).json()) as Report;
    expect(dry.invalid).toEqual([]);
    expect(dry.change).toEqual([expect.objectContaining({ id: server.company.users.bob?.id, fields: ['lastName', 'customFields'] })]);
    expect(dry.create).toEqual([expect.objectContaining({ userName: 'nils', line: rows.length + 1 })]);
    // Nothing is written by a dry run.
    expect((await users()).some((u) => u.userName === 'nils')).toBe(false);

    // Submitted as a raw text/csv body this time.
    const submitted = await submitCsvJob(server, admin, content);
    expect(submitted).toMatchObject({ state: 'committed', result: { created: 1, changed: 1 }, error: null });
    const after = await users();
    expect(after.find((u) => u.userName === 'bob')).toMatchObject({ lastName: 'Bergström', customFields: ['CC "7", north', null, null] });
    expect(after.find((u) => u.userName === 'nils')).toMatchObject({ customFields: [null, null, 'Floor 2\nRoom 7'] });
  });

  it('rejects a file with invalid rows, names each line and reason, and changes nothing', async () => {
    const before = await users();
    const rows = await download();
    const header = rows[0] as string[];
    const col = (name: string) => header.indexOf(name);
    const alice = rows.find((r) => r[col('User Name')] === 'alice') as string[];
    alice[col('Last Name')] = 'Changed';
    const carol = rows.find((r) => r[col('User Name')] === 'carol') as string[];
    carol[col('Internal ID')] = 'not-a-real-id';
    const bad = header.map(() => '');
    bad[col('First Name')] = 'X';
    bad[col('Last Name')] = 'Valid';
    bad[col('Email')] = 'x@example.test';
    const dup = header.map(() => '');
    dup[col('First Name')] = 'Dup';
    dup[col('Last Name')] = 'Dup';
    dup[col('Email')] = 'ALICE@example.test';
    const text = writeCsv([...rows, bad, dup]);

    const report = (await (await server.api('/api/v1/admin/users/csv/dry-run', { token: admin, body: { content: text } })).json()) as Report;
    // Physical lines: Nils's office (added above) spans two lines, so records and lines differ.
    const lines = parseCsv(text).map((r) => r.line);
    expect(lines.at(-1)).toBe(rows.length + 2 + 1);
    expect(report.invalid).toMatchObject([
      expect.objectContaining({ line: lines[rows.indexOf(carol)], reason: expect.stringContaining('Unknown Internal ID "not-a-real-id"') }),
      { line: lines.at(-2), reason: `First Name: ${messages.firstName}`, problems: [`First Name: ${messages.firstName}`] },
      { line: lines.at(-1), reason: `Email: ${messages.emailTaken}`, problems: [`Email: ${messages.emailTaken}`] },
    ]);
    const submitted = await server.api('/api/v1/admin/users/csv/submit', { token: admin, body: { content: text } });
    expect(submitted.status).toBe(400);
    expect(await users()).toEqual(before);
  });

  it('reports an unclosed quote and unknown columns with their lines', async () => {
    const unclosed = (await (await server.api('/api/v1/admin/users/csv/dry-run', { token: admin, body: { content: 'Internal ID,First Name,Last Name,Email\n,"Anna,Berg,a@example.test\n' } })).json()) as Report;
    expect(unclosed.invalid).toEqual([expect.objectContaining({ line: 2, reason: expect.stringContaining('never closed') })]);
    const columns = (await (await server.api('/api/v1/admin/users/csv/dry-run', { token: admin, body: { content: 'Internal ID,First Name,Last Name,Email,Shoe size\n' } })).json()) as Report;
    expect(columns.invalid[0]).toMatchObject({ line: 1, reason: expect.stringContaining('Shoe size') });
    // A header named twice (any case) would make one of the two columns silently win.
    const twice = (await (
      await server.api('/api/v1/admin/users/csv/dry-run', {
        token: admin,
        body: { content: 'Internal ID,First Name,Last Name,Email,email\n,Anna,Berg,a@example.test,b@example.test\n' },
      })
    ).json()) as Report;
    expect(twice.invalid).toMatchObject([{ line: 1, reason: 'Column(s) appearing twice: email. Keep one of each.', problems: ['Column(s) appearing twice: email. Keep one of each.'] }]);
    expect(twice.create).toEqual([]);
  });

  it('reports every problem of a row at once, each naming its column', async () => {
    const content = [
      'Internal ID,First Name,Last Name,Email,Extension,Softphone Enabled',
      `,J,Berg4,ALICE@example.test,${server.company.users.alice?.numbers?.extension ?? '1001'},maybe`,
    ].join('\n');
    const report = (await (await server.api('/api/v1/admin/users/csv/dry-run', { token: admin, body: { content } })).json()) as Report;
    expect(report.invalid).toHaveLength(1);
    expect(report.invalid[0]?.problems).toEqual([
      'Softphone Enabled must be yes or no, not "maybe".',
      `First Name: ${messages.firstName}`,
      `Last Name: ${messages.lastName}`,
      `Email: ${messages.emailTaken}`,
      `The number ${server.company.users.alice?.numbers?.extension ?? '1001'} already belongs to someone else.`,
    ]);
  });

  it('gives each row problem as a text the admin reads in their language, naming the row’s column (sv)', async () => {
    const content = [
      'Internal ID,First Name,Last Name,Email,Softphone Enabled',
      ',J,Berg,jberg@example.test,maybe',
      'no-such-id,Anna,Berg,anna.berg@example.test,yes',
    ].join('\n');
    const report = (await (await server.api('/api/v1/admin/users/csv/dry-run', { token: admin, body: { content } })).json()) as Report;
    const said = report.invalid.map((row) => ({ line: row.line, sv: (row.texts ?? []).map((t) => formatText('sv', t)), en: (row.texts ?? []).map((t) => formatText('en', t)) }));
    expect(said).toEqual([
      {
        line: 2,
        sv: ['Kolumnen ”Softphone Enabled”: skriv yes eller no, inte ”maybe”.', `Kolumnen ”First Name”: ${format('sv', 'validation.firstName')}`],
        en: ['Column “Softphone Enabled”: write yes or no, not “maybe”.', `Column “First Name”: ${format('en', 'validation.firstName')}`],
      },
      { line: 3, sv: [expect.stringMatching(/^Kolumnen ”Internal ID”: ”no-such-id” är inte någon av era användare/)], en: [expect.stringMatching(/^Column “Internal ID”: “no-such-id” is not one of your users/)] },
    ]);
    // The file-level problems too.
    const header = (await (await server.api('/api/v1/admin/users/csv/dry-run', { token: admin, body: { content: 'Internal ID,First Name,Last Name,Shoe size\n' } })).json()) as Report;
    expect(header.invalid.flatMap((row) => (row.texts ?? []).map((t) => formatText('sv', t)))).toEqual([
      'Okända kolumner: Shoe size. Använd rubrikerna från den nedladdade mallen.',
      'Kolumner saknas: Email.',
    ]);
  });

  it('reads what Excel writes on Swedish systems (Windows-1252, UTF-16) and names an undecodable file', async () => {
    const content = 'Internal ID;First Name;Last Name;Email\r\n;Åsa;Öberg-Lindén;asa.oberg@example.test\r\n';
    const post = (bytes: Uint8Array<ArrayBuffer>) =>
      fetch(`${server.url}/api/v1/admin/users/csv/dry-run`, { method: 'POST', headers: { authorization: `Bearer ${admin}`, 'content-type': 'text/csv' }, body: Buffer.from(bytes) });
    const windows1252 = Uint8Array.from([...content].map((c) => c.charCodeAt(0)));
    const utf16 = new Uint8Array(2 + content.length * 2);
    utf16.set([0xff, 0xfe]);
    [...content].forEach((c, i) => {
      utf16[2 + i * 2] = c.charCodeAt(0) & 0xff;
      utf16[3 + i * 2] = c.charCodeAt(0) >> 8;
    });
    for (const bytes of [windows1252, utf16]) {
      const response = await post(bytes);
      expect(response.status).toBe(200);
      const report = (await response.json()) as Report & { create: { email: string }[] };
      expect(report.invalid).toEqual([]);
      expect(report.create).toEqual([{ line: 2, userName: 'asa.oberg@example.test', email: 'asa.oberg@example.test' }]);
    }
    const broken = await post(Uint8Array.from([0x41, 0x3b, 0x81, 0x0a]));
    expect(broken.status).toBe(400);
    const answer = (await broken.json()) as { message: string; text?: { key: string } };
    expect(answer.message).toMatch(/not text in UTF-8, UTF-16 or Windows-1252/);
    expect(answer.text?.key).toBe('csv.encoding.unknown');
  });

  it('is for admins of the company only', async () => {
    const alice = await server.signIn('alice');
    expect((await server.api('/api/v1/admin/users.csv', { token: alice })).status).toBe(403);
    expect((await server.api('/api/v1/admin/users/csv/submit', { token: alice, body: { content: 'x' } })).status).toBe(403);
    const globex = await server.signIn('globexadmin');
    const theirs = parseCsv(await (await server.api('/api/v1/admin/users.csv', { token: globex })).text());
    expect(theirs.slice(1).map((r) => r.fields[1])).toEqual(['globexadmin', 'olga']);
    // Another company's internal id is unknown here.
    const row = `Internal ID,First Name,Last Name,Email\n${server.company.users.alice?.id},Alice,Hacked,alice@example.test\n`;
    const report = (await (await server.api('/api/v1/admin/users/csv/dry-run', { token: globex, body: { content: row } })).json()) as Report;
    expect(report.invalid[0]?.reason).toMatch(/Unknown Internal ID/);
    // A job is read by admins of the company that started it only.
    const started = await server.api('/api/v1/admin/users/csv/submit', {
      token: admin,
      body: { content: 'Internal ID,First Name,Last Name,Email,User Name\n,Job,Owner,job.owner@example.test,jobowner\n' },
    });
    expect(started.status).toBe(202);
    const { jobId } = (await started.json()) as { jobId: string };
    expect((await server.api(`/api/v1/admin/users/csv/jobs/${jobId}`, { token: globex })).status).toBe(404);
    expect((await server.api(`/api/v1/admin/users/csv/jobs/${jobId}`, { token: alice })).status).toBe(403);
    expect((await server.api(`/api/v1/admin/users/csv/jobs/${jobId}`, { token: admin })).status).toBe(200);
    expect((await server.api('/api/v1/admin/users/csv/jobs/no-such-job', { token: admin })).status).toBe(404);
  });

  it('runs a long submit as a job: progress row by row, then the committed result (all rows)', async () => {
    // names take letters only: row i is "Bulk Ab", "Bulk Ac", …
    const letters = (i: number) => String.fromCharCode(65 + Math.floor(i / 26)) + String.fromCharCode(97 + (i % 26));
    const rows = Array.from({ length: 60 }, (_, i) => `,Bulk,${letters(i)},bulk${i}@example.test,bulk${i},Bulk-secret-${i}-x`);
    const job = await submitCsvJob(server, admin, ['Internal ID,First Name,Last Name,Email,User Name,Password', ...rows].join('\n'), { pollMs: 1 });
    expect(job).toMatchObject({ state: 'committed', total: 60, done: 60, result: { created: 60, changed: 0 } });
    // progress was seen between start and end, never going back
    expect(job.seen.some((done) => done > 0 && done < 60)).toBe(true);
    expect([...job.seen].sort((a, b) => a - b)).toEqual(job.seen);
    const names = (await users()).map((u) => u.userName);
    for (let i = 0; i < 60; i++) expect(names).toContain(`bulk${i}`);
  });

  it('a job that fails at commit changes nothing and says why', async () => {
    const before = await users();
    const csv = 'Internal ID,First Name,Last Name,Email,User Name,Password\n,Race,One,race1@example.test,raceone,Race-secret-1-x\n,Race,Two,race2@example.test,racetwo,Race-secret-2-x\n';
    // Somebody else's write holds the database while the job starts; in it, one of the file's user
    // names is taken. The job commits after it, re-checks the file and refuses it whole.
    let release = (): void => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const holding = server.server.ctx.store.write(async (tx) => {
      await gate;
      await insertUser(tx, newUserRecord({ companyId: 'acme', userName: 'racetwo', email: 'winner@example.test', firstName: 'Race', lastName: 'Winner', role: 'user', passwordHash: null, sipRealm: server.sipDomain }, new Date()));
    });
    const started = await server.api('/api/v1/admin/users/csv/submit', { token: admin, body: { content: csv } }).finally(release);
    await holding;
    expect(started.status).toBe(202);
    const { jobId } = (await started.json()) as { jobId: string };
    let job: { state: string; error: { error: string } | null; result: unknown } = { state: 'running', error: null, result: null };
    while (job.state === 'running') job = (await (await server.api(`/api/v1/admin/users/csv/jobs/${jobId}`, { token: admin })).json()) as typeof job;
    expect(job).toMatchObject({ state: 'failed', result: null, error: { error: 'invalid_argument' } });
    const after = (await users()).map((u) => u.userName);
    expect(after).not.toContain('raceone');
    expect(after.length).toBe(before.length + 1);
  });
});
