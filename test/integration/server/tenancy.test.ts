/**
 * Issue 12, tenancy: numbers belong to one company, extensions and SIP names route within the
 * caller's company, self-registration only through a company's own link. Two companies on every
 * route: Acme (`server.company`) and Globex (`server.otherCompany`).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UserSnapshot } from '../../../src/shared/model';
import { decodePbxParams } from '../../../src/shared/pbx';
import { parseCsv, writeCsv } from '../../../src/server/csv/csv';
import { baseProfile } from '../../support/sipHarness';
import { startTestServer, type TestServer } from '../../support/server';

interface ErrorBody {
  error: string;
  message: string;
  details?: { field?: string };
  text?: { key: string; params?: Record<string, unknown> };
}

describe('profile server: tenancy of numbers, extensions and self-registration (issue 12)', () => {
  let server: TestServer;
  let acmeAdmin: string;
  let globexAdmin: string;
  let olgaId: string;
  beforeAll(async () => {
    server = await startTestServer();
    acmeAdmin = await server.signIn('admin');
    globexAdmin = await server.signIn('globexadmin');
    olgaId = server.otherCompany.users.olga?.id as string;
  });
  afterAll(async () => {
    await server.stop();
  });

  const route = async (query: string): Promise<Record<string, string>> => {
    const response = await fetch(`${server.url}/pbx/v1/route?${query}`, { headers: { 'x-pbx-secret': server.pbxSecret } });
    expect(response.status).toBe(200);
    return decodePbxParams(await response.text());
  };
  const setNumbers = (token: string, userId: string, numbers: Record<string, unknown>) =>
    server.api(`/api/v1/admin/users/${userId}`, { method: 'PATCH', token, body: { numbers } });
  const numbersOf = async (token: string, userId: string) =>
    ((await (await server.api(`/api/v1/admin/users/${userId}`, { token })).json()) as { numbers: Record<string, unknown> }).numbers;

  it("refuses another company's admin who sets a user's landline to our main number, naming the field; our main number stays ours", async () => {
    const before = await numbersOf(globexAdmin, olgaId);
    const response = await setNumbers(globexAdmin, olgaId, { landline: '+46855500000' });
    expect(response.status).toBe(409);
    const body = (await response.json()) as ErrorBody;
    expect(body.details?.field).toBe('numbers.landline');
    expect(body.message).toMatch(/\+46855500000 \(numbers\.landline\)/);
    expect(body.text).toEqual({ key: 'error.numberNotOwned', params: { number: '+46855500000' } });
    expect(await numbersOf(globexAdmin, olgaId)).toEqual(before);
    // A call to Acme's main number does not ring Olga (from outside, or from Globex).
    for (const from of ['%2B46701234567', 'globexadmin']) {
      const answer = await route(`from=${from}&to=%2B46855500000`);
      expect(answer.ring).not.toContain('olga');
      expect(answer).toMatchObject({ kind: 'reject', status: '480' });
    }
  });

  it("refuses numbers outside the company's own blocks, numbers in use, and another company's numbers as a mobile", async () => {
    // Free, but Acme's (in Acme's block): not Globex's to give.
    const unused = await setNumbers(globexAdmin, olgaId, { landline: '+46855509999' });
    expect(unused.status).toBe(409);
    expect((await unused.json()) as ErrorBody).toMatchObject({ details: { field: 'numbers.landline' }, text: { key: 'error.numberNotOwned' } });
    // Any outside number: nobody's block, so no company's landline.
    const outside = await setNumbers(globexAdmin, olgaId, { landline: '+4631123456' });
    expect(((await outside.json()) as ErrorBody).details?.field).toBe('numbers.landline');
    // Another company's number as a mobile, and a mobile somebody else has.
    const acmes = await setNumbers(globexAdmin, olgaId, { mobile: '+46855509999' });
    expect(acmes.status).toBe(409);
    expect(((await acmes.json()) as ErrorBody).details?.field).toBe('numbers.mobile');
    const alicesMobile = await setNumbers(globexAdmin, olgaId, { mobile: '+46705550001' });
    expect(alicesMobile.status).toBe(409);
    expect((await alicesMobile.json()) as ErrorBody).toMatchObject({ details: { field: 'numbers.mobile' }, text: { key: 'error.numberTaken' } });
    // Within Acme: the main number and a queue number are not a user's landline either.
    const aliceId = server.company.users.alice?.id as string;
    for (const taken of ['+46855500000', '+46855501100']) {
      const response = await setNumbers(acmeAdmin, aliceId, { landline: taken });
      expect(response.status).toBe(409);
      expect(((await response.json()) as ErrorBody).details?.field).toBe('numbers.landline');
    }
    // The company's own free numbers and a free outside mobile are fine.
    expect((await setNumbers(globexAdmin, olgaId, { landline: '+46866602002', mobile: '+46709990001' })).status).toBe(200);
    expect(await numbersOf(globexAdmin, olgaId)).toMatchObject({ landline: '+46866602002', mobile: '+46709990001' });
    expect((await route('from=%2B46701234567&to=%2B46866602002')).ring).toBe('olga');
  });

  it("gives each company its own extensions: 1002 dialled in Acme rings Bob, in Globex rings Olga; outside callers and other companies reach only public numbers", async () => {
    // Bob has 1002 in Acme; Globex may give the same extension to Olga.
    const response = await setNumbers(globexAdmin, olgaId, { extension: '1002' });
    expect(response.status).toBe(200);
    expect((await route('from=alice&to=1002')).ring).toBe('bob');
    expect((await route('from=globexadmin&to=1002')).ring).toBe('olga');
    // Within a company an extension still has one owner.
    const dup = await setNumbers(acmeAdmin, server.company.users.carol?.id as string, { extension: '1002' });
    expect(dup.status).toBe(409);
    expect(((await dup.json()) as ErrorBody).details?.field).toBe('numbers.extension');
    // SIP user names are looked up in the caller's company too.
    expect((await route('from=alice&to=olga')).kind).toBe('unknown');
    expect((await route('from=globexadmin&to=olga')).ring).toBe('olga');
    // A caller from outside (the carrier trunk: an outside number) reaches public numbers only.
    expect((await route('from=%2B46701234567&to=1002')).kind).not.toBe('user');
    expect((await route('from=%2B46701234567&to=bob')).kind).toBe('unknown');
    expect((await route('from=%2B46701234567&to=%2B46855501002')).ring).toBe('bob');
    // Between companies: through the public number.
    expect((await route('from=alice&to=%2B46866602002')).ring).toBe('olga');
  });

  it("checks a CSV import's numbers the same way: another company's number is named on its line; an extension another company has is fine", async () => {
    const csv = await (await server.api('/api/v1/admin/users.csv', { token: globexAdmin })).text();
    const rows = parseCsv(csv).map((row) => row.fields);
    const header = rows[0] as string[];
    const col = (name: string) => header.indexOf(name);
    const olgaRow = rows.find((r) => r[col('User Name')] === 'olga') as string[];
    olgaRow[col('Landline')] = '+46855500000';
    const newRow = header.map(() => '');
    newRow[col('First Name')] = 'Per';
    newRow[col('Last Name')] = 'Persson';
    newRow[col('Email')] = 'per@example.test';
    newRow[col('User Name')] = 'per-globex';
    newRow[col('Extension')] = '1001'; // Alice's extension in Acme
    const content = writeCsv([...rows, newRow], ';');
    const dry = (await (await server.api('/api/v1/admin/users/csv/dry-run', { token: globexAdmin, body: { content } })).json()) as {
      invalid: { line: number; problems: string[] }[];
      create: { userName: string }[];
    };
    expect(dry.invalid).toEqual([{ line: rows.indexOf(olgaRow) + 1, reason: expect.any(String), problems: expect.arrayContaining([expect.stringMatching(/\+46855500000 is not one of your company's numbers/)]), texts: expect.arrayContaining([{ key: 'csv.problem.numberNotOwned', params: { number: '+46855500000' } }]) }]);
    expect(dry.create).toEqual([expect.objectContaining({ userName: 'per-globex' })]);
    const submitted = await server.api('/api/v1/admin/users/csv/submit', { token: globexAdmin, body: { content } });
    expect(submitted.status).toBeGreaterThanOrEqual(400);
    expect((await numbersOf(globexAdmin, olgaId)).landline).not.toBe('+46855500000');
  });

  it("follows a forward into the forwarding user's company, in that call only", async () => {
    // Olga (Globex) sends busy calls to her colleague's extension 2000 (Globex's admin).
    const profile = { ...baseProfile(), name: 'Busy to 2000', callWaiting: false, exceptions: { busy: { kind: 'number', number: '2000' }, noAnswer: null, unreachable: null } };
    expect((await server.api('/api/v1/admin/profiles/add', { token: globexAdmin, body: { userIds: [olgaId], profile } })).status).toBe(200);
    const olga = await server.signIn('olga');
    const snapshot = (await (await server.api('/api/v1/me/snapshot', { token: olga })).json()) as UserSnapshot;
    const added = snapshot.profiles.find((p) => p.name === 'Busy to 2000');
    expect((await server.api('/api/v1/me/profile-switch', { token: olga, body: { profileId: added?.id, until: null } })).status).toBe(200);
    // Alice (Acme) calls Olga's public number while Olga is busy: forwarded to Olga's colleague.
    const forwarded = await route('from=alice&to=%2B46866602002&busy=1&call_id=fwd-1');
    expect(forwarded).toMatchObject({ kind: 'forward', target: 'globexadmin' });
    // The PBX asks again for the target with the same call and the same caller: Globex's directory.
    expect(await route('from=alice&to=globexadmin&call_id=fwd-1')).toMatchObject({ kind: 'user', ring: 'globexadmin' });
    // The PBX's forwarded-call event for an extension goes to the user that extension reached in that call.
    expect(await route('from=globexadmin&to=1002&busy=1&call_id=fwd-2')).toMatchObject({ kind: 'forward', target: 'globexadmin' });
    const event = await fetch(`${server.url}/pbx/v1/call-event?called=1002&from=2000&outcome=forwarded&target=globexadmin&reason=busy&call_id=fwd-2`, {
      headers: { 'x-pbx-secret': server.pbxSecret },
    });
    expect(decodePbxParams(await event.text())).toMatchObject({ recorded: '1' });
    const olgasCalls = ((await (await server.api('/api/v1/me/snapshot', { token: olga })).json()) as UserSnapshot).pbxCalls;
    expect((olgasCalls ?? []).map((c) => c.sipCallId)).toContain('fwd-2');
    const bobsCalls = ((await (await server.api('/api/v1/me/snapshot', { token: await server.signIn('bob') })).json()) as UserSnapshot).pbxCalls;
    expect((bobsCalls ?? []).map((c) => c.sipCallId)).not.toContain('fwd-2');
    // Outside that call Alice cannot dial Globex's people by name.
    expect((await route('from=alice&to=globexadmin&call_id=other-call')).kind).toBe('unknown');
    expect((await route('from=alice&to=globexadmin')).kind).toBe('unknown');
  });

  it('shows each admin only their own company’s number blocks and numbers', async () => {
    const acme = (await (await server.api('/api/v1/admin/numbers', { token: acmeAdmin })).json()) as { blocks: unknown[]; numbers: { number: string; type: string; holder: string | null }[] };
    expect(acme.blocks).toEqual([{ firstNumber: '+46855500000', lastNumber: '+46855599999' }]);
    expect(acme.numbers).toEqual(expect.arrayContaining([
      { number: '+46855500000', type: 'main', holder: null },
      { number: '+46855501100', type: 'queue', holder: 'Support' },
      { number: '1002', type: 'internal', holder: 'Bob Berg' },
    ]));
    const globex = (await (await server.api('/api/v1/admin/numbers', { token: globexAdmin })).json()) as typeof acme;
    expect(globex.blocks).toEqual([{ firstNumber: '+46866600000', lastNumber: '+46866699999' }]);
    expect(globex.numbers.map((n) => n.number)).not.toContain('+46855500000');
    expect(globex.numbers).toEqual(expect.arrayContaining([{ number: '1002', type: 'internal', holder: 'Olga Olsson' }]));
    // Not for users.
    expect((await server.api('/api/v1/admin/numbers', { token: await server.signIn('alice') })).status).toBe(403);
  });

  describe('self-registration through the registration link', () => {
    const link = async (token: string) => (await (await server.api('/api/v1/admin/registration-link', { token })).json()) as { token: string; url: string };
    const register = (registrationToken: string, email: string, userName: string) =>
      server.api('/api/v1/register', { body: { registrationToken, firstName: 'Nina', lastName: 'Ny', email, userName, password: 'nina-password-77' } });

    it('gives each company its own unguessable link, which the admin can rotate', async () => {
      const acme = await link(acmeAdmin);
      const globex = await link(globexAdmin);
      expect(acme.token).toMatch(/^[\w-]{20,}$/);
      expect(acme.token).not.toBe(globex.token);
      expect(acme.url).toContain(encodeURIComponent(acme.token));
      expect((await server.api('/api/v1/admin/registration-link', { token: await server.signIn('alice') })).status).toBe(403);
      const rotated = (await (await server.api('/api/v1/admin/registration-link/rotate', { method: 'POST', token: acmeAdmin })).json()) as { token: string };
      expect(rotated.token).not.toBe(acme.token);
      expect((await link(acmeAdmin)).token).toBe(rotated.token);
      expect((await link(globexAdmin)).token).toBe(globex.token);
      // The old link registers nobody any more.
      const old = await register(acme.token, 'old-link@example.test', 'oldlink');
      expect(old.status).toBe(202);
      expect(server.mails().some((m) => m.to === 'old-link@example.test')).toBe(false);
      expect((await register(rotated.token, 'new-link@example.test', 'newlink')).status).toBe(202);
      expect(server.mails().some((m) => m.to === 'new-link@example.test' && m.kind === 'confirmation')).toBe(true);
    });

    it('answers unknown and known companies alike, and never by company id', async () => {
      const acme = (await link(acmeAdmin)).token;
      const answers = [
        await register('no-such-company-token-00000', 'x1@example.test', 'x1user'),
        await register('acme', 'x2@example.test', 'x2user'), // a company id is not a link
        await register(acme, 'x3@example.test', 'x3user'), // registered
        await register(acme, 'x3@example.test', 'x3user'), // already registered
      ];
      const seen = await Promise.all(answers.map(async (r) => `${r.status} ${await r.text()}`));
      expect(new Set(seen)).toEqual(new Set(['202 {"received":true}']));
      // Known company, taken address: the person is told by mail, not in the answer.
      expect(server.mails().filter((m) => m.to === 'x3@example.test').map((m) => m.kind)).toEqual(['confirmation', 'registration']);
      const users = (await (await server.api('/api/v1/admin/users', { token: acmeAdmin })).json()) as { userName: string }[];
      expect(users.map((u) => u.userName)).toEqual(expect.arrayContaining(['x3user']));
      expect(users.map((u) => u.userName)).not.toContain('x2user');
      // Malformed input is refused alike (400) whatever the token.
      const badKnown = await server.api('/api/v1/register', { body: { registrationToken: acme, firstName: 'N', lastName: 'N', email: 'not-an-email', password: 'nina-password-77' } });
      const badUnknown = await server.api('/api/v1/register', { body: { registrationToken: 'nope-nope-nope', firstName: 'N', lastName: 'N', email: 'not-an-email', password: 'nina-password-77' } });
      expect(badKnown.status).toBe(400);
      expect(await badKnown.text()).toBe(await badUnknown.text());
    });

    it("does not let an anonymous registration into one company stop another company's admin from creating or inviting that address", async () => {
      const globex = (await link(globexAdmin)).token;
      expect((await register(globex, 'newhire@example.test', 'newhire-squat')).status).toBe(202);
      const created = await server.api('/api/v1/admin/users', {
        token: acmeAdmin,
        body: { firstName: 'New', lastName: 'Hire', email: 'newhire@example.test', userName: 'newhire', password: 'newhire-password-1' },
      });
      expect(created.status).toBe(200);
      const invited = await server.api('/api/v1/admin/invitations', { token: acmeAdmin, body: { emails: ['newhire2@example.test'] } });
      expect(invited.status).toBe(200);
      expect((await register(globex, 'newhire2@example.test', 'newhire2-squat')).status).toBe(202);
      const again = await server.api('/api/v1/admin/invitations', { token: acmeAdmin, body: { emails: ['newhire2@example.test'] } });
      expect(await again.json()).toMatchObject({ invited: 1, skipped: [] });
      // The Acme user still signs in with the address: the anonymous registration elsewhere is unconfirmed.
      const signIn = await server.api('/api/v1/auth/sign-in', { body: { login: 'newhire@example.test', password: 'newhire-password-1' } });
      expect(signIn.status).toBe(200);
      expect(await signIn.json()).toMatchObject({ user: { userName: 'newhire' }, companyName: 'Acme' });
      // Within one company an address is still one account.
      const twice = await server.api('/api/v1/admin/users', {
        token: acmeAdmin,
        body: { firstName: 'New', lastName: 'Hire', email: 'NEWHIRE@example.test', userName: 'newhire3', password: 'newhire-password-1' },
      });
      expect(twice.status).toBe(400);
      expect(await twice.text()).toMatch(/email/);
    });
  });
});
