/**
 * The client service with everything real: the profile server on a temporary SQLite file,
 * Kamailio, and the SIP engine with the SDP-only media stand-in. Sign-in to registration,
 * a profile switch seen by the server and by a second client, calls through the contract,
 * resuming a saved session, and a sign-out that leaves no secret on disk.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startKamailio, type RunningKamailio } from '../../../scripts/pbx/kamailio';
import type { EffectiveProfileAnswer } from '../../../src/shared/server-api';
import { startClient, type TestClient, type TestClientOptions } from '../../support/clients';
import { passwordOf, startTestServer, type TestServer } from '../../support/server';
import { formatText } from '../../../src/shared/i18n';

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

describe('client service with the real server, PBX and SIP engine', () => {
  let server: TestServer;
  let pbx: RunningKamailio;
  const clients: TestClient[] = [];

  beforeAll(async () => {
    server = await startTestServer();
    pbx = await startKamailio({
      profileServerUrl: server.url,
      pbxSecret: server.pbxSecret,
      domain: server.sipDomain,
    });
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.stop()));
  });
  afterAll(async () => {
    await pbx?.stop();
    await server?.stop();
  });

  async function client(options: TestClientOptions = {}): Promise<TestClient> {
    const created = await startClient({ pbxUrl: pbx.wsUrl, ...options });
    clients.push(created);
    return created;
  }

  async function signIn(target: TestClient, userName: string): Promise<void> {
    const session = await target.service.invoke('session.signIn', {
      serverUrl: server.url,
      userName,
      password: passwordOf(userName),
    });
    expect(session).toMatchObject({ status: 'signedIn', error: null });
    await target.until('connection', (c) => c.status === 'online', 'the sync socket to be online');
  }

  const registered = (target: TestClient) =>
    target.until('registration', (r) => r.status === 'registered', 'the SIP registration');

  it('signs in and registers; a profile switch reaches the server and a second client of the same user', async () => {
    const desk = await client();
    await signIn(desk, 'bob');
    expect((await registered(desk)).since).not.toBeNull();
    const laptop = await client({ pbxUrl: null });
    await signIn(laptop, 'bob');

    const lunch = desk.service.current().profiles?.profiles.find((p) => p.name === 'Lunch');
    expect(lunch).toBeDefined();
    await desk.service.invoke('profiles.switch', { profileId: lunch!.id });
    // Local at once: the standard length (60 minutes) fixes the end.
    const local = desk.service.current().profiles?.effective;
    expect(local).toMatchObject({ profileId: lunch!.id, reason: 'manual' });
    expect(Date.parse(local!.until!) - Date.parse(local!.since!)).toBe(60 * 60_000);

    const seen = await laptop.until(
      'profiles',
      (p) => p?.effective?.profileId === lunch!.id,
      'the switch on the second client',
    );
    expect(seen?.effective).toMatchObject({ reason: 'manual', until: local!.until });
    const token = await server.signIn('bob');
    const effective = (await (
      await server.api('/api/v1/me/effective', { token })
    ).json()) as EffectiveProfileAnswer;
    expect(effective).toMatchObject({
      profileName: 'Lunch',
      reason: 'manual',
      until: local!.until,
    });
  });

  it('registers at the PBX address the server names unless one is configured here', async () => {
    const unnamed = await client({ pbxUrl: null, calls: true });
    await signIn(unnamed, 'carol');
    const { reason } = await unnamed.until('registration', (r) => r.status === 'failed', 'registration to fail');
    expect(reason?.key).toBe('registration.callsOff');
    expect(reason?.params?.reason).toEqual({ key: 'registration.noPbxAddress' });
    expect(formatText('en', reason!)).toBe('Calls are off: no phone system address is known; ask your administrator.');
    await unnamed.stop();
    clients.splice(clients.indexOf(unnamed), 1);

    await server.usePbx(pbx.wsUrl);
    try {
      const fromServer = await client({ pbxUrl: null, calls: true });
      await signIn(fromServer, 'carol');
      await registered(fromServer);
      // The configured address wins over the server's (which, for this client, is unreachable).
      await server.usePbx('ws://127.0.0.1:9/not-the-pbx');
      const overridden = await client();
      await signIn(overridden, 'dave');
      await registered(overridden);
    } finally {
      await server.usePbx(null);
    }
  });

  it('places and answers calls through the contract and records them in history', async () => {
    const carol = await client();
    const dave = await client();
    await signIn(carol, 'carol');
    await signIn(dave, 'dave');
    await Promise.all([registered(carol), registered(dave)]);

    const { callId } = await carol.service.invoke('calls.dial', { target: '1004' });
    const ringing = await dave.until(
      'calls',
      (calls) => calls.some((c) => c.state === 'incoming'),
      'the call to ring',
    );
    const incoming = ringing.find((c) => c.state === 'incoming')!;
    expect(incoming).toMatchObject({
      direction: 'incoming',
      calledNumber: '1004',
      party: { displayName: 'Carol Carlsson' },
    });

    await dave.service.invoke('calls.answer', { callId: incoming.id });
    await carol.until(
      'calls',
      (calls) => calls.some((c) => c.id === callId && c.state === 'active'),
      'the caller to be connected',
    );
    await carol.service.invoke('calls.hangUp', { callId });

    const history = await dave.until('history', (h) => h.length > 0, 'the call in history');
    expect(history[0]).toMatchObject({
      direction: 'incoming',
      outcome: 'answered',
      party: { number: expect.stringContaining('1003') },
    });
    await carol.until('history', (h) =>
      h.some((e) => e.outcome === 'answered' && e.direction === 'outgoing'),
    );
    await dave.service.saved();
    const onDisk = JSON.parse(readFileSync(join(dave.dataDir, 'client-state.json'), 'utf8'));
    expect(onDisk.data.history).toHaveLength(1);

    await expect(
      dave.service.invoke('calls.hangUp', { callId: 'no-such-call' }),
    ).rejects.toMatchObject({ code: 'not_found' });
    await expect(dave.service.invoke('calls.dial', { target: 'sip:' })).rejects.toMatchObject({
      code: 'invalid_argument',
    });
  });

  it("decides incoming calls with the user's profile: call waiting lets a second call ring", async () => {
    const carol = await client();
    const dave = await client();
    const bob = await client();
    await Promise.all([signIn(carol, 'carol'), signIn(dave, 'dave'), signIn(bob, 'bob')]);
    await Promise.all([registered(carol), registered(dave), registered(bob)]);

    // An administrator gives Carol a profile with call waiting; she switches to it.
    const available = carol.service
      .current()
      .profiles!.profiles.find((p) => p.name === 'Available')!;
    const { id: _id, ...fields } = available;
    const admin = await server.signIn('admin');
    const added = await server.api('/api/v1/admin/profiles/add', {
      token: admin,
      body: {
        userIds: [carol.service.current().session.account!.userId],
        profile: { ...fields, name: 'Waiting', callWaiting: true },
      },
    });
    expect(added.status).toBe(200);
    const withWaiting = await carol.until(
      'profiles',
      (p) => p?.profiles.some((x) => x.name === 'Waiting') === true,
      'the added profile',
    );
    await carol.service.invoke('profiles.switch', {
      profileId: withWaiting!.profiles.find((x) => x.name === 'Waiting')!.id,
      until: null,
    });

    const { callId } = await dave.service.invoke('calls.dial', { target: '1003' });
    const first = (
      await carol.until('calls', (calls) => calls.some((c) => c.state === 'incoming'))
    ).find((c) => c.state === 'incoming')!;
    await carol.service.invoke('calls.answer', { callId: first.id });
    await dave.until('calls', (calls) =>
      calls.some((c) => c.id === callId && c.state === 'active'),
    );

    // Without call waiting the engine would answer 486; Carol's profile says ring.
    await bob.service.invoke('calls.dial', { target: '1003' });
    const both = await carol.until(
      'calls',
      (calls) => calls.some((c) => c.state === 'incoming' && c.party.number.includes('1002')),
      'the waiting call',
    );
    expect(both.filter((c) => c.state !== 'ended')).toHaveLength(2);
  });

  it('resumes a saved session at start without the password, and registers again', async () => {
    const first = await client();
    await signIn(first, 'alice');
    await registered(first);
    await first.service.shutdown();

    const again = await client({ dataDir: first.dataDir, secrets: first.secrets });
    expect(again.service.current().session).toMatchObject({
      status: 'signedIn',
      account: { userName: 'alice' },
    });
    // Offline first: the saved snapshot is shown before the server answers.
    expect(again.service.current().profiles?.profiles.length).toBeGreaterThan(0);
    await again.until('connection', (c) => c.status === 'online');
    await registered(again);
  });

  it('a resumed session whose SIP secret changed meanwhile re-registers with the HA1 the server hands out (issue 12)', async () => {
    const first = await client();
    await signIn(first, 'carol');
    await registered(first);
    const before = await first.secrets.get('sipHa1');
    await first.service.shutdown();
    // rotated from elsewhere while this client was closed (a realm change does the same)
    const token = await server.signIn('carol');
    const rotated = (await (await server.api('/api/v1/me/sip/rotate', { method: 'POST', token })).json()) as { ha1: string };
    expect(rotated.ha1).not.toBe(before);

    const again = await client({ dataDir: first.dataDir, secrets: first.secrets });
    await again.until('connection', (c) => c.status === 'online');
    await registered(again);
    expect(await again.secrets.get('sipHa1')).toBe(rotated.ha1);
  });

  it('signs out: unregisters, revokes the session and leaves no secret on disk', async () => {
    const desk = await client();
    await signIn(desk, 'dave');
    await registered(desk);
    const token = await desk.secrets.get('sessionToken');
    const sipHa1 = await desk.secrets.get('sipHa1');
    expect(token).toBeTruthy();
    expect(sipHa1).toBeTruthy();
    const meeting = desk.service.current().profiles!.profiles.find((p) => p.name === 'Meeting')!;
    await desk.service.invoke('profiles.switch', { profileId: meeting.id });

    await desk.service.invoke('session.signOut', null);
    expect(desk.service.current().session).toMatchObject({
      status: 'signedOut',
      account: null,
      remembered: { userName: 'dave' },
    });
    expect(desk.service.current().registration.status).toBe('unregistered');
    expect(desk.secrets.size).toBe(0);

    // The switch made just before signing out still reached the server.
    const check = await server.signIn('dave');
    const effective = (await (
      await server.api('/api/v1/me/effective', { token: check })
    ).json()) as EffectiveProfileAnswer;
    expect(effective.profileName).toBe('Meeting');
    expect((await server.api('/api/v1/me', { token: token! })).status).toBe(401);

    await desk.service.saved();
    const files = filesUnder(desk.dataDir);
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      expect(text, file).not.toContain(token!);
      expect(text, file).not.toContain(sipHa1!);
    }
    expect(readFileSync(join(desk.dataDir, 'client-state.json'), 'utf8')).toContain(
      '"userName": "dave"',
    );
  });
});
