import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UserSnapshot } from '../../../src/shared/model';
import { startTestServer, type TestServer } from '../../support/server';
import { openSyncSocket } from '../../support/sync-socket';

const icsTime = (date: Date): string => date.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');

function calendar(events: { uid: string; summary: string; start: Date; end: Date; rrule?: string }[]): string {
  const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//test//EN'];
  for (const e of events) {
    lines.push('BEGIN:VEVENT', `UID:${e.uid}`, `DTSTAMP:${icsTime(new Date())}`, `DTSTART:${icsTime(e.start)}`, `DTEND:${icsTime(e.end)}`, `SUMMARY:${e.summary}`);
    if (e.rrule) lines.push(`RRULE:${e.rrule}`);
    lines.push('END:VEVENT');
  }
  lines.push('END:VCALENDAR');
  return lines.join('\r\n') + '\r\n';
}

describe('profile server: calendars feed the trigger words', () => {
  let server: TestServer;
  let feed: Server;
  let feedUrl: string;
  let feedBody = '';
  beforeAll(async () => {
    // The feed runs on loopback, which the server refuses unless told (development and tests only).
    server = await startTestServer({ config: { calendarAllowLoopback: true } });
    feed = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/calendar' });
      res.end(feedBody);
    });
    await new Promise<void>((resolve) => feed.listen(0, '127.0.0.1', resolve));
    feedUrl = `http://127.0.0.1:${(feed.address() as AddressInfo).port}/alice.ics`;
  });
  afterAll(async () => {
    await new Promise((resolve) => feed.close(resolve));
    await server.stop();
  });

  it('an uploaded ICS with a recurring meeting makes Meeting the profile in effect, for the PBX too', async () => {
    const alice = await server.signIn('alice');
    const now = Date.now();
    const ics = calendar([
      { uid: 'standup', summary: 'Team meeting', start: new Date(now - 10 * 60_000), end: new Date(now + 50 * 60_000), rrule: 'FREQ=DAILY;COUNT=5' },
      { uid: 'dentist', summary: 'Dentist', start: new Date(now + 2 * 86_400_000), end: new Date(now + 2 * 86_400_000 + 3_600_000) },
    ]);
    const socket = await openSyncSocket(server.wsUrl, { token: alice });
    await socket.waitFor((m) => m.type === 'snapshot');
    const upload = await server.api('/api/v1/me/calendar/ics', { method: 'PUT', token: alice, body: ics, headers: { 'content-type': 'text/calendar' } });
    expect(await upload.json()).toEqual({ events: 6 });
    await socket.waitFor((m) => m.type === 'changes' && m.changes.some((c) => c.reason === 'calendar'));
    await socket.close();

    const snap = (await (await server.api('/api/v1/me/snapshot', { token: alice })).json()) as UserSnapshot;
    expect(snap.calendarEvents.filter((e) => e.title === 'Team meeting')).toHaveLength(5);
    const effective = (await (await server.api('/api/v1/me/effective', { token: alice })).json()) as { profileName: string; reason: string; until: string };
    expect(effective).toMatchObject({ profileName: 'Meeting', reason: 'calendar' });
    expect(Date.parse(effective.until)).toBeGreaterThan(now);
    // The PBX decides with the same profile while Alice's client is closed.
    const route = await fetch(`${server.url}/pbx/v1/route?from=bob&to=1001`, { headers: { 'x-pbx-secret': server.pbxSecret, accept: 'application/json' } });
    expect(await route.json()).toMatchObject({ kind: 'forward', target: 'voicemail' });
  });

  it('a manual choice outranked by the meeting waits; overriding until the event ends takes effect for the PBX (issue 14)', async () => {
    // Alice is in the meeting of the previous test.
    const alice = await server.signIn('alice');
    const snap = (await (await server.api('/api/v1/me/snapshot', { token: alice })).json()) as UserSnapshot;
    const available = snap.profiles.find((p) => p.name === 'Available');
    const route = async () =>
      (await (await fetch(`${server.url}/pbx/v1/route?from=bob&to=1001`, { headers: { 'x-pbx-secret': server.pbxSecret, accept: 'application/json' } })).json()) as { kind: string };
    const effective = async () => (await (await server.api('/api/v1/me/effective', { token: alice })).json()) as { profileName: string; reason: string; until: string };

    expect((await server.api('/api/v1/me/profile-switch', { token: alice, body: { profileId: available?.id, until: null } })).status).toBe(200);
    const waiting = await effective();
    expect(waiting).toMatchObject({ profileName: 'Meeting', reason: 'calendar' });
    expect(await route()).toMatchObject({ kind: 'forward', target: 'voicemail' });

    const override = await server.api('/api/v1/me/profile-switch', { token: alice, body: { profileId: available?.id, until: waiting.until, overrideCalendar: true } });
    expect(override.status).toBe(200);
    expect(await effective()).toMatchObject({ profileName: 'Available', reason: 'manual', until: waiting.until });
    expect(await route()).toMatchObject({ kind: 'user' });
    // Stored as the user's choice, so every client and the PBX read the same.
    const stored = (await (await server.api('/api/v1/me/snapshot', { token: alice })).json()) as UserSnapshot;
    expect(stored.manualChoice).toMatchObject({ profileId: available?.id, until: waiting.until, overridesCalendar: true });
  });

  it('subscribes to an ICS URL and reports a broken one', async () => {
    const bob = await server.signIn('bob');
    const now = Date.now();
    feedBody = calendar([{ uid: 'trip', summary: 'Vacation in Oslo', start: new Date(now - 60_000), end: new Date(now + 86_400_000) }]);
    const response = await server.api('/api/v1/me/calendar', { method: 'PUT', token: bob, body: { url: feedUrl } });
    expect(await response.json()).toEqual({ events: 1 });
    const effective = (await (await server.api('/api/v1/me/effective', { token: bob })).json()) as { profileName: string };
    expect(effective.profileName).toBe('Holiday');

    // The periodic refresh picks up a changed feed and pushes it.
    const socket = await openSyncSocket(server.wsUrl, { token: bob });
    await socket.waitFor((m) => m.type === 'snapshot');
    feedBody = calendar([{ uid: 'sick', summary: 'Sick at home', start: new Date(now - 60_000), end: new Date(now + 3_600_000) }]);
    await server.server.refreshCalendars();
    const pushed = await socket.waitFor((m) => m.type === 'changes' && m.changes.some((c) => c.reason === 'calendar'));
    expect(pushed.type === 'changes' && pushed.changes[0]?.patch.calendarEvents?.[0]?.title).toBe('Sick at home');
    await socket.close();
    expect(((await (await server.api('/api/v1/me/effective', { token: bob })).json()) as { profileName: string }).profileName).toBe('Sick');

    feedBody = 'this is not a calendar';
    const broken = await server.api('/api/v1/me/calendar', { method: 'PUT', token: bob, body: { url: feedUrl } });
    expect(broken.status).toBe(400);
    const brokenBody = (await broken.json()) as { message: string; text?: unknown };
    expect(brokenBody.message).toMatch(/not valid iCalendar/);
    // The person reads it in their language, without the parser's developer detail.
    expect(brokenBody.text).toEqual({ key: 'error.calendarInvalid' });

    const ftp = await server.api('/api/v1/me/calendar', { method: 'PUT', token: bob, body: { url: 'ftp://calendar.example.test/team.ics' } });
    expect(ftp.status).toBe(400);
    expect(await ftp.json()).toMatchObject({
      message: 'A calendar URL must start with http:// or https://',
      text: { key: 'error.calendarUrlScheme' },
    });
  });
});
