/**
 * Every route against every kind of caller, as data (test/support/routeTable.ts): anonymous, a
 * guest, a user and the admin of company A, a user and the admin of company B reaching for
 * company A's ids, user names and numbers, and the PBX with a wrong or the right secret. The
 * routes are the ones Fastify serves, so a route without a table entry fails here by name.
 * Checked on the wire: the status, that nothing of company A reaches company B's callers, that no
 * answer carries stack text, and that a refused request leaves every table as it was.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UserSnapshot } from '../../../src/shared/model';
import { CALLERS, companyAFixture, watchDatabase, type DatabaseWatch, send, SIGNED_IN, STACK_TEXT, type CallerName, type RouteFixture } from '../../support/routeFixture';
import { expectedStatus, PBX_QUESTIONS_OF_B, ROUTES, routeCaseOf } from '../../support/routeTable';
import { settleCsvJobs } from '../../../src/server/services/csv-jobs';
import { startTestServer, type TestServer } from '../../support/server';

describe('profile server: authorisation of every route', () => {
  let server: TestServer;
  let fx: RouteFixture;
  let db: DatabaseWatch;
  const tokens: Record<'alice' | 'bob' | 'globexadmin' | 'guest', string> = { alice: '', bob: '', globexadmin: '', guest: '' };
  let bobProfile: UserSnapshot['profiles'][number];

  beforeAll(async () => {
    server = await startTestServer();
    fx = await companyAFixture(server);
    db = await watchDatabase(server);
    tokens.alice = fx.tokens.userA as string;
    tokens.guest = fx.tokens.guestA as string;
    tokens.globexadmin = fx.tokens.adminB as string;
    tokens.bob = await server.signIn('bob');
    bobProfile = ((await (await server.api('/api/v1/me/snapshot', { token: tokens.bob })).json()) as UserSnapshot).profiles[0] as UserSnapshot['profiles'][number];
  });
  afterAll(async () => {
    db.close();
    await server.stop();
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
    const theirs = (await (await server.api('/api/v1/admin/users', { token: tokens.globexadmin })).json()) as { userName: string }[];
    expect(theirs.map((u) => u.userName).sort()).toEqual(['globexadmin', 'olga']);
    expect(await (await server.api('/api/v1/admin/queues', { token: tokens.globexadmin })).json()).toEqual([]);
    const directory = (await (await server.api('/api/v1/directory', { token: tokens.globexadmin })).json()) as { userName: string }[];
    expect(directory.map((u) => u.userName).sort()).toEqual(['globexadmin', 'olga']);
  });


  it('every route the server serves has an entry in the table, and every entry is served', () => {
    const served = server.server.routes.map((r) => `${r.method} ${r.url}`);
    const missing = served.filter((key) => !routeCaseOf(key.split(' ')[0] as string, key.slice(key.indexOf(' ') + 1)));
    expect(missing, 'Routes without an entry in test/support/routeTable.ts (add one each)').toEqual([]);
    const stale = Object.keys(ROUTES).filter((key) => !served.includes(key));
    expect(stale, 'Entries in test/support/routeTable.ts the server does not serve').toEqual([]);
  });

  it('each caller gets what the table says on every route; company B learns nothing of company A; refusals change nothing', async () => {
    const problems: string[] = [];
    // Refused callers first: the allowed ones may change or delete what the request names.
    const order = (route: NonNullable<ReturnType<typeof routeCaseOf>>): CallerName[] =>
      [...CALLERS].sort((x, y) => Number(expectedStatus(route, x) < 400) - Number(expectedStatus(route, y) < 400));
    for (const { method, url } of server.server.routes) {
      const route = routeCaseOf(method, url);
      if (!route) continue;
      for (const caller of order(route)) {
        const expected = expectedStatus(route, caller);
        const userName = SIGNED_IN[caller];
        const token = route.endsSession && expected < 400 && userName ? await server.signIn(userName) : undefined;
        const request = route.request(fx);
        // a CSV submit an allowed caller started finishes first (its job writes in the background)
        await settleCsvJobs(server.server.ctx);
        await db.changes();
        const answer = await send(fx, caller, method, request, token);
        const where = `${method} ${request.path} as ${caller}`;
        if (answer.status !== expected) problems.push(`${where}: ${answer.status}, expected ${expected}: ${answer.text.slice(0, 200)}`);
        if (answer.status >= 400) {
          const changed = await db.changes(route.refusalWrites);
          if (changed.length > 0) problems.push(`${where}: refused with ${answer.status} but changed ${changed.join(', ')}`);
        }
        if ((caller === 'userB' || caller === 'adminB') && !route.answersRequest) {
          const leaks = fx.leaksOfA(answer.text, request);
          if (leaks.length > 0) problems.push(`${where}: company A's ${leaks.join(', ')} in the answer`);
        }
        if (STACK_TEXT.test(answer.text)) problems.push(`${where}: stack text in the answer: ${answer.text.slice(0, 200)}`);
        if (route.endsUserSessions && answer.status < 400) await fx.renew(caller);
      }
    }
    expect(problems).toEqual([]);
  });

  it("the PBX's answers to questions about company B's callers carry nothing of company A", async () => {
    const problems: string[] = [];
    for (const path of PBX_QUESTIONS_OF_B) {
      const answer = await send(fx, 'pbx', 'GET', { path });
      if (answer.status !== 200 && answer.status !== 404) problems.push(`${path}: ${answer.status} ${answer.text}`);
      const leaks = fx.leaksOfA(answer.text);
      if (leaks.length > 0) problems.push(`${path}: company A's ${leaks.join(', ')} in "${answer.text}"`);
    }
    expect(problems).toEqual([]);
  });

  it("company B's callers cannot dial company A's announcements and applications, nor replay a signed target in another call", async () => {
    const asked = async (path: string): Promise<{ kind: string; status: string; target: string }> =>
      (await fetch(server.url + path, { headers: { 'x-pbx-secret': server.pbxSecret, accept: 'application/json' } })).json() as Promise<{ kind: string; status: string; target: string }>;
    const notFound = { kind: 'unknown', status: '404', target: '' };
    // The same questions for alice reach them, so the refusals below can fail.
    expect(fx.a.announcementTarget).toMatch(/^ann-/);
    expect(await asked(`/pbx/v1/route?from=alice&to=app-${fx.a.applicationId}`)).toMatchObject({ kind: 'application', target: 'sip:acme-switchboard@apps.acme.example' });
    for (const to of [`message-${fx.a.announcementId}`, `app-${fx.a.applicationId}`]) {
      expect(await asked(`/pbx/v1/route?from=olga&to=${to}&call_id=b-dials`)).toMatchObject(notFound);
      // "forwarded by alice" does not help a call that never reached her
      expect(await asked(`/pbx/v1/route?from=olga&to=${to}&call_id=b-dials&via=alice`)).toMatchObject(notFound);
    }
    const replayed = await send(fx, 'pbx', 'GET', { path: `/pbx/v1/announcements/audio?target=${encodeURIComponent(fx.a.announcementTarget)}&call_id=b-dials` });
    expect(replayed.status).toBe(404);
  });

  it('the database watch sees what a request changes, so the refusal checks above can fail', async () => {
    await db.changes();
    const refused = await server.api('/api/v1/auth/sign-in', { body: { login: 'dave', password: 'not-dave-password' } });
    expect(refused.status).toBe(401);
    // a failed sign-in is counted by design (the table's refusalWrites for sign-in)
    expect(await db.changes()).toEqual(['sign_in_failures']);
    expect(await db.changes()).toEqual([]);
  });
});
