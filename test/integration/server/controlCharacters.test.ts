/**
 * Issue 12: control characters (CR, LF, NUL, tab, bidi overrides) are refused in names, labels
 * and routing targets, with the field named, and nothing already stored changes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UserSnapshot } from '../../../src/shared/model';
import { startTestServer, type TestServer } from '../../support/server';

interface ErrorAnswer {
  message: string;
  text?: { key: string };
}

describe('profile server: control characters in names, labels and routing targets', () => {
  let server: TestServer;
  let alice: string;
  let admin: string;
  beforeAll(async () => {
    server = await startTestServer();
    alice = await server.signIn('alice');
    admin = await server.signIn('admin');
  });
  afterAll(async () => {
    await server.stop();
  });

  const snapshot = async (): Promise<UserSnapshot> =>
    (await (await server.api('/api/v1/me/snapshot', { token: alice })).json()) as UserSnapshot;

  const refused = async (response: Response, field: RegExp): Promise<void> => {
    expect(response.status).toBe(400);
    const answer = (await response.json()) as ErrorAnswer;
    expect(answer.message).toMatch(field);
    expect(answer.message).toMatch(/control characters/);
    expect(answer.text?.key).toBe('validation.controlCharacters');
  };

  it.each([
    ['a line feed', 'At my\ndesk'],
    ['a carriage return at the end', 'At my desk\r'],
    ['NUL', 'At\u0000desk'],
    ['a right-to-left override', 'At my \u202eksed'],
  ])("refuses a profile name with %s and keeps the profile's name", async (_what, name) => {
    const before = await snapshot();
    const profile = before.profiles[0];
    if (!profile) throw new Error('no profile');
    const { id, ...fields } = profile;
    const response = await server.api(`/api/v1/me/profiles/${id}`, { method: 'PUT', token: alice, body: { fields: { ...fields, name } } });
    await refused(response, /name/);
    const after = await snapshot();
    expect(after.profiles[0]?.name).toBe(profile.name);
    expect(after.revision).toBe(before.revision);
  });

  it('refuses a message target whose id carries a line break (a routing target)', async () => {
    const profile = (await snapshot()).profiles[0];
    if (!profile) throw new Error('no profile');
    const { id, ...fields } = profile;
    const exceptions = { ...fields.exceptions, busy: { kind: 'message', messageId: 'closed\r\nX-Injected: 1' } };
    const response = await server.api(`/api/v1/me/profiles/${id}`, { method: 'PUT', token: alice, body: { fields: { ...fields, exceptions } } });
    await refused(response, /exceptions\.busy\.messageId/);
  });

  it("refuses an admin's new user whose first name ends in a line feed, naming the field", async () => {
    const response = await server.api('/api/v1/admin/users', {
      token: admin,
      body: { firstName: 'Anna\n', lastName: 'Berg', email: 'anna.ctl@example.com' },
    });
    expect(response.status).toBe(400);
    const answer = (await response.json()) as ErrorAnswer;
    expect(answer.message).toMatch(/firstName/);
    expect(answer.message).toMatch(/control characters/);
    const list = (await (await server.api('/api/v1/admin/users', { token: admin })).json()) as { email: string }[];
    expect(list.some((u) => u.email === 'anna.ctl@example.com')).toBe(false);
  });

  it('refuses custom field labels and template names with control characters', async () => {
    const before = (await (await server.api('/api/v1/admin/company', { token: admin })).json()) as { settings: { customFieldLabels: unknown } };
    const labels = await server.api('/api/v1/admin/company', {
      method: 'PATCH',
      token: admin,
      body: { customFieldLabels: ['Cost centre\u2066', null, null] },
    });
    await refused(labels, /customFieldLabels\.0/);
    const after = (await (await server.api('/api/v1/admin/company', { token: admin })).json()) as { settings: { customFieldLabels: unknown } };
    expect(after.settings.customFieldLabels).toEqual(before.settings.customFieldLabels);

    const templates = (await (await server.api('/api/v1/admin/templates', { token: admin })).json()) as { id: string }[];
    const first = templates[0];
    if (!first) throw new Error('no template');
    const clone = await server.api(`/api/v1/admin/templates/${first.id}/clone`, { token: admin, body: { name: 'Office\tcopy' } });
    await refused(clone, /name/);
  });
});
