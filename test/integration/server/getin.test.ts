/**
 * Issue 13 "Getting in": the pages invitation, confirmation and registration links open (HTML
 * forms in the person's language, problems next to their field, what to do next), the public
 * answer about a registration link, and welcome mails with a one-time set-your-password link
 * (admin create, CSV without a password, the admin's resend). Tokens of company A never act in
 * company B; used and expired links are refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256 } from '../../../src/server/security/secrets';
import { startTestServer, type TestServer } from '../../support/server';

const form = (fields: Record<string, string>) => ({
  body: new URLSearchParams(fields).toString(),
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
});
const tokenOf = (link: string | undefined): string => new URL(link ?? 'http://x/').searchParams.get('token') ?? '';
/** The text of the element with `id`, without tags. */
function textOf(html: string, id: string): string | undefined {
  const match = new RegExp(`id="${id}"[^>]*>([^<]*)<`).exec(html);
  return match?.[1];
}

async function eventually<T>(probe: () => T | undefined, what: string): Promise<T> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`no ${what}`);
    await new Promise((wake) => setTimeout(wake, 50));
  }
}

describe('getting in: invitation, confirmation, registration pages and welcome mails (issue 13)', () => {
  let server: TestServer;
  let adminA: string;
  let adminB: string;
  beforeAll(async () => {
    server = await startTestServer();
    adminA = await server.signIn('admin');
    adminB = await server.signIn('globexadmin');
  });
  afterAll(async () => {
    await server.stop();
  });

  const page = async (path: string, init: { body?: string; headers?: Record<string, string> } = {}) => {
    const response = await server.api(path, { method: init.body === undefined ? 'GET' : 'POST', ...init });
    return { status: response.status, html: await response.text(), csp: response.headers.get('content-security-policy') };
  };
  const usersOf = async (token: string) => (await (await server.api('/api/v1/admin/users', { token })).json()) as { id: string; email: string; userName: string; confirmed: boolean; language: string }[];
  const signInStatus = async (login: string, password: string) => (await server.api('/api/v1/auth/sign-in', { body: { login, password } })).status;

  it('an invitation link opens a page that registers the person in the inviting company, once', async () => {
    expect((await server.api('/api/v1/admin/invitations', { token: adminA, body: { emails: ['ines@example.test'] } })).status).toBe(200);
    const mail = await eventually(() => server.mails().find((m) => m.kind === 'invitation' && m.to === 'ines@example.test'), 'invitation mail');
    expect(mail.subject).toBe('You are invited to Acme');
    expect(mail.text).toContain('Ada Admin invites you to Acme');
    expect(mail.link).toMatch(/\/invitation\?token=[^&]+&lang=en$/);
    const link = new URL(mail.link as string);
    const token = tokenOf(mail.link);

    const opened = await page(link.pathname + link.search);
    expect(opened.status).toBe(200);
    expect(opened.csp).toContain("default-src 'none'");
    expect(opened.html).toContain('<h1>Join Acme</h1>');
    // the user name defaults to the email (seed 003)
    expect(opened.html).toMatch(/id="userName"[^>]*value="ines@example.test"/);

    const fields = { token, lang: 'en', firstName: 'Ines', lastName: 'Ivarsson', userName: 'ines', password: 'Ines-secret-41' };
    const mismatch = await page('/invitation', form({ ...fields, repeat: 'Ines-secret-42' }));
    expect(mismatch.status).toBe(400);
    expect(textOf(mismatch.html, 'repeat-error')).toBe('The passwords do not match.');
    expect(mismatch.html).toMatch(/id="firstName"[^>]*value="Ines"/);
    const badName = await page('/invitation', form({ ...fields, firstName: 'I2', repeat: fields.password }));
    expect(badName.status).toBe(400);
    expect(textOf(badName.html, 'firstName-error')).toBe('First name must have atleast 2 characters. Numbers and special characters are not allowed.');
    const short = await page('/invitation', form({ ...fields, password: 'short', repeat: 'short' }));
    expect(textOf(short.html, 'password-error')).toBeTruthy();
    expect(await usersOf(adminA)).not.toContainEqual(expect.objectContaining({ email: 'ines@example.test' }));

    const done = await page('/invitation', form({ ...fields, repeat: fields.password }));
    expect(done.status).toBe(200);
    expect(done.html).toContain('Almost there: we mailed a confirmation link to ines@example.test.');
    expect(done.html).toContain(`sign in with the server address ${server.url} and the user name ines.`);
    expect(await usersOf(adminA)).toContainEqual(expect.objectContaining({ userName: 'ines', email: 'ines@example.test', confirmed: false }));
    expect(await usersOf(adminB)).not.toContainEqual(expect.objectContaining({ userName: 'ines' }));

    // used up: neither the page nor the form does anything more
    const reused = await page('/invitation', form({ ...fields, userName: 'ines2', repeat: fields.password }));
    expect(reused.status).toBe(410);
    expect(reused.html).toContain('This invitation link is unknown, already used or expired. Ask for a new one.');
    expect((await page(link.pathname + link.search)).status).toBe(410);

    // the confirmation link: the page asks, the button confirms
    const confirmation = await eventually(() => server.mails().find((m) => m.kind === 'confirmation' && m.to === 'ines@example.test'), 'confirmation mail');
    expect(confirmation.subject).toBe('Confirm your Acme account');
    const confirmToken = tokenOf(confirmation.link);
    const asked = await page(`/confirm?token=${encodeURIComponent(confirmToken)}`);
    expect(asked.status).toBe(200);
    expect(asked.html).toContain('Confirm the account ines at Acme.');
    expect(await signInStatus('ines', fields.password)).toBe(401);
    const confirmed = await page('/confirm', form({ token: confirmToken }));
    expect(confirmed.status).toBe(200);
    expect(confirmed.html).toContain('Your account is confirmed.');
    expect(await signInStatus('ines', fields.password)).toBe(200);
    expect((await page('/confirm', form({ token: confirmToken }))).status).toBe(410);
  });

  it('refuses an expired invitation and answers unknown links with a page in the browser’s language', async () => {
    const token = 'expired-invitation-token-0123456789';
    const now = server.server.ctx.now();
    await server.server.ctx.store.write((tx) =>
      tx.insertMailToken({
        tokenHash: sha256(token),
        purpose: 'invitation',
        companyId: 'acme',
        email: 'late@example.test',
        userId: null,
        role: 'user',
        createdAt: new Date(now.getTime() - 8 * 86_400_000).toISOString(),
        expiresAt: new Date(now.getTime() - 86_400_000).toISOString(),
        usedAt: null,
      }),
    );
    expect((await page(`/invitation?token=${token}`)).status).toBe(410);
    const posted = await page('/invitation', form({ token, firstName: 'Late', lastName: 'Comer', userName: 'late', password: 'Late-secret-41', repeat: 'Late-secret-41' }));
    expect(posted.status).toBe(410);
    expect(await usersOf(adminA)).not.toContainEqual(expect.objectContaining({ email: 'late@example.test' }));
    const swedish = await page('/invitation?token=nothing-like-this', { headers: { 'accept-language': 'sv-SE,sv;q=0.9' } });
    expect(swedish.status).toBe(410);
    expect(swedish.html).toContain('<html lang="sv">');
    expect(swedish.html).toContain('Länken kan inte användas');
    // a confirmation token is not an invitation
    expect((await page('/confirm?token=nothing-like-this')).status).toBe(410);
  });

  it('a registration link registers in its own company, in the page’s language, and says whether it is open', async () => {
    const tokenA = (await server.server.ctx.store.getRegistrationToken('acme')) as string;
    const info = await server.api(`/api/v1/registration?token=${encodeURIComponent(tokenA)}`);
    expect(info.status).toBe(200);
    expect(await info.json()).toEqual({ company: 'Acme', open: true, pageUrl: `${server.url}/register?token=${encodeURIComponent(tokenA)}` });
    expect((await server.api('/api/v1/registration?token=not-a-registration-token')).status).toBe(410);

    const opened = await page(`/register?token=${encodeURIComponent(tokenA)}&lang=sv`);
    expect(opened.status).toBe(200);
    expect(opened.html).toContain('<h1>Registrera dig hos Acme</h1>');
    const fields = { token: tokenA, lang: 'sv', firstName: 'Rut', lastName: 'Ragnarsson', email: 'rut@example.test', userName: '', password: 'Ruts-secret-41' };
    const badEmail = await page('/register', form({ ...fields, email: 'rut-at-example', repeat: fields.password }));
    expect(badEmail.status).toBe(400);
    expect(textOf(badEmail.html, 'email-error')).toBeTruthy();
    expect(textOf(badEmail.html, 'email-error')).not.toBe('Enter a valid email');
    const done = await page('/register', form({ ...fields, repeat: fields.password }));
    expect(done.status).toBe(200);
    expect(done.html).toContain('Tack! Vi har mejlat vad som händer härnäst till rut@example.test');
    const confirmation = await eventually(() => server.mails().find((m) => m.kind === 'confirmation' && m.to === 'rut@example.test'), 'confirmation mail');
    expect(confirmation.subject).toBe('Bekräfta ditt konto hos Acme');
    const registered = (await usersOf(adminA)).find((u) => u.email === 'rut@example.test');
    expect(registered).toMatchObject({ userName: 'rut@example.test', language: 'sv', confirmed: false });
    expect(await usersOf(adminB)).not.toContainEqual(expect.objectContaining({ email: 'rut@example.test' }));
    // the confirmation page speaks the account's language
    expect((await page(`/confirm?token=${encodeURIComponent(tokenOf(confirmation.link))}`)).html).toContain('Bekräfta kontot rut@example.test hos Acme.');

    // company B's registration is switched off: its link says so and registers nobody
    expect((await server.api('/api/v1/admin/company', { method: 'PATCH', token: adminB, body: { registration: 'disabled' } })).status).toBe(200);
    const tokenB = (await (await server.api('/api/v1/admin/registration-link', { token: adminB })).json()) as { token: string };
    expect(await (await server.api(`/api/v1/registration?token=${encodeURIComponent(tokenB.token)}`)).json()).toMatchObject({ company: 'Globex', open: false });
    const closed = await page(`/register?token=${encodeURIComponent(tokenB.token)}`);
    expect(closed.status).toBe(403);
    expect(closed.html).toContain('Registration at Globex is switched off.');
    const refused = await page('/register', form({ ...fields, token: tokenB.token, email: 'sneak@example.test', repeat: fields.password }));
    expect(refused.status).toBe(403);
    expect((await usersOf(adminB)).some((u) => u.email === 'sneak@example.test')).toBe(false);
  });

  it('a CSV-imported user without a password gets a welcome mail whose link sets it; a resend replaces the link', async () => {
    const content = 'Internal ID,First Name,Last Name,Email,Language\n,Wilma,Wall,wilma@example.test,sv\n';
    const submitted = await server.api('/api/v1/admin/users/csv/submit', { token: adminA, body: { content } });
    expect(submitted.status, await submitted.clone().text()).toBe(202);
    const mail = await eventually(() => server.mails().find((m) => m.kind === 'welcome' && m.to === 'wilma@example.test'), 'welcome mail');
    expect(mail.subject).toBe('Välkommen till Acme');
    expect(mail.text).toContain('Välj ditt lösenord här inom 7 dagar');
    const first = tokenOf(mail.link);
    expect((await page(`/password-reset?token=${encodeURIComponent(first)}`)).status).toBe(200);

    const wilma = (await usersOf(adminA)).find((u) => u.email === 'wilma@example.test');
    if (!wilma) throw new Error('wilma was not created');
    // company B's admin cannot send it; company A's admin can, and the first link stops working
    expect((await server.api(`/api/v1/admin/users/${wilma.id}/welcome`, { method: 'POST', token: adminB })).status).toBe(404);
    const mailsBefore = server.mails().length;
    const resent = await server.api(`/api/v1/admin/users/${wilma.id}/welcome`, { method: 'POST', token: adminA });
    expect(resent.status).toBe(200);
    expect(await resent.json()).toEqual({ email: 'wilma@example.test', days: 7 });
    expect(server.mails().length).toBe(mailsBefore + 1);
    const second = tokenOf(server.mails().at(-1)?.link);
    expect(second).not.toBe(first);
    expect((await page(`/password-reset?token=${encodeURIComponent(first)}`)).status).toBe(410);

    const set = await page('/password-reset', form({ token: second, password: 'Wilmas-secret-41', repeat: 'Wilmas-secret-41' }));
    expect(set.status).toBe(200);
    expect(await signInStatus('wilma@example.test', 'Wilmas-secret-41')).toBe(200);
    expect((await page('/password-reset', form({ token: second, password: 'Wilmas-secret-42', repeat: 'Wilmas-secret-42' }))).status).toBe(410);
  });

  it('an admin-created user with "Send welcome email" gets the link in their language; disabled users get none', async () => {
    const created = await server.api('/api/v1/admin/users', {
      token: adminA,
      body: { firstName: 'Walter', lastName: 'Welcome', email: 'walter@example.test', language: 'en', randomPassword: true, sendWelcomeEmail: true },
    });
    expect(created.status).toBe(200);
    const { user } = (await created.json()) as { user: { id: string } };
    const mail = await eventually(() => server.mails().find((m) => m.kind === 'welcome' && m.to === 'walter@example.test'), 'welcome mail');
    expect(mail.subject).toBe('Welcome to Acme');
    expect(mail.text).toContain(`sign in with the server address ${server.url}`);
    expect(mail.link).toMatch(/\/password-reset\?token=/);
    expect((await server.api(`/api/v1/admin/users/${user.id}/disabled`, { method: 'PUT', token: adminA, body: { disabled: true } })).status).toBeLessThan(300);
    const refused = await server.api(`/api/v1/admin/users/${user.id}/welcome`, { method: 'POST', token: adminA });
    expect(refused.status).toBe(409);
    expect(((await refused.json()) as { text?: { key: string } }).text).toEqual({ key: 'error.welcomeDisabled' });
  });

  it('the audit log records what people did to get in, each by the person, in their own company only', async () => {
    type Entry = { actorId: string | null; actorName: string; action: string; subject: { name: string } | null };
    const audit = async (query: string, token: string) =>
      ((await (await server.api(`/api/v1/admin/audit?${query}&pageSize=200`, { token })).json()) as { entries: Entry[] }).entries;
    const users = await usersOf(adminA);
    const idOf = (email: string) => users.find((u) => u.email === email)?.id;
    const expectEntry = async (action: string, email: string, userName: string) => {
      const found = (await audit(`action=${action}`, adminA)).filter((e) => e.actorId === idOf(email));
      expect(found, `${action} by ${email}`).toHaveLength(1);
      expect(found[0]).toMatchObject({ actorName: userName, subject: { name: expect.stringContaining(userName) } });
    };
    await expectEntry('users.inviteAccepted', 'ines@example.test', 'ines');
    await expectEntry('users.confirm', 'ines@example.test', 'ines');
    await expectEntry('users.register', 'rut@example.test', 'rut@example.test');
    await expectEntry('users.passwordReset', 'wilma@example.test', 'wilma@example.test');
    // a refused registration (company B switched it off) recorded nothing; B sees none of A's
    for (const action of ['users.inviteAccepted', 'users.register', 'users.confirm', 'users.passwordReset'])
      expect(await audit(`action=${action}`, adminB)).toEqual([]);
  });
});
