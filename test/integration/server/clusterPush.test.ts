/**
 * Pushes across profile-server instances (issue 15): two instances on one PostgreSQL database,
 * connected by the push bus (src/server/push/bus.ts, LISTEN/NOTIFY). A client's sockets sit on
 * either instance; whatever one instance does reaches the sockets on the other: the user's
 * changes in revision order with no gap or double, template applies, sign-outs and disabling,
 * colleagues' presence, calls and DTMF; never another company's sockets. A dropped listening
 * connection is reconnected and the sockets catch up on what they missed.
 *
 * PostgreSQL only (the integration-pg project): on SQLite there is one instance and no bus.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UserSnapshot } from '../../../src/shared/model';
import type { ServerMessage } from '../../../src/shared/server-api';
import { startServerCluster, type TestServer, type TestServerCluster } from '../../support/server';
import { openSyncSocket, type SyncSocket } from '../../support/sync-socket';

type Changes = Extract<ServerMessage, { type: 'changes' }>;
type Presence = Extract<ServerMessage, { type: 'presence' }>;
const isChanges = (m: ServerMessage): m is Changes => m.type === 'changes';
const isPresence = (m: ServerMessage): m is Presence => m.type === 'presence';
const hasRevision = (revision: number) => (m: ServerMessage) => isChanges(m) && m.changes.some((c) => c.revision === revision);

/** Every change revision a socket got, in the order it got them. */
const revisionsOf = (socket: SyncSocket): number[] => socket.messages.filter(isChanges).flatMap((m) => m.changes.map((c) => c.revision));

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await sleep(20);
  }
}

