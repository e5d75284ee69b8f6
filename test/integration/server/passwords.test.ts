/**
 * Issue 12 "Passwords": a minimum length, the most common passwords refused, no trimming of
 * what the user typed, and a password of only spaces refused with a clear message (it was a
 * 500 for the admin's create form and a working password for self-registration).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messages } from '../../../src/shared/rules';
import { startTestServer, type TestServer } from '../../support/server';

interface ErrorBody {
  message: string;
  text?: { key: string };
}

describe('profile server: passwords', () => {
  let server: TestServer;
  let admin: string;
  beforeAll(async () => {
    server = await startTestServer();
    admin = await server.signIn('admin');
  });
  afterAll(async () => {
    await server.stop();
  });

  const create = (email: string, password: string) =>
    server.api('/api/v1/admin/users', { token: admin, body: { firstName: 'Anna', lastName: 'Berg', email, password } });
  const register = async (userName: string, password: string) =>
    server.api('/api/v1/register', {
      body: { registrationToken: await server.server.ctx.store.getRegistrationToken(server.company.id), firstName: 'Gina', lastName: 'Gäst', email: `${userName}@example.test`, userName, password },
    });
  const users = async () => ((await (await server.api('/api/v1/admin/users', { token: admin })).json()) as { email: string }[]).map((u) => u.email);

  it.each([
    ['only spaces', '          ', messages.passwordBlank, 'validation.passwordBlank'],
    ['too short', 'k7#Qv2', messages.password, 'validation.password'],
    ['one of the most common', 'Password1', messages.passwordCommon, 'validation.passwordCommon'],
    ['common, in other letter case', 'QWERTY123', messages.passwordCommon, 'validation.passwordCommon'],
  ])('refuses a password that is %s, naming the field, for the admin and for self-registration', async (_what, password, message, key) => {
    const before = await users();
    for (const response of [await create(`anna.${before.length}@example.test`, password), await register(`gina${before.length}`, password)]) {
      expect(response.status).toBe(400);
      const body = (await response.json()) as ErrorBody;
      expect(body.message).toContain('password');
      expect(body.message).toContain(message);
      expect(body.text?.key).toBe(key);
    }
    expect(await users()).toEqual(before);
  });

  it('keeps spaces the user typed: the password signs in exactly as given, not trimmed', async () => {
    const password = '  spaced out pass  ';
    expect((await create('spaces@example.test', password)).status).toBe(200);
    const signIn = (given: string) => server.api('/api/v1/auth/sign-in', { method: 'POST', body: { login: 'spaces@example.test', password: given } });
    expect((await signIn(password)).status).toBe(200);
    expect((await signIn(password.trim())).status).toBe(401);
  });

  it('refuses a common password when an admin changes one, and in a CSV row', async () => {
    const list = (await (await server.api('/api/v1/admin/users', { token: admin })).json()) as { id: string; userName: string }[];
    const bob = list.find((u) => u.userName === 'bob');
    const change = await server.api(`/api/v1/admin/users/${bob?.id}`, { method: 'PATCH', token: admin, body: { password: 'iloveyou' } });
    expect(change.status).toBe(400);
    expect(((await change.json()) as ErrorBody).text?.key).toBe('validation.passwordCommon');
    const csv = 'Internal ID,First Name,Last Name,Email,Password\n,Cecilia,Ek,cecilia@example.test,letmein123\n';
    const report = (await (await server.api('/api/v1/admin/users/csv/dry-run', { token: admin, body: { content: csv } })).json()) as { invalid: { problems: string[] }[] };
    expect(report.invalid[0]?.problems).toEqual([`Password: ${messages.passwordCommon}`]);
  });
});
