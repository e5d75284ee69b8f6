import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UserSnapshot } from '../../../src/shared/model';
import type { ServerMessage, SyncChange } from '../../../src/shared/server-api';
import { startTestServer, type TestServer } from '../../support/server';
import { openSyncSocket } from '../../support/sync-socket';

type Changes = Extract<ServerMessage, { type: 'changes' }>;
const isChanges = (m: ServerMessage): m is Changes => m.type === 'changes';
const hasRevision = (revision: number) => (m: ServerMessage) => isChanges(m) && m.changes.some((c) => c.revision === revision);

describe('profile server: own profiles, commands, live push, resume, idempotency', () => {
  let server: TestServer;
  let alice: string;
  beforeAll(async () => {
    server = await startTestServer();
    alice = await server.signIn('alice');
  });
  afterAll(async () => {
    await server.stop();
  });

  const snapshot = async (token = alice): Promise<UserSnapshot> =>
    (await (await server.api('/api/v1/me/snapshot', { token })).json()) as UserSnapshot;

  it('gives the snapshot with the applied built-in template, queues and allowed caller IDs', async () => {
    const snap = await snapshot();
    expect(snap.profiles.length).toBeGreaterThan(2);
    expect(snap.defaultProfileId).toBe(snap.profiles[0]?.id);
    expect(snap.queues.map((q) => q.name)).toEqual(['Support']);
    expect(snap.allowedCallerIds.map((n) => n.number)).toEqual(
      expect.arrayContaining(['+46855501001', '1001', '+46705550001', '+46855500000', '+46855501100']),
    );
    const effective = (await (await server.api('/api/v1/me/effective', { token: alice })).json()) as { profileId: string; reason: string };
    expect(effective).toMatchObject({ profileId: snap.profiles[0]?.id, reason: 'default' });
  });

  it('pushes a profile switch to both of the user’s clients, once, with the new revision', async () => {
    const snap = await snapshot();
    const one = await openSyncSocket(server.wsUrl, { token: alice });
    const secondToken = await server.signIn('alice');
    const two = await openSyncSocket(server.wsUrl, { token: secondToken, resumeFrom: snap.revision });
    await one.waitFor((m) => m.type === 'snapshot');
    await two.waitFor(isChanges); // empty catch-up: nothing missed
    const lunch = snap.profiles.find((p) => p.type === 'lunch') ?? snap.profiles[1];
    const response = await server.api('/api/v1/me/profile-switch', { token: alice, body: { profileId: lunch?.id }, headers: { 'idempotency-key': 'switch-1' } });
    expect(response.status).toBe(200);
    const expected = snap.revision + 1;
    for (const socket of [one, two]) {
      const message = (await socket.waitFor(hasRevision(expected))) as Changes;
      const change = message.changes.find((c) => c.revision === expected) as SyncChange;
      expect(change).toMatchObject({ reason: 'profile-switch', patch: { manualChoice: { profileId: lunch?.id } } });
    }
    const effective = (await (await server.api('/api/v1/me/effective', { token: alice })).json()) as { profileId: string; reason: string };
    expect(effective).toMatchObject({ profileId: lunch?.id, reason: 'manual' });
    await one.close();
    await two.close();
  });

  it('answers a replayed command from the stored answer and never applies it twice', async () => {
    const before = await snapshot();
    const target = before.profiles[2] ?? before.profiles[0];
    const send = () =>
      server.api('/api/v1/me/profile-switch', { token: alice, body: { profileId: target?.id, until: null }, headers: { 'idempotency-key': 'replay-me' } });
    const first = await send();
    const firstBody = await first.json();
    const second = await send();
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(await second.json()).toEqual(firstBody);
    const after = await snapshot();
    expect(after.revision).toBe(before.revision + 1);
    // The same key for a different request is refused, not silently replayed.
    const misuse = await server.api('/api/v1/me/queues', { token: alice, body: { queueIds: 'all', status: 'paused' }, headers: { 'idempotency-key': 'replay-me' } });
    expect(misuse.status).toBe(409);
  });

  it('resumes a reconnecting client with exactly the changes it missed', async () => {
    const start = (await snapshot()).revision;
    await server.api('/api/v1/me/queues', { token: alice, body: { queueIds: 'all', status: 'paused' } });
    await server.api('/api/v1/me/caller-id', { token: alice, body: { number: '+46705550001' } });
    const socket = await openSyncSocket(server.wsUrl, { token: alice, resumeFrom: start });
    const catchUp = (await socket.waitFor(isChanges)) as Changes;
    expect(catchUp.changes.map((c) => [c.revision, c.reason])).toEqual([
      [start + 1, 'queue-status'],
      [start + 2, 'caller-id'],
    ]);
    expect(catchUp.changes[0]?.patch.queueOverrides?.[0]).toMatchObject({ status: 'paused' });
    expect(catchUp.changes[1]?.patch.callerIdOverride).toMatchObject({ number: '+46705550001' });
    await socket.close();
    // A revision the server cannot serve from its log (here: from the future) gets a snapshot.
    const stale = await openSyncSocket(server.wsUrl, { token: alice, resumeFrom: 10_000 });
    expect(((await stale.waitFor((m) => m.type === 'snapshot')) as { snapshot: UserSnapshot }).snapshot.revision).toBe(start + 2);
    await stale.close();
  });

  it('sends a snapshot instead of a long list when the client is far behind', async () => {
    const start = (await snapshot()).revision;
    for (let i = 0; i < 101; i++) {
      await server.api('/api/v1/me/queues', { token: alice, body: { queueIds: 'all', status: i % 2 === 0 ? 'active' : 'paused' } });
    }
    const socket = await openSyncSocket(server.wsUrl, { token: alice, resumeFrom: start });
    const first = await socket.waitFor((m) => m.type === 'snapshot' || m.type === 'changes');
    expect(first.type === 'snapshot' && first.snapshot.revision).toBe(start + 101);
    await socket.close();
  });

  it('refuses caller IDs the user may not present', async () => {
    const response = await server.api('/api/v1/me/caller-id', { token: alice, body: { number: '+46705550002' } });
    expect(response.status).toBe(403);
  });

  it('lets the user edit their own profile unless the admin locked it', async () => {
    const snap = await snapshot();
    const profile = snap.profiles[0];
    if (!profile) throw new Error('no profile');
    const { id, ...fields } = profile;
    const edit = () => server.api(`/api/v1/me/profiles/${id}`, { method: 'PUT', token: alice, body: { fields: { ...fields, name: 'At my desk' } } });
    expect((await edit()).status).toBe(200);
    expect((await snapshot()).profiles[0]?.name).toBe('At my desk');
    const admin = await server.signIn('admin');
    await server.api(`/api/v1/admin/users/${server.company.users.alice?.id}`, { method: 'PATCH', token: admin, body: { canEditProfiles: false } });
    expect((await edit()).status).toBe(403);
    await server.api(`/api/v1/admin/users/${server.company.users.alice?.id}`, { method: 'PATCH', token: admin, body: { canEditProfiles: true } });
  });

  it('ends the sockets of a session that signs out', async () => {
    const token = await server.signIn('alice');
    const socket = await openSyncSocket(server.wsUrl, { token });
    await socket.waitFor((m) => m.type === 'snapshot');
    await server.api('/api/v1/auth/sign-out', { method: 'POST', token });
    expect(await socket.waitFor((m) => m.type === 'signed-out')).toMatchObject({
      type: 'signed-out',
      reason: 'Signed out',
      text: { key: 'auth.signedOutHere' },
    });
    expect((await socket.closed).code).toBe(4401);
  });

  it("tells a disabled user's sockets why, in words the client translates", async () => {
    const token = await server.signIn('dave');
    const socket = await openSyncSocket(server.wsUrl, { token });
    await socket.waitFor((m) => m.type === 'snapshot');
    const admin = await server.signIn('admin');
    const daveId = server.company.users.dave?.id;
    const disabled = await server.api(`/api/v1/admin/users/${daveId}/disabled`, { method: 'PUT', token: admin, body: { disabled: true } });
    expect(disabled.status).toBe(200);
    expect(await socket.waitFor((m) => m.type === 'signed-out')).toMatchObject({
      reason: 'Your account was disabled by an administrator',
      text: { key: 'auth.accountDisabled' },
    });
    await server.api(`/api/v1/admin/users/${daveId}/disabled`, { method: 'PUT', token: admin, body: { disabled: false } });
  });

  it('takes the token from the query or a bearer subprotocol too (then the hello may omit it)', async () => {
    const { default: WebSocket } = await import('ws');
    for (const open of [
      () => new WebSocket(`${server.wsUrl}?token=${encodeURIComponent(alice)}`),
      () => new WebSocket(server.wsUrl, [`bearer.${alice}`]),
    ]) {
      const socket = open();
      const first = new Promise<ServerMessage>((resolve) => socket.once('message', (data) => resolve(JSON.parse(String(data)) as ServerMessage)));
      await new Promise((resolve) => socket.once('open', resolve));
      socket.send(JSON.stringify({ type: 'hello' }));
      expect((await first).type).toBe('snapshot');
      socket.close();
    }
  });

  it('refuses a socket without a valid token', async () => {
    const socket = await openSyncSocket(server.wsUrl, { token: 'forged' });
    expect((await socket.closed).code).toBe(4401);
  });

  it('closes sockets as going away (1001) when it shuts down, without signing anyone out', async () => {
    const socket = await openSyncSocket(server.wsUrl, { token: alice });
    await socket.waitFor((m) => m.type === 'snapshot');
    await server.restart();
    expect((await socket.closed).code).toBe(1001);
    expect(socket.messages.map((m) => m.type)).not.toContain('signed-out');
  });

  it('loses nothing committed across a server restart', async () => {
    const before = await snapshot();
    await server.restart();
    const token = await server.signIn('alice');
    expect(await snapshot(token)).toEqual(before);
    // The old session token survives too (sessions are stored, not in memory).
    expect((await server.api('/api/v1/me', { token: alice })).status).toBe(200);
  });
});