// Changes travel whole when they fit a notification; the second run sends every one as a
// pointer {userId, revision}, which the sockets read from the change log.
describe.each([
  { mode: 'changes whole', inlineChangeBytes: undefined },
  { mode: 'changes as pointers', inlineChangeBytes: 0 },
])('profile server: pushes across instances on one PostgreSQL database ($mode)', ({ inlineChangeBytes }) => {
  let cluster: TestServerCluster;
  let a: TestServer;
  let b: TestServer;
  const opened: SyncSocket[] = [];
  let keys = 0;
  const logLines: string[] = [];

  beforeAll(async () => {
    // A wide reconnect wait, so the test can act while an instance's listener is away.
    cluster = await startServerCluster(2, { overrides: { logStream: { write: (line) => void logLines.push(line) }, bus: { inlineChangeBytes, reconnect: { initialMs: 1500, maxMs: 3000, factor: 1, jitter: 0 } } } });
    [a, b] = cluster.servers as [TestServer, TestServer];
  });
  afterAll(async () => {
    for (const socket of opened) await socket.close();
    await cluster?.stop();
  });

  const connect = async (server: TestServer, userName: string, hello: { watchCompany?: boolean; resumeFrom?: number } = {}): Promise<{ socket: SyncSocket; token: string }> => {
    const token = await server.signIn(userName);
    const socket = await openSyncSocket(server.wsUrl, { token, ...hello });
    opened.push(socket);
    await socket.waitFor((m) => m.type === 'presence' && m.complete);
    return { socket, token };
  };
  const snapshotOf = async (server: TestServer, token: string): Promise<UserSnapshot> =>
    (await (await server.api('/api/v1/me/snapshot', { token })).json()) as UserSnapshot;
  const switchProfile = async (server: TestServer, token: string, profileId: string): Promise<void> => {
    const response = await server.api('/api/v1/me/profile-switch', { token, body: { profileId }, headers: { 'idempotency-key': `cluster-${++keys}` } });
    expect(response.status, await response.clone().text()).toBe(200);
  };

  it('pushes a switch made through one instance to the user’s socket on the other, and its note to the company’s admins there', async () => {
    const onA = await connect(a, 'alice');
    const onB = await connect(b, 'alice');
    const adminOnB = await connect(b, 'admin', { watchCompany: true });
    const globexAdminOnB = await connect(b, 'globexadmin', { watchCompany: true });
    const olgaOnB = await connect(b, 'olga');
    const snap = await snapshotOf(a, onA.token);
    const lunch = snap.profiles.find((p) => p.type === 'lunch') ?? snap.profiles[1]!;
    await switchProfile(a, onA.token, lunch.id);
    const next = snap.revision + 1;
    for (const socket of [onA.socket, onB.socket]) {
      const message = (await socket.waitFor(hasRevision(next))) as Changes;
      expect(message.changes.find((c) => c.revision === next)).toMatchObject({ reason: 'profile-switch', patch: { manualChoice: { profileId: lunch.id } } });
    }
    await adminOnB.socket.waitFor((m) => m.type === 'company-change' && m.userId === a.company.users.alice!.id && m.revision === next);

    // Globex's sockets on the other instance: a change of Globex's own arrives after Acme's
    // would have, and nothing of Acme's came before it.
    const olgaToken = olgaOnB.token;
    const olgaSnap = await snapshotOf(a, olgaToken);
    await switchProfile(a, olgaToken, olgaSnap.profiles.find((p) => p.id !== olgaSnap.defaultProfileId)!.id);
    await globexAdminOnB.socket.waitFor((m) => m.type === 'company-change' && m.userId === a.otherCompany.users.olga!.id);
    const acmeIds = new Set(Object.values(a.company.users).map((u) => u!.id));
    for (const socket of [globexAdminOnB.socket, olgaOnB.socket]) {
      const leaked = socket.messages.filter((m) => ('userId' in m && acmeIds.has(m.userId)) || (isPresence(m) && m.people.some((p) => acmeIds.has(p.id))));
      expect(leaked).toEqual([]);
    }
  });

  it('delivers many switches made through both instances in revision order, with no gap and no double, on both', async () => {
    const onA = await connect(a, 'bob');
    const onB = await connect(b, 'bob');
    const snap = await snapshotOf(a, onA.token);
    const [first, second] = snap.profiles;
    const count = 30;
    // Two writers at once, one per instance: the revisions interleave across instances.
    await Promise.all([
      (async () => {
        for (let i = 0; i < count / 2; i++) await switchProfile(a, onA.token, (i % 2 ? first : second)!.id);
      })(),
      (async () => {
        for (let i = 0; i < count / 2; i++) await switchProfile(b, onB.token, (i % 2 ? second : first)!.id);
      })(),
    ]);
    const last = snap.revision + count;
    const expected = Array.from({ length: count }, (_, i) => snap.revision + 1 + i);
    for (const socket of [onA.socket, onB.socket]) {
      await socket.waitFor(hasRevision(last));
      expect(revisionsOf(socket).filter((r) => r > snap.revision)).toEqual(expected);
    }
  });

  it('brings an admin’s template apply to the clients on both instances', async () => {
    const adminToken = await a.signIn('admin');
    const carolOnA = await connect(a, 'carol');
    const carolOnB = await connect(b, 'carol');
    const daveOnB = await connect(b, 'dave');
    const templates = (await (await a.api('/api/v1/admin/templates', { token: adminToken })).json()) as { id: string; name: string }[];
    const template = templates[1] ?? templates[0]!;
    const users = [a.company.users.carol!.id, a.company.users.dave!.id];
    const before = { carol: (await snapshotOf(a, carolOnA.token)).revision, dave: (await snapshotOf(b, daveOnB.token)).revision };
    const applied = await b.api(`/api/v1/admin/templates/${template.id}/apply`, { token: adminToken, body: { userIds: users, confirmOverwrite: true } });
    expect(applied.status, await applied.clone().text()).toBe(200);
    for (const socket of [carolOnA.socket, carolOnB.socket]) await socket.waitFor(hasRevision(before.carol + 1));
    await daveOnB.socket.waitFor(hasRevision(before.dave + 1));
  });

  it('closes the sockets on the other instance when a session signs out, and all of a user’s when they are disabled', async () => {
    const adminToken = await a.signIn('admin');
    const dave = await connect(b, 'dave');
    const daveElsewhere = await connect(a, 'dave');
    const signOut = await a.api('/api/v1/auth/sign-out', { method: 'POST', token: dave.token });
    expect(signOut.status).toBe(200);
    expect((await dave.socket.closed).code).toBe(4401);
    // only that session: dave's other socket stays
    await sleep(200);
    expect(daveElsewhere.socket.messages.some((m) => m.type === 'signed-out')).toBe(false);

    const carolA = await connect(a, 'carol');
    const carolB = await connect(b, 'carol');
    const olga = await connect(b, 'olga');
    const carolId = a.company.users.carol!.id;
    const disabled = await a.api(`/api/v1/admin/users/${carolId}/disabled`, { method: 'PUT', token: adminToken, body: { disabled: true } });
    expect(disabled.status).toBe(200);
    for (const socket of [carolA.socket, carolB.socket]) {
      await socket.waitFor((m) => m.type === 'signed-out');
      expect((await socket.closed).code).toBe(4401);
    }
    expect(olga.socket.messages.some((m) => m.type === 'signed-out')).toBe(false);
    await a.api(`/api/v1/admin/users/${carolId}/disabled`, { method: 'PUT', token: adminToken, body: { disabled: false } });
  });

  it('shows a colleague’s switch on the other instance live, and calls reported to one instance on the other', async () => {
    const alice = await connect(a, 'alice');
    const bobOnB = await connect(b, 'bob');
    const olgaOnB = await connect(b, 'olga');
    const aliceId = a.company.users.alice!.id;
    const snap = await snapshotOf(a, alice.token);
    const away = snap.profiles.find((p) => p.availability === 'not_available')!;
    await switchProfile(a, alice.token, away.id);
    await bobOnB.socket.waitFor((m) => isPresence(m) && !m.complete && m.people.some((p) => p.id === aliceId && p.profile?.name === away.name && !p.profile.available));

    // The PBX reports a call to instance A and its DTMF to instance B.
    const pbx = (server: TestServer, path: string, body?: unknown): Promise<Response> =>
      fetch(server.url + path, { method: body === undefined ? 'GET' : 'POST', headers: { 'x-pbx-secret': server.pbxSecret, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    expect(await (await pbx(a, '/pbx/v1/dialog?call_id=cluster-1%40pbx&state=start&users=alice,bob')).text()).toBe('users=2');
    await bobOnB.socket.waitFor((m) => isPresence(m) && m.people.some((p) => p.id === aliceId && p.inCall));
    await until('instance B knows the call', () => b.server.ctx.calls.inCall(aliceId));
    expect(await (await pbx(b, '/pbx/v1/dtmf', { call_id: 'cluster-1@pbx', source_tag: 'tag-a', digit: '7' })).text()).toBe('pushed=2');
    for (const socket of [alice.socket, bobOnB.socket]) await socket.waitFor((m) => m.type === 'call-dtmf' && m.digit === '7');
    expect(await (await pbx(b, '/pbx/v1/dialog?call_id=cluster-1%40pbx&state=end')).text()).toBe('users=0');
    await until('instance A knows the call ended', () => !a.server.ctx.calls.inCall(aliceId));
    await alice.socket.waitFor((m) => isPresence(m) && m.people.some((p) => p.id === aliceId && !p.inCall));
    expect(olgaOnB.socket.messages.filter(isPresence).some((m) => m.people.some((p) => p.id === aliceId))).toBe(false);
    expect(olgaOnB.socket.messages.some((m) => m.type === 'call-dtmf')).toBe(false);
  });

  it('sends a message longer than one notification in parts and delivers it whole (multi-byte text too)', async () => {
    const olga = await connect(b, 'olga');
    const aliceOnB = await connect(b, 'alice');
    const olgaId = a.otherCompany.users.olga!.id;
    const people = Array.from({ length: 300 }, (_, i) => ({
      id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      firstName: `Åsa 🎧 ${i}`,
      lastName: 'Öberg-Ünal',
      userName: `user${i}`,
      numbers: { extension: null, landline: null, mobile: null, extraExtensions: [] },
      profile: { name: 'Lunch 🍜', available: false, until: null },
      inCall: false,
    }));
    const message: ServerMessage = { type: 'presence', complete: false, people, removed: [] };
    expect(Buffer.byteLength(JSON.stringify(message))).toBeGreaterThan(30_000);
    a.server.ctx.hub.sendToUsers([olgaId], message);
    const got = await olga.socket.waitFor((m) => isPresence(m) && m.people.length === 300);
    expect(got).toEqual(message);
    await sleep(100);
    expect(aliceOnB.socket.messages.filter(isPresence).some((m) => m.people.length === 300)).toBe(false);
  });

  it('survives a drop of an instance’s listening connection: a change sent meanwhile is caught up, later ones are pushed', async () => {
    const onA = await connect(a, 'dave');
    const onB = await connect(b, 'dave');
    const snap = await snapshotOf(a, onA.token);
    const [first, second] = snap.profiles;
    const bus = b.server.bus!;
    const pid = await bus.listenerPid();
    expect(pid).not.toBeNull();
    const admin = new pg.Client({ connectionString: b.databaseUrl! });
    await admin.connect();
    try {
      await admin.query('SELECT pg_terminate_backend($1)', [pid]);
    } finally {
      await admin.end();
    }
    await until('instance B notices the drop', () => !bus.listening);
    expect(logLines.some((line) => line.includes('The push bus lost its listening connection'))).toBe(true);
    // Sent while B does not listen: B's socket misses the notification.
    await switchProfile(a, onA.token, second!.id);
    await onA.socket.waitFor(hasRevision(snap.revision + 1));
    await sleep(300);
    expect(bus.listening).toBe(false);
    expect(revisionsOf(onB.socket)).not.toContain(snap.revision + 1);
    // B listens again and its socket catches up from the change log.
    await onB.socket.waitFor(hasRevision(snap.revision + 1), 15_000);
    expect(bus.listening).toBe(true);
    await switchProfile(a, onA.token, first!.id);
    await onB.socket.waitFor(hasRevision(snap.revision + 2));
    expect(revisionsOf(onB.socket).filter((r) => r > snap.revision)).toEqual([snap.revision + 1, snap.revision + 2]);

    // The sending side: every instance's NOTIFY connection dropped; the next send fails, waits,
    // reconnects and goes out.
    const dba = new pg.Client({ connectionString: b.databaseUrl! });
    await dba.connect();
    try {
      const { rows } = await dba.query<{ n: number }>("SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity WHERE application_name = 'profile-server push bus (notify)'");
      expect(rows[0]?.n).toBeGreaterThan(0);
    } finally {
      await dba.end();
    }
    await switchProfile(a, onA.token, second!.id);
    await onB.socket.waitFor(hasRevision(snap.revision + 3), 15_000);
    expect(revisionsOf(onB.socket).filter((r) => r > snap.revision)).toEqual([snap.revision + 1, snap.revision + 2, snap.revision + 3]);
  });
});
