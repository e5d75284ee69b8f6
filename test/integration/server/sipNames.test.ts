/**
 * Issue 12, "User names and email addresses": user names are unique per company, and each user
 * has a SIP account name of their own (unique everywhere) that the PBX authenticates, registers
 * and rings. Two companies (Acme and Globex) each get a user `anna` and a user whose user name
 * is the email address `anna@example.com`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodePbxParams } from '../../../src/shared/pbx';
import { parseCsv, writeCsv } from '../../../src/server/csv/csv';
import { startTestServer, type TestServer } from '../../support/server';

interface ErrorBody {
  error: string;
  message: string;
  details?: { field?: string; fields?: Record<string, string> };
  text?: { key: string };
}

const SHARED_PASSWORD = 'Same-pass-in-both-9';

describe('profile server: user names per company, SIP names apart (issue 12)', () => {
  let server: TestServer;
  let acmeAdmin: string;
  let globexAdmin: string;
  /** id → SIP name of the four Annas. */
  const anna = { acme: '', globex: '', acmeMail: '', globexMail: '' };
  const sipUserOf = async (id: string) => (await server.server.ctx.store.getUser(id))?.sipUser ?? '';

  const create = (token: string, body: Record<string, unknown>) =>
    server.api('/api/v1/admin/users', { token, body: { firstName: 'Anna', lastName: 'Ek', ...body } });
  const signIn = (body: Record<string, unknown>) => server.api('/api/v1/auth/sign-in', { body });
  const pbx = async (path: string): Promise<Response> =>
    fetch(`${server.url}${path}`, { headers: { 'x-pbx-secret': server.pbxSecret } });
  const route = async (from: string, to: string): Promise<Record<string, string>> => {
    const response = await pbx(`/pbx/v1/route?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`);
    expect(response.status).toBe(200);
    return decodePbxParams(await response.text());
  };

  beforeAll(async () => {
    server = await startTestServer();
    acmeAdmin = await server.signIn('admin');
    globexAdmin = await server.signIn('globexadmin');
    const made: Record<keyof typeof anna, Response> = {
      acme: await create(acmeAdmin, { userName: 'anna', email: 'anna@acme.test', password: 'Acme-anna-pass-1', numbers: { extension: '1005' } }),
      globex: await create(globexAdmin, { userName: 'anna', email: 'anna@globex.test', password: 'Globex-anna-pass-1', numbers: { extension: '1005' } }),
      acmeMail: await create(acmeAdmin, { userName: 'anna@example.com', email: 'anna@example.com', password: SHARED_PASSWORD, numbers: { extension: '1006' } }),
      globexMail: await create(globexAdmin, { userName: 'anna@example.com', email: 'anna@example.com', password: SHARED_PASSWORD, numbers: { extension: '1006' } }),
    };
    for (const [key, response] of Object.entries(made)) {
      expect(response.status, `${key}: ${await response.clone().text()}`).toBe(200);
      anna[key as keyof typeof anna] = ((await response.json()) as { user: { id: string } }).user.id;
    }
  });
  afterAll(async () => {
    await server.stop();
  });

  it('lets two companies each have a user anna and a user named anna@example.com, each with a SIP name of their own', async () => {
    const sipNames = await Promise.all(Object.values(anna).map(sipUserOf));
    // The first `anna` keeps her user name as SIP name; the others get readable generated ones.
    expect(sipNames[0]).toBe('anna');
    for (const generated of sipNames.slice(1)) expect(generated).toMatch(/^anna-[a-z2-9]{6}$/);
    expect(new Set(sipNames.map((name) => name.toLowerCase())).size).toBe(4);
    // Each admin sees their own two Annas under the user names they chose.
    for (const token of [acmeAdmin, globexAdmin]) {
      const users = (await (await server.api('/api/v1/admin/users', { token })).json()) as { userName: string }[];
      expect(users.map((u) => u.userName).filter((name) => name.startsWith('anna'))).toEqual(expect.arrayContaining(['anna', 'anna@example.com']));
    }
    // Within a company a user name is still one account, ignoring case.
    const twice = await create(globexAdmin, { userName: 'ANNA', email: 'anna2@globex.test', password: 'Globex-anna-pass-2' });
    expect(twice.status).toBe(400);
    expect(((await twice.json()) as ErrorBody).details?.fields?.userName).toBeDefined();
    // An admin may now create a user name another company has (Globex has `olga`).
    const olga = await create(acmeAdmin, { userName: 'olga', email: 'olga@acme.test', password: 'Acme-olga-pass-1' });
    expect(olga.status).toBe(200);
    expect(await sipUserOf(((await olga.json()) as { user: { id: string } }).user.id)).toMatch(/^olga-[a-z2-9]{6}$/);
  });

  it('signs each in to their own company; asks for the company only when the password fits several', async () => {
    const acme = await signIn({ login: 'anna', password: 'Acme-anna-pass-1' });
    expect(acme.status).toBe(200);
    expect(await acme.json()).toMatchObject({ companyName: 'Acme', user: { id: anna.acme, userName: 'anna' } });
    const globex = await signIn({ login: 'ANNA', password: 'Globex-anna-pass-1' });
    expect(await globex.json()).toMatchObject({ companyName: 'Globex', user: { id: anna.globex } });

    const ambiguous = await signIn({ login: 'anna@example.com', password: SHARED_PASSWORD });
    expect(ambiguous.status).toBe(409);
    expect(await ambiguous.json()).toMatchObject({ error: 'conflict', details: { field: 'company' }, text: { key: 'auth.companyRequired' } });
    const withCompany = await signIn({ login: 'anna@example.com', password: SHARED_PASSWORD, company: 'globex' });
    expect(withCompany.status).toBe(200);
    expect(await withCompany.json()).toMatchObject({ companyName: 'Globex', user: { id: anna.globexMail } });
    expect(await (await signIn({ login: 'Anna@Example.com', password: SHARED_PASSWORD, company: 'Acme' })).json()).toMatchObject({ companyName: 'Acme', user: { id: anna.acmeMail } });

    // Wrong password, unknown name, and a company the name is not in all answer alike.
    const answers = await Promise.all([
      signIn({ login: 'anna', password: 'Wrong-pass-123' }),
      signIn({ login: 'nobody-here', password: 'Wrong-pass-123' }),
      signIn({ login: 'anna@example.com', password: SHARED_PASSWORD, company: 'Initech' }),
    ]);
    const bodies = await Promise.all(answers.map(async (response) => ({ status: response.status, body: await response.text() })));
    expect(new Set(bodies.map((b) => JSON.stringify(b))).size).toBe(1);
    expect(bodies[0]?.status).toBe(401);
  });

  it('hands each softphone its SIP name, which is what the PBX asks credentials for', async () => {
    for (const [login, password, company, id] of [
      ['anna', 'Acme-anna-pass-1', undefined, anna.acme],
      ['anna', 'Globex-anna-pass-1', undefined, anna.globex],
      ['anna@example.com', SHARED_PASSWORD, 'Acme', anna.acmeMail],
      ['anna@example.com', SHARED_PASSWORD, 'Globex', anna.globexMail],
    ] as const) {
      const { token } = (await (await signIn({ login, password, ...(company ? { company } : {}) })).json()) as { token: string };
      const sip = (await (await server.api('/api/v1/me/sip', { token })).json()) as { userName: string; ha1: string; realm: string };
      expect(sip.userName).toBe(await sipUserOf(id));
      expect(sip.userName).not.toContain('@');
      const credentials = await pbx(`/pbx/v1/credentials/${encodeURIComponent(sip.userName)}`);
      expect(credentials.status).toBe(200);
      expect(decodePbxParams(await credentials.text())).toMatchObject({ user: sip.userName, ha1: sip.ha1, owner: sip.userName });
    }
    // User names are no SIP accounts.
    expect((await pbx(`/pbx/v1/credentials/${encodeURIComponent('anna@example.com')}`)).status).toBe(404);
  });

  it('routes extensions, SIP names and user names within the caller’s company', async () => {
    const [acme, globex, acmeMail, globexMail] = await Promise.all(Object.values(anna).map(sipUserOf));
    // Each Anna dialling 1006 reaches her own company's anna@example.com, and 1005 her own anna.
    expect(await route(acme!, '1006')).toMatchObject({ kind: 'user', callee: acmeMail, ring: acmeMail });
    expect(await route(globex!, '1006')).toMatchObject({ kind: 'user', callee: globexMail, ring: globexMail });
    expect(await route(globexMail!, '1005')).toMatchObject({ kind: 'user', callee: globex });
    // By user name (what colleagues know) within the company; by SIP name too.
    expect(await route(globexMail!, 'anna')).toMatchObject({ kind: 'user', callee: globex });
    expect(await route(acmeMail!, 'anna')).toMatchObject({ kind: 'user', callee: acme });
    expect(await route(acme!, 'anna@example.com')).toMatchObject({ kind: 'user', callee: acmeMail });
    expect(await route(acme!, acmeMail!)).toMatchObject({ kind: 'user', callee: acmeMail });
    // Another company's SIP name reaches nobody.
    expect(await route(acme!, globex!)).toMatchObject({ kind: 'unknown' });
    // The identity the callee is shown is a number, never the SIP name.
    const callerId = decodePbxParams(await (await pbx(`/pbx/v1/caller-id?user=${encodeURIComponent(globexMail!)}&requested=1006`)).text());
    expect(callerId).toMatchObject({ identity: '1006', display: 'Anna Ek' });
  });

  it('answers the PBX’s dialog and mailbox questions by SIP name; a user name names no account', async () => {
    const [acme, globex, , globexMail] = await Promise.all(Object.values(anna).map(sipUserOf));
    const dialog = await pbx(`/pbx/v1/dialog?call_id=sip-names-1&state=start&users=${encodeURIComponent(`${globex!},${globexMail!}`)}`);
    expect(decodePbxParams(await dialog.text())).toMatchObject({ users: '2' });
    expect(server.server.ctx.calls.inCall(anna.globex)).toBe(true);
    expect(server.server.ctx.calls.inCall(anna.acme)).toBe(false);
    await pbx('/pbx/v1/dialog?call_id=sip-names-1&state=end');
    expect(server.server.ctx.calls.inCall(anna.globex)).toBe(false);
    // Message waiting: each SIP account its own mailbox; `anna@example.com` is nobody's account.
    expect((await pbx(`/pbx/v1/voicemail/summary?account=${encodeURIComponent(acme!)}`)).status).toBe(200);
    expect((await pbx(`/pbx/v1/voicemail/summary?account=${encodeURIComponent('anna@example.com')}`)).status).toBe(404);
  });

  it("does not let a self-registration in one company stop another company's admin from creating or inviting that user name; CSV imports check their own company only", async () => {
    const { token: globexLink } = (await (await server.api('/api/v1/admin/registration-link', { token: globexAdmin })).json()) as { token: string };
    const registered = await server.api('/api/v1/register', {
      body: { registrationToken: globexLink, firstName: 'Kim', lastName: 'Ko', email: 'kim@example.test', userName: 'kim', password: 'Kim-password-77' },
    });
    expect(registered.status).toBe(202);
    expect((await server.server.ctx.store.findUserByUserNameIn(server.otherCompany.id, 'kim'))?.confirmed).toBe(false);
    const invited = await server.api('/api/v1/admin/invitations', { token: acmeAdmin, body: { emails: ['kim@example.test'] } });
    expect(await invited.json()).toMatchObject({ invited: 1, skipped: [] });
    const created = await create(acmeAdmin, { userName: 'kim', email: 'kim@example.test', password: 'Acme-kim-pass-1' });
    expect(created.status).toBe(200);

    // Acme imports user names Globex has (`globexadmin`); its own `alice` is still taken.
    const rows = parseCsv(await (await server.api('/api/v1/admin/users.csv', { token: acmeAdmin })).text()).map((row) => row.fields);
    const header = rows[0] as string[];
    const row = (userName: string, email: string) => header.map((name) => ({ 'First Name': 'Gus', 'Last Name': 'Gram', Email: email, 'User Name': userName } as Record<string, string>)[name] ?? '');
    const content = writeCsv([header, row('globexadmin', 'gus@acme.test'), row('ALICE', 'gus2@acme.test')], ';');
    const dry = (await (await server.api('/api/v1/admin/users/csv/dry-run', { token: acmeAdmin, body: { content } })).json()) as {
      invalid: { line: number; problems: string[] }[];
      create: { userName: string }[];
    };
    expect(dry.create).toEqual([expect.objectContaining({ userName: 'globexadmin' })]);
    expect(dry.invalid).toEqual([expect.objectContaining({ line: 3, problems: [expect.stringMatching(/^User Name: /)] })]);
  });
});
