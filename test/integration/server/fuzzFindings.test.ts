/**
 * What the fuzz test (fuzz.test.ts) found, one focused case each: the request that answered 500,
 * now answered as it should, with the database unchanged where it is refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { watchDatabase, type DatabaseWatch } from '../../support/routeFixture';
import { startTestServer, type TestServer } from '../../support/server';

describe('profile server: requests the fuzz test found answered 500', () => {
  let server: TestServer;
  let db: DatabaseWatch;
  let admin: string;
  let alice: string;

  beforeAll(async () => {
    server = await startTestServer();
    admin = await server.signIn('admin');
    alice = await server.signIn('alice');
    db = await watchDatabase(server);
  });
  afterAll(async () => {
    db.close();
    await server.stop();
  });

  it('a command without arguments refuses a body other than none or null with 400, naming it', async () => {
    for (const body of [-1, [], 'x', { profileId: 'x' }]) {
      await db.changes();
      const answer = await server.api('/api/v1/me/manual-choice/clear', { method: 'POST', token: alice, body });
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(((await answer.json()) as { message: string }).message).toMatch(/^body: /);
      expect(await db.changes()).toEqual([]);
    }
    expect((await server.api('/api/v1/me/manual-choice/clear', { method: 'POST', token: alice, body: 'null', headers: { 'content-type': 'application/json' } })).status).toBe(200);
    expect((await server.api('/api/v1/me/manual-choice/clear', { method: 'POST', token: alice })).status).toBe(200);
  });

  it('a user named twice in a template application or mass edit is changed once', async () => {
    const bob = server.company.users.bob?.id as string;
    const template = server.company.templates[0]?.id as string;
    const applied = await server.api(`/api/v1/admin/templates/${template}/apply`, { token: admin, body: { userIds: [bob, bob], confirmOverwrite: true } });
    expect(applied.status, await applied.clone().text()).toBe(200);
    expect(await applied.json()).toMatchObject({ applied: 1 });
    const audits = (await (await server.api('/api/v1/admin/template-applications', { token: admin })).json()) as { userIds: string[] }[];
    expect(audits[0]?.userIds).toEqual([bob]);
    const full = (await (await server.api(`/api/v1/admin/templates/${template}`, { token: admin })).json()) as { profiles: { key: string; name: string }[] };
    const { key, ...fields } = full.profiles[0] as { key: string; name: string };
    const added = await server.api('/api/v1/admin/profiles/add', { token: admin, body: { userIds: [bob, bob], profile: { ...fields, name: 'Twice' } } });
    expect(added.status, await added.clone().text()).toBe(200);
    expect(((await added.json()) as { changed: string[] }).changed).toEqual([bob]);
    const edited = await server.api('/api/v1/admin/profiles/mass-edit', { token: admin, body: { userIds: [bob, bob], profileKey: key, field: 'priority', value: 7 } });
    expect(edited.status, await edited.clone().text()).toBe(200);
    expect(((await edited.json()) as { changed: string[] }).changed).toEqual([bob]);
  });
});
