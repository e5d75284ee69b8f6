/**
 * Issue 13: the apply's dry run (`POST /admin/templates/:id/apply-preview`) says per user what the
 * apply then does, and writes nothing; the calendar's status for settings (`GET /me/calendar`):
 * source, last sync, the coming switches, a failed scheduled refresh in words, disconnect.
 * Two companies: Acme (`server.company`) and Globex (`server.otherCompany`).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Template, UserSnapshot } from '../../../src/shared/model';
import type { CalendarStatus, TemplateApplyPreview } from '../../../src/shared/server-api';
import { icsCalendar } from '../../support/ics';
import { startTestServer, type TestServer } from '../../support/server';

describe('profile server: the template apply preview and the calendar status (issue 13)', () => {
  let server: TestServer;
  let admin: string;
  let globexAdmin: string;
  let feed: Server;
  let feedUrl: string;
  let feedBody = '';
  beforeAll(async () => {
    // The feed runs on loopback, which the server refuses unless told (development and tests only).
    server = await startTestServer({ config: { calendarAllowLoopback: true } });
    admin = await server.signIn('admin');
    globexAdmin = await server.signIn('globexadmin');
    feed = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/calendar' });
      res.end(feedBody);
    });
    await new Promise<void>((resolve) => feed.listen(0, '127.0.0.1', resolve));
    feedUrl = `http://127.0.0.1:${(feed.address() as AddressInfo).port}/bob.ics`;
  });
  afterAll(async () => {
    await new Promise((resolve) => feed.close(resolve));
    await server.stop();
  });

  const json = async <T>(response: Response | Promise<Response>): Promise<T> => (await (await response).json()) as T;
  const snapshotOf = (token: string) => json<UserSnapshot>(server.api('/api/v1/me/snapshot', { token }));
  const templatesOf = (token: string) => json<{ id: string; name: string }[]>(server.api('/api/v1/admin/templates', { token }));
  const preview = (token: string, templateId: string, userIds: string[] | 'all') =>
    server.api(`/api/v1/admin/templates/${templateId}/apply-preview`, { token, body: { userIds } });
  const apply = (token: string, templateId: string, userIds: string[]) =>
    server.api(`/api/v1/admin/templates/${templateId}/apply`, { token, body: { userIds, confirmOverwrite: true } });

  it('previews per user what an apply adds, changes, removes and whose choice falls back, then the apply does exactly that', async () => {
    const bobId = server.company.users.bob?.id as string;
    const daveId = server.company.users.dave?.id as string;
    const [office] = await templatesOf(admin);
    const cloned = await json<Template>(server.api(`/api/v1/admin/templates/${office?.id}/clone`, { token: admin, body: { name: 'Preview team' } }));
    expect((await apply(admin, cloned.id, [bobId, daveId])).status).toBe(200);

    // Bob picks the profile the edit below removes; Dave keeps the default.
    const bob = await server.signIn('bob');
    const [first, second, third, ...rest] = cloned.profiles;
    if (!first || !second || !third) throw new Error('template too small');
    const bobBefore = await snapshotOf(bob);
    const thirdId = bobBefore.profiles.find((p) => p.name === third.name)?.id;
    expect((await server.api('/api/v1/me/profile-switch', { token: bob, body: { profileId: thirdId } })).status).toBe(200);

    // The edit: the second becomes the default and is renamed, the first's routing changes, the third goes, one is added.
    const added = { ...first, key: 'preview-added', name: 'Deep focus', speedDial: null, priority: 7 };
    const edited = [
      { ...second, name: `${second.name} desk` },
      { ...first, routing: { any: { kind: 'voicemail' as const } } },
      ...rest,
      added,
    ];
    expect((await server.api(`/api/v1/admin/templates/${cloned.id}`, { method: 'PUT', token: admin, body: { name: 'Preview team', profiles: edited } })).status).toBe(200);

    const bobRevision = (await snapshotOf(bob)).revision;
    const response = await preview(admin, cloned.id, [bobId, daveId]);
    expect(response.status).toBe(200);
    const answer = await json<TemplateApplyPreview>(response);
    expect(answer.users.map((u) => u.userName)).toEqual(['bob', 'dave']);
    const forBob = answer.users[0]!;
    expect(forBob).toMatchObject({ userId: bobId, firstName: 'Bob', lastName: 'Berg', added: ['Deep focus'], removed: [third.name] });
    expect(forBob.changed).toEqual(
      expect.arrayContaining([
        { name: first.name, previousName: null, fields: ['routing'] },
        { name: `${second.name} desk`, previousName: second.name, fields: [] },
      ]),
    );
    expect(forBob.changed).toHaveLength(2);
    expect(forBob.defaultProfile).toEqual({ from: first.name, to: `${second.name} desk` });
    expect(forBob.fallback).toEqual({ from: third.name, to: `${second.name} desk` });
    expect(answer.users[1]).toMatchObject({ userName: 'dave', removed: [third.name], fallback: null });

    // A dry run: nothing was written.
    const bobAfterPreview = await snapshotOf(bob);
    expect(bobAfterPreview.revision).toBe(bobRevision);
    expect(bobAfterPreview.manualChoice?.profileId).toBe(thirdId);

    // The apply does what the preview said.
    expect((await apply(admin, cloned.id, [bobId])).status).toBe(200);
    const bobAfter = await snapshotOf(bob);
    expect(bobAfter.profiles.map((p) => p.name)).toEqual(edited.map((p) => p.name));
    expect(bobAfter.manualChoice).toBeNull();
    expect(bobAfter.profiles.find((p) => p.id === bobAfter.defaultProfileId)?.name).toBe(`${second.name} desk`);
    expect(bobAfter.profiles.find((p) => p.name === first.name)?.routing.any).toEqual({ kind: 'voicemail' });

    // Again: nothing would change for Bob.
    const again = await json<TemplateApplyPreview>(preview(admin, cloned.id, [bobId]));
    expect(again.users).toEqual([
      { userId: bobId, userName: 'bob', firstName: 'Bob', lastName: 'Berg', added: [], changed: [], removed: [], defaultProfile: null, fallback: null },
    ]);

    // "All": every enabled user of the admin's company, none of another's.
    const all = await json<TemplateApplyPreview>(preview(admin, cloned.id, 'all'));
    expect(all.users.map((u) => u.userName).sort()).toEqual(['admin', 'alice', 'bob', 'carol', 'dave']);
  });

  it("answers another company's admin nothing of ours: not our template, not our users", async () => {
    const [acmeTemplate] = await templatesOf(admin);
    const [globexTemplate] = await templatesOf(globexAdmin);
    const bobId = server.company.users.bob?.id as string;
    const theirs = await preview(globexAdmin, acmeTemplate!.id, 'all');
    expect(theirs.status).toBe(404);
    const ourUser = await preview(globexAdmin, globexTemplate!.id, [bobId]);
    expect(ourUser.status).toBe(404);
    const text = await ourUser.text();
    expect(text).not.toMatch(/Berg|"bob"/);
    const own = await json<TemplateApplyPreview>(preview(globexAdmin, globexTemplate!.id, 'all'));
    expect(own.users.map((u) => u.userName).sort()).toEqual(['globexadmin', 'olga']);
    // A user is refused: the preview is the admin's.
    const bob = await server.signIn('bob');
    expect((await preview(bob, acmeTemplate!.id, 'all')).status).toBe(403);
    // Bad input names the field and changes nothing.
    const bad = await server.api(`/api/v1/admin/templates/${acmeTemplate!.id}/apply-preview`, { token: admin, body: { userIds: [] } });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toMatch(/userIds/);
  });

  it('reports the calendar for settings: file, URL, coming switches, a failed refresh in words, disconnect', async () => {
    const alice = await server.signIn('alice');
    const status = () => json<CalendarStatus>(server.api('/api/v1/me/calendar', { token: alice }));
    expect(await status()).toEqual({ source: 'none', url: null, syncedAt: null, events: 0, error: null, switches: [] });

    const now = Date.now();
    const inAnHour = new Date(now + 3_600_000);
    const ics = icsCalendar([
      { uid: 'later', summary: 'Team meeting', start: new Date(now + 2 * 3_600_000), end: new Date(now + 3 * 3_600_000) },
      { uid: 'soon', summary: 'Lunch with Kim', start: inAnHour, end: new Date(now + 90 * 60_000) },
      { uid: 'plain', summary: 'Dentist', start: inAnHour, end: new Date(now + 2 * 3_600_000) },
      { uid: 'over', summary: 'Team meeting', start: new Date(now - 2 * 3_600_000), end: new Date(now - 3_600_000) },
    ]);
    const upload = await server.api('/api/v1/me/calendar/ics', { method: 'PUT', token: alice, body: ics, headers: { 'content-type': 'text/calendar' } });
    expect(await upload.json()).toEqual({ events: 4 });
    const fromFile = await status();
    expect(fromFile).toMatchObject({ source: 'file', url: null, events: 4, error: null });
    expect(Date.parse(fromFile.syncedAt ?? '')).toBeGreaterThanOrEqual(now - 1000);
    // Soonest first; the dentist switches nothing; the meeting that is over is not coming.
    const profiles = (await snapshotOf(alice)).profiles;
    const idOf = (name: string) => profiles.find((p) => p.name === name)?.id;
    expect(fromFile.switches).toEqual([
      { title: 'Lunch with Kim', start: inAnHour.toISOString().replace(/\.\d{3}Z$/, '.000Z'), end: expect.any(String), profileId: idOf('Lunch'), profileName: 'Lunch' },
      { title: 'Team meeting', start: expect.any(String), end: expect.any(String), profileId: idOf('Meeting'), profileName: 'Meeting' },
    ]);

    // A subscribed URL; a scheduled refresh that fails is kept in words, the events stay.
    feedBody = icsCalendar([{ uid: 'trip', summary: 'Vacation in Oslo', start: new Date(now + 86_400_000), end: new Date(now + 2 * 86_400_000) }]);
    expect(await json(server.api('/api/v1/me/calendar', { method: 'PUT', token: alice, body: { url: feedUrl } }))).toEqual({ events: 1 });
    expect(await status()).toMatchObject({ source: 'url', url: feedUrl, events: 1, error: null, switches: [{ title: 'Vacation in Oslo', profileName: 'Holiday' }] });
    feedBody = 'this is not a calendar';
    await server.server.refreshCalendars();
    const failed = await status();
    expect(failed).toMatchObject({ source: 'url', events: 1, error: { text: { key: 'error.calendarInvalid' } } });
    expect(failed.switches).toHaveLength(1);
    feedBody = icsCalendar([]);
    await server.server.refreshCalendars();
    expect(await status()).toMatchObject({ source: 'url', events: 0, error: null, switches: [] });

    // Another company's user sees only their own calendar.
    const olga = await server.signIn('olga');
    expect(await json(server.api('/api/v1/me/calendar', { token: olga }))).toEqual({ source: 'none', url: null, syncedAt: null, events: 0, error: null, switches: [] });

    // Disconnect: no source, no events, no sync time.
    expect(await json(server.api('/api/v1/me/calendar', { method: 'PUT', token: alice, body: { url: null } }))).toEqual({ events: 0 });
    expect(await status()).toEqual({ source: 'none', url: null, syncedAt: null, events: 0, error: null, switches: [] });
    expect((await snapshotOf(alice)).calendarEvents).toEqual([]);
  });
});
