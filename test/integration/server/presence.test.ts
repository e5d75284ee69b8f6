/**
 * Colleagues' availability pushed live (issue 14): after the hello each member gets their own
 * company's people (never another company's), then every change of a colleague's profile in
 * effect or call state, as the PBX reports calls; a timed choice says until when.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Colleague, ServerMessage } from '../../../src/shared/server-api';
import type { UserSnapshot } from '../../../src/shared/model';
import { startTestServer, type TestServer } from '../../support/server';
import { openSyncSocket, type SyncSocket } from '../../support/sync-socket';

type PresenceMessage = Extract<ServerMessage, { type: 'presence' }>;
const isPresence = (m: ServerMessage): m is PresenceMessage => m.type === 'presence';

describe('profile server: colleagues presence, per company', () => {
  let server: TestServer;
  const sockets: Record<string, SyncSocket> = {};
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    server = await startTestServer();
    for (const name of ['alice', 'bob', 'olga', 'globexadmin']) {
      tokens[name] = await server.signIn(name);
      sockets[name] = await openSyncSocket(server.wsUrl, { token: tokens[name] });
      await sockets[name].waitFor(isPresence);
    }
  });
  afterAll(async () => {
    for (const socket of Object.values(sockets)) await socket.close();
    await server.stop();
  });

  const presenceOf = (name: string): PresenceMessage[] => sockets[name]!.messages.filter(isPresence);
  const everyoneSeenBy = (name: string): Colleague[] => presenceOf(name).flatMap((m) => m.people);
  const pbx = async (path: string): Promise<string> => {
    const response = await fetch(`${server.url}${path}`, { headers: { 'x-pbx-secret': server.pbxSecret } });
    return response.text();
  };
  const bobIn = (message: ServerMessage): Colleague | undefined =>
    isPresence(message) && !message.complete ? message.people.find((p) => p.id === server.company.users.bob!.id) : undefined;

  it('sends each member their own company after the hello, with names, numbers and profiles', () => {
    const [first] = presenceOf('alice');
    expect(first).toMatchObject({ complete: true, removed: [] });
    const names = first!.people.map((p) => p.userName).sort();
    expect(names).toEqual(['admin', 'alice', 'bob', 'carol', 'dave']);
    const bob = first!.people.find((p) => p.userName === 'bob')!;
    expect(bob).toMatchObject({ firstName: expect.any(String), inCall: false, numbers: { extension: '1002' } });
    expect(bob.profile).toMatchObject({ name: expect.any(String), available: expect.any(Boolean) });

    const globex = presenceOf('olga')[0]!.people.map((p) => p.userName).sort();
    expect(globex).toEqual(['globexadmin', 'olga']);
  });

  it('pushes a profile switch to the colleagues of the same company only', async () => {
    const snapshot = (await (await server.api('/api/v1/me/snapshot', { token: tokens.bob })).json()) as UserSnapshot;
    const away = snapshot.profiles.find((p) => p.availability === 'not_available')!;
    expect(away).toBeDefined();
    const until = new Date(Date.now() + 45 * 60_000).toISOString();
    const answer = await server.api('/api/v1/me/profile-switch', { method: 'POST', token: tokens.bob, body: { profileId: away.id, until }, headers: { 'idempotency-key': 'presence-switch-1' } });
    expect(answer.status).toBe(200);

    const pushed = await sockets.alice!.waitFor((m) => bobIn(m)?.profile?.name === away.name);
    expect(bobIn(pushed)).toMatchObject({ profile: { name: away.name, available: false, until }, inCall: false });
    // bob's own other sockets see it too (he is a member of the company)
    await sockets.bob!.waitFor((m) => bobIn(m)?.profile?.available === false);

    // A change in Globex afterwards: when it has reached Globex, Acme's would have too.
    expect(await pbx('/pbx/v1/dialog?call_id=globex-1%40pbx&state=start&users=olga,globexadmin')).toBe('users=2');
    await sockets.globexadmin!.waitFor((m) => isPresence(m) && !m.complete && m.people.some((p) => p.userName === 'olga' && p.inCall));
    for (const name of ['olga', 'globexadmin']) {
      const acmeIds = new Set(Object.values(server.company.users).map((u) => u.id));
      expect(everyoneSeenBy(name).filter((p) => acmeIds.has(p.id))).toEqual([]);
    }
    // And Acme never hears of Globex's call.
    const globexIds = new Set(Object.values(server.otherCompany.users).map((u) => u.id));
    expect(everyoneSeenBy('alice').filter((p) => globexIds.has(p.id))).toEqual([]);
  });

  it('pushes "in a call" when the PBX reports the call answered, and its end', async () => {
    expect(await pbx('/pbx/v1/dialog?call_id=acme-1%40pbx&state=start&users=bob,1003')).not.toBe('users=0');
    const started = await sockets.alice!.waitFor((m) => bobIn(m)?.inCall === true);
    const after = sockets.alice!.messages.indexOf(started);
    await pbx('/pbx/v1/dialog?call_id=acme-1%40pbx&state=end');
    await sockets.alice!.waitFor((m) => bobIn(m)?.inCall === false && sockets.alice!.messages.indexOf(m) > after);
    expect(presenceOf('olga').some((m) => m.people.some((p) => p.userName === 'bob'))).toBe(false);
  });

  it('sends only real changes: a change that leaves presence as it was sends nothing', async () => {
    const before = presenceOf('alice').length;
    // Ending a call nobody is in changes nobody's presence.
    await pbx('/pbx/v1/dialog?call_id=unknown%40pbx&state=end');
    // a real change after it, as a marker
    expect(await pbx('/pbx/v1/dialog?call_id=acme-2%40pbx&state=start&users=alice')).toBe('users=1');
    await sockets.bob!.waitFor((m) => isPresence(m) && !m.complete && m.people.some((p) => p.userName === 'alice' && p.inCall));
    await sockets.alice!.waitFor((m) => isPresence(m) && !m.complete && m.people.some((p) => p.userName === 'alice' && p.inCall));
    expect(presenceOf('alice').slice(before).map((m) => m.people.map((p) => `${p.userName}:${p.inCall}`))).toEqual([['alice:true']]);
  });

  it('a member signing in right after a change gets the company as it is now (the list kept for sign-ins is read again)', async () => {
    const hello = async (name: string): Promise<Colleague[]> => {
      const socket = await openSyncSocket(server.wsUrl, { token: await server.signIn(name) });
      const list = (await socket.waitFor((m) => isPresence(m) && m.complete)) as PresenceMessage;
      await socket.close();
      return list.people;
    };
    const bobOf = (people: Colleague[]) => people.find((p) => p.userName === 'bob');
    // Alice's next presence message about bob from now on (not one she already has).
    const aliceSeesBob = (match: (bob: Colleague) => boolean, timeoutMs?: number) => {
      const from = sockets.alice!.messages.length;
      return sockets.alice!.waitFor((m) => sockets.alice!.messages.indexOf(m) >= from && bobIn(m) !== undefined && match(bobIn(m) as Colleague), timeoutMs);
    };
    const first = bobOf(await hello('carol'));
    expect(first?.inCall).toBe(false);
    // Kept: the next sign-in gets the same list.
    expect(bobOf(await hello('dave'))).toEqual(first);

    // A call reported by the PBX: the next sign-in sees bob in it.
    let seen = aliceSeesBob((bob) => bob.inCall);
    expect(await pbx('/pbx/v1/dialog?call_id=acme-3%40pbx&state=start&users=bob')).toBe('users=1');
    await seen;
    expect(bobOf(await hello('carol'))?.inCall).toBe(true);
    seen = aliceSeesBob((bob) => !bob.inCall);
    await pbx('/pbx/v1/dialog?call_id=acme-3%40pbx&state=end');
    await seen;
    expect(bobOf(await hello('dave'))?.inCall).toBe(false);

    // A profile switch, then a timed choice that ends by itself: each seen by the next sign-in.
    const snapshot = (await (await server.api('/api/v1/me/snapshot', { token: tokens.bob })).json()) as UserSnapshot;
    const available = snapshot.profiles.find((p) => p.availability === 'available')!;
    const away = snapshot.profiles.find((p) => p.availability === 'not_available')!;
    seen = aliceSeesBob((bob) => bob.profile?.name === available.name);
    await server.api('/api/v1/me/profile-switch', { method: 'POST', token: tokens.bob, body: { profileId: available.id, until: null }, headers: { 'idempotency-key': 'presence-kept-1' } });
    await seen;
    expect(bobOf(await hello('carol'))?.profile).toMatchObject({ name: available.name, available: true });
    const until = new Date(Date.now() + 1500).toISOString();
    seen = aliceSeesBob((bob) => bob.profile?.name === away.name);
    await server.api('/api/v1/me/profile-switch', { method: 'POST', token: tokens.bob, body: { profileId: away.id, until }, headers: { 'idempotency-key': 'presence-kept-2' } });
    await seen;
    const ended = aliceSeesBob((bob) => bob.profile?.name !== away.name, 10_000);
    expect(bobOf(await hello('dave'))?.profile).toMatchObject({ name: away.name, until });
    // The choice ends at `until` by itself (nothing is stored): the company's timer recomputes it.
    await ended;
    expect(bobOf(await hello('carol'))?.profile?.name).not.toBe(away.name);
  });

  it('a member whose directory scope narrows after changes went to everyone hears of nobody outside it', async () => {
    const switchBob = async (index: number, key: string): Promise<void> => {
      const snapshot = (await (await server.api('/api/v1/me/snapshot', { token: tokens.bob })).json()) as UserSnapshot;
      const answer = await server.api('/api/v1/me/profile-switch', { method: 'POST', token: tokens.bob, body: { profileId: snapshot.profiles[index]!.id, until: null }, headers: { 'idempotency-key': key } });
      expect(answer.status).toBe(200);
    };
    const admin = await server.signIn('admin');
    const before = sockets.alice!.messages.length;
    // Everyone sees the whole company: the change goes to all.
    await switchBob(2, 'presence-scope-1');
    await sockets.alice!.waitFor((m) => sockets.alice!.messages.indexOf(m) >= before && bobIn(m) !== undefined);
    // Alice's directory now shows nobody.
    const narrowed = await server.api('/api/v1/admin/users/site', { method: 'POST', token: admin, body: { userIds: [server.company.users.alice!.id], directoryScope: 'none' } });
    expect(narrowed.status).toBe(200);
    await sockets.alice!.waitFor((m) => isPresence(m) && m.complete && m.people.every((p) => p.userName === 'alice'));
    const from = sockets.alice!.messages.length;
    const bobFrom = sockets.bob!.messages.length;
    await switchBob(1, 'presence-scope-2');
    // bob's own socket hears of it; alice's does not.
    await sockets.bob!.waitFor((m) => sockets.bob!.messages.indexOf(m) >= bobFrom && bobIn(m) !== undefined);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(sockets.alice!.messages.slice(from).filter((m) => bobIn(m) !== undefined)).toEqual([]);
    await server.api('/api/v1/admin/users/site', { method: 'POST', token: admin, body: { userIds: [server.company.users.alice!.id], directoryScope: 'company' } });
  });
});
