/**
 * The client service against the real profile server (temporary SQLite file): offline commands
 * and their replay across a server restart, an administrator's template apply arriving live,
 * the calendar switching profiles by the timer, and sign-in errors in words.
 */
import { readFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ProfilesState } from '../../../src/shared/ipc';
import type { UserSnapshot } from '../../../src/shared/model';
import type { EffectiveProfileAnswer } from '../../../src/shared/server-api';
import { startClient, type TestClient, type TestClientOptions } from '../../support/clients';
import { passwordOf, startTestServer, type TestServer } from '../../support/server';
import { formatText } from '../../../src/shared/i18n';
import { text } from '../../../src/shared/text';

/** A loopback port nobody listens on (it was free a moment ago). */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

const icsTime = (date: Date): string =>
  date
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');

function calendar(events: { uid: string; summary: string; start: Date; end: Date }[]): string {
  const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//softphone tests//EN'];
  for (const e of events) {
    lines.push(
      'BEGIN:VEVENT',
      `UID:${e.uid}`,
      `DTSTAMP:${icsTime(new Date())}`,
      `DTSTART:${icsTime(e.start)}`,
      `DTEND:${icsTime(e.end)}`,
      `SUMMARY:${e.summary}`,
      'END:VEVENT',
    );
  }
  lines.push('END:VCALENDAR');
  return lines.join('\r\n') + '\r\n';
}

const profileNamed = (profiles: ProfilesState | null, name: string) => {
  const profile = profiles?.profiles.find((p) => p.name === name);
  if (!profile)
    throw new Error(
      `No profile named ${name} in ${profiles?.profiles.map((p) => p.name).join(', ')}`,
    );
  return profile;
};

