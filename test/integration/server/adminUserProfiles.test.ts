/**
 * Issue 13: an admin edits one of a user's profiles and locks the user's own editing; mass edits
 * preview who would change. Two companies: Acme (`server.company`) and Globex (`server.otherCompany`).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UserSnapshot } from '../../../src/shared/model';
import { startTestServer, type TestServer } from '../../support/server';
import type { ServerMessage, SyncChange } from '../../../src/shared/server-api';
import { openSyncSocket, type SyncSocket } from '../../support/sync-socket';

/** The first pushed change that matches. */
async function change(socket: SyncSocket, match: (change: SyncChange) => boolean): Promise<SyncChange> {
  const found = (m: ServerMessage) => m.type === 'changes' && m.changes.some(match);
  const message = await socket.waitFor(found);
  if (message.type !== 'changes') throw new Error('not a change');
  return message.changes.find(match) as SyncChange;
}

describe('profile server: one user\'s profiles edited and locked by an admin, mass-edit preview (issue 13)', () => {
  let server: TestServer;
  let admin: string;
  let globexAdmin: string;
  let aliceId: string;
  let bobId: string;
  beforeAll(async () => {
    server = await startTestServer();
    admin = await server.signIn('admin');
    globexAdmin = await server.signIn('globexadmin');
    aliceId = server.company.users.alice?.id as string;
    bobId = server.company.users.bob?.id as string;
  });
  afterAll(async () => {
    await server.stop();
  });

  const snapshotOf = async (token: string): Promise<UserSnapshot> => (await (await server.api('/api/v1/me/snapshot', { token })).json()) as UserSnapshot;

  it("edits one of alice's profiles: stored, pushed to her client with a notice; other companies' admins find nothing", async () => {
    const alice = await server.signIn('alice');
    const socket = await openSyncSocket(server.wsUrl, { token: alice });
    try {
      const before = await snapshotOf(alice);
      const profile = before.profiles[1] ?? before.profiles[0];
      if (!profile) throw new Error('alice has no profile');
      const { id, ...fields } = profile;
      const path = `/api/v1/admin/users/${aliceId}/profiles/${id}`;

      const foreign = await server.api(path, { token: globexAdmin, method: 'PUT', body: { fields: { ...fields, priority: 3 } } });
      expect(foreign.status).toBe(404);
      expect((await snapshotOf(alice)).profiles.find((p) => p.id === id)?.priority).toBe(profile.priority);

      const bad = await server.api(path, { token: admin, method: 'PUT', body: { fields: { ...fields, priority: 0 } } });
      expect(bad.status).toBe(400);
      expect(await bad.text()).toMatch(/priority/);

      const edited = await server.api(path, { token: admin, method: 'PUT', body: { fields: { ...fields, priority: 3, recording: !fields.recording } } });
      expect(edited.status, await edited.clone().text()).toBe(200);
      const answer = (await edited.json()) as UserSnapshot;
      expect(answer.profiles.find((p) => p.id === id)).toMatchObject({ priority: 3, recording: !fields.recording });

      const pushed = await change(socket, (c) => c.reason === 'admin-edit');
      expect(pushed.notice?.key).toBe('notice.adminChangedProfile');
      expect((pushed.patch.profiles ?? []).find((p) => p.id === id)?.priority).toBe(3);
      expect((await snapshotOf(alice)).profiles.find((p) => p.id === id)?.priority).toBe(3);

      const gone = await server.api(`/api/v1/admin/users/${aliceId}/profiles/${crypto.randomUUID()}`, { token: admin, method: 'PUT', body: { fields } });
      expect(gone.status).toBe(404);
    } finally {
      await socket.close();
    }
  });

  it("locks bob's profiles: his own edit is refused until unlocked; the lock is pushed; Globex cannot lock him", async () => {
    const bob = await server.signIn('bob');
    const lockPath = `/api/v1/admin/users/${bobId}/profiles-lock`;
    const foreign = await server.api(lockPath, { token: globexAdmin, method: 'PUT', body: { locked: true } });
    expect(foreign.status).toBe(404);
    expect((await snapshotOf(bob)).canEditProfiles).toBe(true);

    const socket = await openSyncSocket(server.wsUrl, { token: bob });
    try {
      const locked = await server.api(lockPath, { token: admin, method: 'PUT', body: { locked: true } });
      expect(await locked.json()).toEqual({ userId: bobId, locked: true });
      const pushed = await change(socket, (c) => c.patch.canEditProfiles === false);
      expect(pushed.notice?.key).toBe('notice.profilesLocked');

      const profile = (await snapshotOf(bob)).profiles[0];
      if (!profile) throw new Error('bob has no profile');
      const { id, ...fields } = profile;
      const own = await server.api(`/api/v1/me/profiles/${id}`, { token: bob, method: 'PUT', body: { fields: { ...fields, priority: 9 } } });
      expect(own.status).toBe(403);

      await server.api(lockPath, { token: admin, method: 'PUT', body: { locked: false } });
      await change(socket, (c) => c.patch.canEditProfiles === true);
      const again = await server.api(`/api/v1/me/profiles/${id}`, { token: bob, method: 'PUT', body: { fields: { ...fields, priority: 9 } } });
      expect(again.status, await again.clone().text()).toBe(200);
    } finally {
      await socket.close();
    }
  });

  it('previews a mass edit without storing it: who would change, who has the value, who lacks the profile', async () => {
    const carolId = server.company.users.carol?.id as string;
    const carol = await server.signIn('carol');
    const name = (await snapshotOf(carol)).profiles[0]?.name as string;
    const revision = (await snapshotOf(carol)).revision;
    const body = { userIds: [carolId], profileName: name, field: 'priority', value: 42 };
    const preview = await server.api('/api/v1/admin/profiles/mass-edit', { token: admin, body: { ...body, dryRun: true } });
    expect(await preview.json()).toEqual({ changed: [carolId], skipped: [], alreadySet: [] });
    expect((await snapshotOf(carol)).revision).toBe(revision);
    expect((await snapshotOf(carol)).profiles[0]?.priority).not.toBe(42);

    await server.api('/api/v1/admin/profiles/mass-edit', { token: admin, body });
    const again = await server.api('/api/v1/admin/profiles/mass-edit', { token: admin, body: { ...body, dryRun: true } });
    expect(await again.json()).toEqual({ changed: [carolId], skipped: [], alreadySet: [carolId] });
    const missing = await server.api('/api/v1/admin/profiles/mass-edit', { token: admin, body: { ...body, profileName: 'No such profile', dryRun: true } });
    expect(await missing.json()).toEqual({ changed: [], skipped: [carolId], alreadySet: [] });

    const olgaId = server.otherCompany.users.olga?.id as string;
    const foreign = await server.api('/api/v1/admin/profiles/mass-edit', { token: admin, body: { ...body, userIds: [olgaId], dryRun: true } });
    expect(foreign.status).toBe(404);
  });

  it('keeps the visible columns per admin; unknown columns are refused naming the field', async () => {
    const set = await server.api('/api/v1/admin/preferences/columns', { token: admin, method: 'PUT', body: { columns: ['email', 'mobile'] } });
    expect(await set.json()).toEqual({ columns: ['email', 'mobile'] });
    expect(await (await server.api('/api/v1/admin/preferences/columns', { token: admin })).json()).toEqual({ columns: ['email', 'mobile'] });
    // another company's admin keeps their own (the default)
    expect(((await (await server.api('/api/v1/admin/preferences/columns', { token: globexAdmin })).json()) as { columns: string[] }).columns).toContain('userName');
    const bad = await server.api('/api/v1/admin/preferences/columns', { token: admin, method: 'PUT', body: { columns: ['password'] } });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toMatch(/columns/);
    expect(await (await server.api('/api/v1/admin/preferences/columns', { token: admin })).json()).toEqual({ columns: ['email', 'mobile'] });
  });
});
