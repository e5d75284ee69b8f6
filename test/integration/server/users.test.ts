import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { messages, messageTexts, validationText } from '../../../src/shared/rules';
import { joinSentences } from '../../../src/shared/text';
import { startTestServer, type TestServer } from '../../support/server';

interface ErrorBody {
  error: string;
  message: string;
  details?: { fields?: Record<string, string> };
  text?: unknown;
}

describe('profile server: user management (seeds 002, 003)', () => {
  let server: TestServer;
  let admin: string;
  beforeAll(async () => {
    server = await startTestServer();
    admin = await server.signIn('admin');
  });
  afterAll(async () => {
    await server.stop();
  });

  const create = (body: Record<string, unknown>) => server.api('/api/v1/admin/users', { token: admin, body });

  it('creates a user with a given password; the user name defaults to the email', async () => {
    const response = await create({ firstName: 'Erik', lastName: 'Ek', email: 'Erik.Ek@example.test', password: 'erik-password-1', numbers: { extension: '1010' } });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { user: { userName: string; role: string }; password: string | null };
    expect(body).toMatchObject({ user: { userName: 'Erik.Ek@example.test', role: 'user' }, password: null });
    expect((await server.api('/api/v1/auth/sign-in', { body: { login: 'erik.ek@example.test', password: 'erik-password-1' } })).status).toBe(200);
  });

  it('creates a user with a random password returned once', async () => {
    const response = await create({ firstName: 'Frida', lastName: 'Fors', email: 'frida@example.test', userName: 'frida', randomPassword: true, sendWelcomeEmail: true });
    const body = (await response.json()) as { password: string };
    expect(body.password).toMatch(/^[A-Za-z0-9]{16}$/);
    expect((await server.api('/api/v1/auth/sign-in', { body: { login: 'frida', password: body.password } })).status).toBe(200);
    expect(server.mails().some((m) => m.kind === 'welcome' && m.to === 'frida@example.test')).toBe(true);
  });

  it("answers invalid names, emails and user names with the seeds' messages", async () => {
    const response = await create({ firstName: 'J', lastName: '9', email: 'not-an-email', userName: '.dot', password: 'whatever-1' });
    expect(response.status).toBe(400);
    const body = (await response.json()) as ErrorBody;
    expect(body.details?.fields).toMatchObject({
      firstName: messages.firstName,
      lastName: messages.lastName,
      email: messages.email,
      userName: messages.userNameCharacters,
    });
    // The summary's text is the fields' texts one after the other.
    expect(body.text).toEqual(joinSentences(Object.values(body.details?.fields ?? {}).map((message) => validationText(message)!)));
    const single = (await (await create({ firstName: 'Gus', lastName: 'G', email: 'g@example.test', userName: '7', password: 'whatever-1' })).json()) as ErrorBody;
    expect(single.details?.fields?.userName).toBe(messages.userNameSingleCharacter);
  });

  it('keeps user names and emails unique per company ignoring case', async () => {
    const name = (await (await create({ firstName: 'Alicia', lastName: 'Ax', email: 'alicia@example.test', userName: 'ALICE', password: 'whatever-1' })).json()) as ErrorBody;
    expect(name.details?.fields?.userName).toBe(messages.userNameTaken);
    // The same words as a text the desktop client can say in the user's language.
    expect((name as { text?: unknown }).text).toEqual(messageTexts.userNameTaken);
    const email = (await (await create({ firstName: 'Alicia', lastName: 'Ax', email: 'ALICE@example.test', userName: 'alicia', password: 'whatever-1' })).json()) as ErrorBody;
    expect(email.details?.fields?.email).toBe(messages.emailTaken);
    // Per company only (issue 12): Globex's Olga does not stand in the way; the new user gets a SIP name of their own.
    const other = await create({ firstName: 'Olga', lastName: 'Two', email: 'olga2@example.test', userName: 'Olga', password: 'whatever-1' });
    expect(other.status).toBe(200);
    const created = (await other.json()) as { user: { id: string } };
    expect((await server.server.ctx.store.getUser(created.user.id))?.sipUser).toMatch(/^olga-[a-z2-9]{6}$/);
  });

  it('refuses a number that already belongs to someone else', async () => {
    const response = await create({ firstName: 'Hugo', lastName: 'Holm', email: 'hugo@example.test', password: 'whatever-1', numbers: { extension: '1001' } });
    expect(response.status).toBe(409);
    const body = (await response.json()) as ErrorBody;
    expect(body.message).toContain('1001');
    expect(body.text).toEqual({ key: 'error.numberTaken', params: { number: '1001' } });
  });

  it('disables (signing the user out) and re-enables without deleting', async () => {
    const carol = server.company.users.carol;
    if (!carol) throw new Error('seed');
    const token = await server.signIn('carol');
    const disabled = await server.api(`/api/v1/admin/users/${carol.id}/disabled`, { method: 'PUT', token: admin, body: { disabled: true } });
    expect(((await disabled.json()) as { disabled: boolean }).disabled).toBe(true);
    expect((await server.api('/api/v1/me', { token })).status).toBe(401);
    const signIn = await server.api('/api/v1/auth/sign-in', { body: { login: 'carol', password: 'carol-password-1' } });
    expect(signIn.status).toBe(401);
    expect(((await signIn.json()) as ErrorBody).message).toMatch(/disabled/);
    const list = (await (await server.api('/api/v1/admin/users', { token: admin })).json()) as { userName: string; disabled: boolean }[];
    expect(list.find((u) => u.userName === 'carol')?.disabled).toBe(true);
    await server.api(`/api/v1/admin/users/${carol.id}/disabled`, { method: 'PUT', token: admin, body: { disabled: false } });
    expect((await server.api('/api/v1/auth/sign-in', { body: { login: 'carol', password: 'carol-password-1' } })).status).toBe(200);
  });

  it('keeps a backup administrator: the last enabled admin cannot be disabled or demoted', async () => {
    const adminId = server.company.users.admin?.id as string;
    const disable = await server.api(`/api/v1/admin/users/${adminId}/disabled`, { method: 'PUT', token: admin, body: { disabled: true } });
    expect(disable.status).toBe(409);
    expect(((await disable.json()) as ErrorBody).message).toMatch(/backup administrator/);
    const demote = await server.api(`/api/v1/admin/users/${adminId}`, { method: 'PATCH', token: admin, body: { role: 'user' } });
    expect(demote.status).toBe(409);
    expect(((await demote.json()) as ErrorBody).text).toEqual({ key: 'error.backupAdmin' });
  });

  it('says which kind of thing was not found', async () => {
    const missing = await server.api(`/api/v1/admin/users/${randomUUID()}/disabled`, { method: 'PUT', token: admin, body: { disabled: true } });
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: 'not_found', message: 'User was not found', text: { key: 'error.notFound.user' } });
  });

  it('edits a user, including custom fields and numbers', async () => {
    await server.api('/api/v1/admin/company', { method: 'PATCH', token: admin, body: { customFieldLabels: ['Cost centre', 'Office', null] } });
    const dave = server.company.users.dave?.id as string;
    const response = await server.api(`/api/v1/admin/users/${dave}`, {
      method: 'PATCH',
      token: admin,
      body: { lastName: 'Dahlberg', customFields: ['CC-42', 'Malmö', null], numbers: { landline: '+46855501004' } },
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ lastName: 'Dahlberg', customFields: ['CC-42', 'Malmö', null], numbers: { landline: '+46855501004', extension: '1004' } });
    const company = (await (await server.api('/api/v1/admin/company', { token: admin })).json()) as { settings: { customFieldLabels: unknown } };
    expect(company.settings.customFieldLabels).toEqual(['Cost centre', 'Office', null]);
  });

  it('changes only the fields an edit names (an admin stays admin when renamed)', async () => {
    const adminId = server.company.users.admin?.id as string;
    const response = await server.api(`/api/v1/admin/users/${adminId}`, { method: 'PATCH', token: admin, body: { firstName: 'Adelaide' } });
    expect(await response.json()).toMatchObject({ firstName: 'Adelaide', role: 'admin', numbers: { extension: '1000' } });
  });

  it('stores the visible-columns preference per admin', async () => {
    const put = await server.api('/api/v1/admin/preferences/columns', { method: 'PUT', token: admin, body: { columns: ['userName', 'custom1', 'email'] } });
    expect(put.status).toBe(200);
    const got = (await (await server.api('/api/v1/admin/preferences/columns', { token: admin })).json()) as { columns: string[] };
    expect(got.columns).toEqual(['userName', 'custom1', 'email']);
    const bad = await server.api('/api/v1/admin/preferences/columns', { method: 'PUT', token: admin, body: { columns: ['password'] } });
    expect(bad.status).toBe(400);
  });

  it('invites by email: one-time link → registration → confirmation → sign-in', async () => {
    const response = await server.api('/api/v1/admin/invitations', { token: admin, body: { emails: ['ivy@example.test', 'alice@example.test', 'nonsense'] } });
    const report = (await response.json()) as { invited: number; skipped: { email: string }[] };
    expect(report.invited).toBe(1);
    expect(report.skipped.map((s) => s.email).sort()).toEqual(['alice@example.test', 'nonsense']);
    const mail = server.mails().find((m) => m.kind === 'invitation' && m.to === 'ivy@example.test');
    const token = new URL(mail?.link ?? '').searchParams.get('token') as string;

    const accepted = await server.api('/api/v1/invitations/accept', { body: { token, firstName: 'Ivy', lastName: 'Ivarsson', userName: 'ivy', password: 'ivy-password-1' } });
    expect(accepted.status).toBe(200);
    expect(await accepted.json()).toMatchObject({ user: { role: 'user', email: 'ivy@example.test', confirmed: false }, confirmationRequired: true });
    const again = await server.api('/api/v1/invitations/accept', { body: { token, firstName: 'Ivy', lastName: 'Again', userName: 'ivy2', password: 'ivy-password-1' } });
    expect(again.status).toBe(410);
    expect(((await again.json()) as ErrorBody).text).toEqual({ key: 'error.invitationUnusable' });

    expect((await server.api('/api/v1/auth/sign-in', { body: { login: 'ivy', password: 'ivy-password-1' } })).status).toBe(401);
    const confirmation = server.mails().find((m) => m.kind === 'confirmation' && m.to === 'ivy@example.test');
    const confirmToken = new URL(confirmation?.link ?? '').searchParams.get('token') as string;
    expect((await server.api('/api/v1/confirm', { body: { token: confirmToken } })).status).toBe(200);
    expect((await server.api('/api/v1/auth/sign-in', { body: { login: 'ivy', password: 'ivy-password-1' } })).status).toBe(200);
  });

  it('self-registers as a guest through the registration link, and only mails the refusal when registration is switched off', async () => {
    const registrationToken = await server.server.ctx.store.getRegistrationToken(server.company.id);
    const body = { registrationToken, firstName: 'Gina', lastName: 'Gäst', email: 'gina@example.test', userName: 'gina', password: 'gina-password-1' };
    const response = await server.api('/api/v1/register', { body });
    expect(response.status).toBe(202);
    expect(await response.json()).toEqual({ received: true });
    expect(server.mails().some((m) => m.kind === 'confirmation' && m.to === 'gina@example.test')).toBe(true);
    const listed = (await (await server.api('/api/v1/admin/users', { token: admin })).json()) as { userName: string; role: string }[];
    expect(listed.find((u) => u.userName === 'gina')?.role).toBe('guest');

    await server.api('/api/v1/admin/company', { method: 'PATCH', token: admin, body: { registration: 'disabled' } });
    const refused = await server.api('/api/v1/register', { body: { ...body, email: 'gina2@example.test', userName: 'gina2' } });
    // The same answer as an accepted registration: the refusal goes to the address.
    expect(refused.status).toBe(202);
    expect(await refused.json()).toEqual({ received: true });
    expect(server.mails().find((m) => m.to === 'gina2@example.test')?.text).toMatch(/switched off/);
    const after = (await (await server.api('/api/v1/admin/users', { token: admin })).json()) as { userName: string }[];
    expect(after.some((u) => u.userName === 'gina2')).toBe(false);
    await server.api('/api/v1/admin/company', { method: 'PATCH', token: admin, body: { registration: 'open' } });
  });

  it('never lets self-registration make administrators (issue 12)', async () => {
    const before = (await (await server.api('/api/v1/admin/company', { token: admin })).json()) as { settings: { registrationRole: string } };
    const response = await server.api('/api/v1/admin/company', { method: 'PATCH', token: admin, body: { registrationRole: 'admin' } });
    expect(response.status).toBe(400);
    expect(((await response.json()) as ErrorBody).message).toMatch(/registrationRole: Self-registered users cannot be administrators/);
    const after = (await (await server.api('/api/v1/admin/company', { token: admin })).json()) as { settings: { registrationRole: string } };
    expect(after.settings.registrationRole).toBe(before.settings.registrationRole);
    // invited users may still be made administrators
    expect((await server.api('/api/v1/admin/company', { method: 'PATCH', token: admin, body: { invitationRole: 'admin' } })).status).toBe(200);
    await server.api('/api/v1/admin/company', { method: 'PATCH', token: admin, body: { invitationRole: 'user' } });
  });
});