describe('client service: sync with the real profile server', () => {
  let server: TestServer;
  const clients: TestClient[] = [];

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.stop()));
  });
  afterAll(async () => {
    await server.stop();
  });

  async function signedIn(userName: string, options: TestClientOptions = {}): Promise<TestClient> {
    const client = await startClient(options);
    clients.push(client);
    const session = await client.service.invoke('session.signIn', {
      serverUrl: server.url,
      userName,
      password: passwordOf(userName),
    });
    expect(session).toMatchObject({ status: 'signedIn', error: null, account: { userName } });
    await client.until('connection', (c) => c.status === 'online', 'the sync socket to be online');
    return client;
  }

  async function serverView(
    userName: string,
  ): Promise<{ effective: EffectiveProfileAnswer; snapshot: UserSnapshot }> {
    const token = await server.signIn(userName);
    const effective = (await (
      await server.api('/api/v1/me/effective', { token })
    ).json()) as EffectiveProfileAnswer;
    const snapshot = (await (
      await server.api('/api/v1/me/snapshot', { token })
    ).json()) as UserSnapshot;
    return { effective, snapshot };
  }

  it('stays signed in across a server restart: the socket goes away (1001) and comes back, no GET /me needed', async () => {
    const asked: string[] = [];
    const watched: typeof fetch = (input, init) => {
      asked.push(`${init?.method ?? 'GET'} ${new URL(input instanceof Request ? input.url : String(input)).pathname}`);
      return fetch(input, init);
    };
    const erin = await signedIn('alice', { fetch: watched });
    asked.length = 0;
    await server.restart();
    await erin.until('connection', (c) => c.status === 'offline', 'the client to notice the restart');
    await erin.until('connection', (c) => c.status === 'online', 'the socket to come back');
    expect(erin.service.current().session).toMatchObject({ status: 'signedIn', account: { userName: 'alice' } });
    // The server said "going away", not "signed out": nothing to double-check with GET /me.
    expect(asked).not.toContain('GET /api/v1/me');
  });

  it('queues commands made offline, in order, and replays them once after the server restarts on the same database', async () => {
    const carol = await signedIn('carol');
    const revisionBefore = carol.service.current().profiles?.revision ?? -1;
    const meeting = profileNamed(carol.service.current().profiles, 'Meeting');

    await server.server.close();
    try {
      await carol.until(
        'connection',
        (c) => c.status === 'offline',
        'the client to notice the server is gone',
      );

      await carol.service.invoke('profiles.switch', { profileId: meeting.id });
      await carol.service.invoke('queues.setStatus', { queueIds: 'all', status: 'paused' });
      // Applied locally at once, while nothing can reach the server.
      const local = carol.service.current();
      expect(local.profiles?.effective).toMatchObject({ profileId: meeting.id, reason: 'manual' });
      expect(local.profiles?.queues.map((q) => q.status)).toEqual(['paused']);
      expect(local.connection.pendingCommands).toBe(2);
      await carol.service.saved();
      const onDisk = JSON.parse(readFileSync(join(carol.dataDir, 'client-state.json'), 'utf8'));
      expect(onDisk.data.pendingCommands.map((c: { name: string }) => c.name)).toEqual([
        'profiles.switch',
        'queues.setStatus',
      ]);
    } finally {
      await server.restart();
    }
    await carol.until(
      'connection',
      (c) => c.status === 'online' && c.pendingCommands === 0,
      'the queue to be replayed',
    );
    await carol.service.idle();

    const { effective, snapshot } = await serverView('carol');
    expect(effective).toMatchObject({ profileName: 'Meeting', reason: 'manual' });
    expect(snapshot.queueOverrides.map((o) => o.status)).toEqual(['paused']);
    // Two commands, two revisions: nothing was applied twice.
    expect(snapshot.revision).toBe(revisionBefore + 2);
    await carol.until('profiles', (p) => p?.revision === snapshot.revision, 'the pushed revision');
    expect(carol.service.current().profiles?.effective?.profileId).toBe(meeting.id);
  });

  it("an administrator's template apply arrives live; a chosen profile that is gone falls back with a notice", async () => {
    const dave = await signedIn('dave');
    const admin = await signedIn('admin');
    const away = profileNamed(dave.service.current().profiles, 'Away');
    await dave.service.invoke('profiles.switch', { profileId: away.id, until: null });
    await dave.until('connection', (c) => c.pendingCommands === 0);

    // The admin works through the same client service, over the admin commands.
    const templates = await admin.service.invoke('admin.templates.list', null);
    const office = templates.find((t) => t.name === 'Office');
    expect(office).toBeDefined();
    const clone = await admin.service.invoke('admin.templates.clone', {
      templateId: office!.id,
      name: 'Office without Away',
    });
    const available = clone.profiles.find((p) => p.name === 'Available')!;
    const focus = {
      ...available,
      key: 'focus',
      name: 'Focus',
      priority: 45,
      triggerWords: ['focus'],
      // speed dials are unique within a template
      speedDial: null,
    };
    await admin.service.invoke('admin.templates.save', {
      templateId: clone.id,
      name: clone.name,
      profiles: [...clone.profiles.filter((p) => p.name !== 'Away'), focus],
    });
    const applied = await admin.service.invoke('admin.templates.apply', {
      templateId: clone.id,
      userIds: [dave.service.current().session.account!.userId],
      confirmOverwrite: true,
    });
    expect(applied.applied).toBe(1);

    const profiles = await dave.until(
      'profiles',
      (p) => p !== null && p.profiles.some((x) => x.name === 'Focus'),
      'the template to arrive',
    );
    expect(profiles?.profiles.map((p) => p.name)).not.toContain('Away');
    expect(profiles?.effective).toMatchObject({
      profileId: profileNamed(profiles, 'Available').id,
      reason: 'default',
    });
    const notices = dave.service.current().notices.map((n) => n.text);
    expect(notices).toContainEqual(
      text('notice.profiles.fallback', {
        message: text('notice.profiles.summary', {
          lead: text('notice.profiles.byAdmin'),
          changes: text('text.join', {
            first: text('notice.profiles.added', { names: 'Focus' }),
            rest: text('notice.profiles.removed', { names: 'Away' }),
          }),
        }),
        lost: 'Away',
        now: 'Available',
      }),
    );
    expect(notices.map((said) => formatText('en', said))).toContain(
      'Your administrator updated your profiles: added Focus, removed Away; Away no longer exists, now Available',
    );
  });

  it('a calendar event with a trigger word switches the profile at its start and back at its end', async () => {
    const alice = await signedIn('alice');
    const meeting = profileNamed(alice.service.current().profiles, 'Meeting');
    const seen: string[] = [];
    const off = alice.service.on('profiles', (p) => {
      const label = `${p?.effective?.reason}:${p?.profiles.find((x) => x.id === p.effective?.profileId)?.name}`;
      if (seen.at(-1) !== label) seen.push(label);
    });

    const start = new Date(Math.ceil(Date.now() / 1000) * 1000 + 3000);
    const end = new Date(start.getTime() + 3000);
    const token = await server.signIn('alice');
    const upload = await server.api('/api/v1/me/calendar/ics', {
      method: 'PUT',
      token,
      body: calendar([{ uid: 'planning', summary: 'Planning meeting', start, end }]),
      headers: { 'content-type': 'text/calendar' },
    });
    expect(upload.status).toBe(200);
    // The push carries the event before it starts; the switch itself comes from the timer.
    await alice.until(
      'profiles',
      (p) => p?.effective?.reason === 'default' && p.effective.until === start.toISOString(),
      'the event to be known',
    );

    const during = await alice.until(
      'profiles',
      (p) => p?.effective?.reason === 'calendar',
      'the event to start',
    );
    expect(during?.effective).toMatchObject({
      profileId: meeting.id,
      eventTitle: 'Planning meeting',
      until: end.toISOString(),
    });
    expect(Date.now()).toBeGreaterThanOrEqual(start.getTime());

    const after = await alice.until(
      'profiles',
      (p) => p?.effective?.reason === 'default',
      'the event to end',
    );
    expect(after?.effective?.profileId).toBe(profileNamed(after, 'Available').id);
    expect(Date.now()).toBeGreaterThanOrEqual(end.getTime());
    off();
    expect(seen.slice(-2)).toEqual(['calendar:Meeting', 'default:Available']);
  });

  it('proxies admin commands and the directory search, and refuses admin commands for users', async () => {
    const admin = await signedIn('admin');
    const users = await admin.service.invoke('admin.users.list', { includeDisabled: true });
    expect(users.map((u) => u.userName)).toEqual(
      expect.arrayContaining(['alice', 'bob', 'carol', 'dave']),
    );
    expect(users.map((u) => u.userName)).not.toContain('olga'); // another company
    const company = await admin.service.invoke('admin.company.get', null);
    expect(company).toMatchObject({ name: 'Acme', mainNumber: '+46855500000' });
    const csv = await admin.service.invoke('admin.users.csvTemplate', null);
    expect(csv.fileName).toMatch(/\.csv$/);
    expect(csv.content.split('\n')[0]).toContain('Email');
    const report = await admin.service.invoke('admin.users.csvDryRun', {
      content: csv.content + 'not,a,valid,row\n',
    });
    expect(report.invalid.length).toBeGreaterThan(0);
    expect(await admin.service.invoke('admin.audit.list', null)).toEqual(expect.any(Array));

    const bob = await signedIn('bob');
    const found = await bob.service.invoke('directory.search', { query: 'carl' });
    expect(found.map((u) => [u.userName, u.numbers.extension])).toEqual([['carol', '1003']]);
    await expect(
      bob.service.invoke('admin.users.list', { includeDisabled: true }),
    ).rejects.toMatchObject({
      code: 'forbidden',
      message: 'Only administrators can do this',
    });
  });

  it('says in words why a sign-in failed', async () => {
    const client = await startClient();
    clients.push(client);
    const wrong = await client.service.invoke('session.signIn', {
      serverUrl: server.url,
      userName: 'bob',
      password: 'not-the-password',
    });
    expect(wrong).toMatchObject({
      status: 'signedOut',
      account: null,
      error: { key: 'auth.wrongCredentials' },
    });
    expect(formatText('sv', wrong.error!)).toBe('Fel användarnamn, e-postadress eller lösenord');

    const nobody = `http://127.0.0.1:${await closedPort()}`;
    const unreachable = await client.service.invoke('session.signIn', {
      serverUrl: nobody,
      userName: 'bob',
      password: 'x',
    });
    expect(unreachable).toMatchObject({
      status: 'signedOut',
      error: { key: 'server.unreachable', params: { server: nobody, why: { key: 'server.why.refused' } } },
    });
    expect(formatText('en', unreachable.error!)).toBe(
      `The server at ${nobody} cannot be reached: the connection was refused.`,
    );
    expect(unreachable.remembered).toEqual({ serverUrl: nobody, userName: 'bob' });
  });
});
