/**
 * Every route against every kind of caller: anonymous, a user, a user reaching for another
 * user's data, the admin of another company, and the company's admin.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Template, UserSnapshot } from '../../../src/shared/model';
import { startTestServer, type TestServer } from '../../support/server';

interface Route {
  method: string;
  path: string;
  body?: unknown;
}

describe('profile server: authorisation of every route', () => {
  let server: TestServer;
  const tokens: Record<'alice' | 'bob' | 'admin' | 'globexadmin' | 'guest', string> = { alice: '', bob: '', admin: '', globexadmin: '', guest: '' };
  let bobProfile: UserSnapshot['profiles'][number];
  let template: Template;
  let aliceId: string;
  let deskId: string;

  beforeAll(async () => {
    server = await startTestServer();
    for (const name of ['alice', 'bob', 'admin', 'globexadmin'] as const) tokens[name] = await server.signIn(name);
    aliceId = server.company.users.alice?.id as string;
    bobProfile = ((await (await server.api('/api/v1/me/snapshot', { token: tokens.bob })).json()) as UserSnapshot).profiles[0] as UserSnapshot['profiles'][number];
    const templates = (await (await server.api('/api/v1/admin/templates', { token: tokens.admin })).json()) as { id: string }[];
    template = (await (await server.api(`/api/v1/admin/templates/${templates[0]?.id}`, { token: tokens.admin })).json()) as Template;
    // A guest (self-registered, confirmation off for this test).
    await server.api('/api/v1/admin/company', { method: 'PATCH', token: tokens.admin, body: { requireConfirmation: false } });
    await server.api('/api/v1/register', { body: { registrationToken: await server.server.ctx.store.getRegistrationToken('acme'), firstName: 'Gwen', lastName: 'Guest', email: 'gwen@example.test', userName: 'gwen', password: 'gwen-password-1' } });
    tokens.guest = await server.signIn('gwen', 'gwen-password-1');
    const desk = await server.api(`/api/v1/admin/users/${aliceId}/devices`, { token: tokens.admin, body: { label: 'Desk' } });
    deskId = ((await desk.json()) as { device: { id: string } }).device.id;
  });
  afterAll(async () => {
    await server.stop();
  });

  const call = (route: Route, token?: string) => server.api(route.path, { method: route.method, token, body: route.body });

  const meRoutes = (): Route[] => [
    { method: 'GET', path: '/api/v1/me' },
    { method: 'GET', path: '/api/v1/me/sip' },
    { method: 'GET', path: '/api/v1/me/snapshot' },
    { method: 'GET', path: '/api/v1/me/effective' },
    { method: 'GET', path: '/api/v1/directory?query=bo' },
    { method: 'POST', path: '/api/v1/me/manual-choice/clear' },
    { method: 'POST', path: '/api/v1/me/queues', body: { queueIds: 'all', status: 'active' } },
    { method: 'POST', path: '/api/v1/me/caller-id', body: { number: null } },
    { method: 'GET', path: '/api/v1/me/recordings' },
    { method: 'POST', path: '/api/v1/auth/sign-out' },
  ];
  const adminRoutes = (): Route[] => [
    { method: 'GET', path: '/api/v1/admin/users' },
    { method: 'POST', path: '/api/v1/admin/users', body: { firstName: 'Nina', lastName: 'New', email: `nina${Math.random().toString(36).slice(2)}@example.test`, password: 'nina-password-1' } },
    { method: 'GET', path: `/api/v1/admin/users/${aliceId}` },
    { method: 'GET', path: `/api/v1/admin/users/${aliceId}/snapshot` },
    { method: 'PATCH', path: `/api/v1/admin/users/${aliceId}`, body: { firstName: 'Alice' } },
    { method: 'PUT', path: `/api/v1/admin/users/${aliceId}/disabled`, body: { disabled: false } },
    { method: 'GET', path: '/api/v1/admin/company' },
    { method: 'GET', path: '/api/v1/admin/queues' },
    { method: 'PATCH', path: '/api/v1/admin/company', body: {} },
    { method: 'GET', path: '/api/v1/admin/preferences/columns' },
    { method: 'POST', path: '/api/v1/admin/invitations', body: { emails: [`inv${Math.random().toString(36).slice(2)}@example.test`] } },
    { method: 'GET', path: '/api/v1/admin/users.csv' },
    { method: 'POST', path: '/api/v1/admin/users/csv/dry-run', body: { content: 'Internal ID,First Name,Last Name,Email\n' } },
    { method: 'GET', path: '/api/v1/admin/templates' },
    { method: 'GET', path: `/api/v1/admin/templates/${template.id}` },
    { method: 'POST', path: `/api/v1/admin/templates/${template.id}/clone`, body: { name: `Copy ${Math.random()}` } },
    { method: 'POST', path: `/api/v1/admin/templates/${template.id}/apply`, body: { userIds: [aliceId], confirmOverwrite: true } },
    { method: 'GET', path: '/api/v1/admin/template-applications' },
    { method: 'GET', path: '/api/v1/admin/recordings' },
    { method: 'POST', path: '/api/v1/admin/profiles/mass-edit', body: { userIds: [aliceId], profileKey: template.profiles[0]?.key, field: 'recording', value: false } },
    { method: 'GET', path: `/api/v1/admin/users/${aliceId}/devices` },
    { method: 'POST', path: `/api/v1/admin/users/${aliceId}/devices`, body: { label: 'Reception' } },
    { method: 'POST', path: `/api/v1/admin/users/${aliceId}/devices/${deskId}/rotate` },
    // last: the admin's own run removes the desk phone
    { method: 'DELETE', path: `/api/v1/admin/users/${aliceId}/devices/${deskId}` },
  ];

  it('anonymous callers get 401 everywhere except sign-in, registration and the OpenAPI document', async () => {
    for (const route of [...meRoutes(), ...adminRoutes()]) {
      expect((await call(route)).status, `${route.method} ${route.path}`).toBe(401);
    }
  });

  it('a user reads and changes only their own data; admin routes are forbidden', async () => {
    for (const route of meRoutes().filter((r) => r.path !== '/api/v1/auth/sign-out')) {
      expect((await call(route, tokens.alice)).status, `${route.method} ${route.path}`).toBe(200);
    }
    for (const route of adminRoutes()) {
      expect((await call(route, tokens.alice)).status, `${route.method} ${route.path}`).toBe(403);
    }
  });

  it("another user's profile is not found for alice", async () => {
    const { id, ...fields } = bobProfile;
    const switched = await server.api('/api/v1/me/profile-switch', { token: tokens.alice, body: { profileId: id } });
    expect(switched.status).toBe(404);
    // The refusal carries the shared command's text, so the client can say it in the user's language.
    expect(await switched.json()).toMatchObject({
      error: 'not_found',
      message: 'That profile no longer exists',
      text: { key: 'command.profileGone', params: { profileId: id } },
    });
    expect((await server.api(`/api/v1/me/profiles/${id}`, { method: 'PUT', token: tokens.alice, body: { fields } })).status).toBe(404);
    const bobQueues = (await (await server.api('/api/v1/me/snapshot', { token: tokens.bob })).json()) as UserSnapshot;
    const sales = bobQueues.queues.find((q) => q.name === 'Sales');
    expect((await server.api('/api/v1/me/queues', { token: tokens.alice, body: { queueIds: [sales?.id], status: 'paused' } })).status).toBe(404);
  });

  it('a guest may read their own data but change nothing', async () => {
    expect((await server.api('/api/v1/me/snapshot', { token: tokens.guest })).status).toBe(200);
    const rotate = await server.api('/api/v1/me/sip/rotate', { method: 'POST', token: tokens.guest });
    expect(rotate.status).toBe(403);
    expect(await rotate.json()).toMatchObject({
      message: 'Guest accounts cannot change settings; ask an administrator for a user role',
      text: { key: 'error.guestAccount' },
    });
    // Synced commands declare who may call them: a guest may switch profile, not edit one.
    const { id, ...fields } = bobProfile;
    const switched = await server.api('/api/v1/me/profile-switch', { token: tokens.guest, body: { profileId: id } });
    expect(switched.status).toBe(404);
    const edited = await server.api(`/api/v1/me/profiles/${id}`, { method: 'PUT', token: tokens.guest, body: { fields } });
    expect(edited.status).toBe(403);
    expect(await edited.json()).toMatchObject({ text: { key: 'error.guestAccount' } });
    const admin = await server.api('/api/v1/admin/users', { token: tokens.guest });
    expect(admin.status).toBe(403);
    expect(await admin.json()).toMatchObject({ message: 'Only administrators can do this', text: { key: 'error.adminsOnly' } });
  });

  it("the admin of another company cannot see or touch this company's users and templates", async () => {
    for (const route of adminRoutes().filter((r) => r.path.includes(aliceId) || r.path.includes(template.id) || r.path.endsWith('mass-edit'))) {
      expect((await call(route, tokens.globexadmin)).status, `${route.method} ${route.path}`).toBe(404);
    }
    const theirs = (await (await server.api('/api/v1/admin/users', { token: tokens.globexadmin })).json()) as { userName: string }[];
    expect(theirs.map((u) => u.userName).sort()).toEqual(['globexadmin', 'olga']);
    expect(await (await server.api('/api/v1/admin/queues', { token: tokens.globexadmin })).json()).toEqual([]);
    const directory = (await (await server.api('/api/v1/directory', { token: tokens.globexadmin })).json()) as { userName: string }[];
    expect(directory.map((u) => u.userName).sort()).toEqual(['globexadmin', 'olga']);
  });

  it("the company's admin may use every admin route", async () => {
    for (const route of adminRoutes()) {
      const response = await call(route, tokens.admin);
      expect(response.status, `${route.method} ${route.path}: ${await response.clone().text()}`).toBe(200);
    }
  });
});
