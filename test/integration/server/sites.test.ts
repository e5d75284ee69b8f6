/**
 * Issue 13, seed 002 "Directory Scope" on the profile server: a company's sites (create, rename,
 * delete refused while users are in it, saying how many), users put in sites one at a time and
 * many at once, and each user's directory scope honoured by the server itself: the directory
 * search and the colleagues' presence pushed to their sockets. Two companies: company B never
 * sees, changes or assigns company A's sites, and A's sites are never assignable in B.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditPage, Site, User, type DirectoryEntry } from '../../../src/shared/model';
import type { CsvReport, ServerMessage } from '../../../src/shared/server-api';
import { parseCsv, writeCsv } from '../../../src/server/csv/csv';
import { formatText } from '../../../src/shared/i18n';
import { submitCsvJob } from '../../support/csvJobs';
import { apiOk, apiCall, startTestServer, type TestServer } from '../../support/server';
import { openSyncSocket, type SyncSocket } from '../../support/sync-socket';

type Presence = Extract<ServerMessage, { type: 'presence' }>;
const isPresence = (m: ServerMessage): m is Presence => m.type === 'presence';

describe('profile server: sites and directory scope', () => {
  let server: TestServer;
  let admin: string;
  let globexAdmin: string;
  const id = (userName: string): string => server.company.users[userName]?.id as string;
  const olga = (): string => server.otherCompany.users.olga?.id as string;

  beforeAll(async () => {
    server = await startTestServer();
    admin = await server.signIn('admin');
    globexAdmin = await server.signIn('globexadmin');
  });
  afterAll(async () => {
    await server.stop();
  });

  const call = (token: string, path: string, method: string, body?: unknown) => apiCall(server, token, path, method, body);
  const ok = <T>(token: string, path: string, method: string, body?: unknown): Promise<T> => apiOk<T>(server, token, path, method, body);
  const sites = async (token = admin): Promise<Site[]> => (await ok<unknown[]>(token, '/api/v1/admin/sites', 'GET')).map((s) => Site.parse(s));
  const directoryOf = async (token: string): Promise<string[]> => (await ok<DirectoryEntry[]>(token, '/api/v1/directory', 'GET')).map((e) => e.userName).sort();

  const exportCsv = async (): Promise<string[][]> => parseCsv((await (await server.api('/api/v1/admin/users.csv', { token: admin })).text()).replace(/^\uFEFF/, '')).map((r) => r.fields);
  const dryRun = async (content: string) => (await server.api('/api/v1/admin/users/csv/dry-run', { token: admin, body: { content } })).json() as Promise<CsvReport>;

  let stockholm: Site;
  let goteborg: Site;

  it('creates, renames and lists sites; a name is unique in the company regardless of case, and bad input names the field', async () => {
    expect(await sites()).toEqual([]);
    // Without sites, the users CSV has no site columns.
    expect((await exportCsv())[0]).not.toContain('Site');
    stockholm = await ok<Site>(admin, '/api/v1/admin/sites', 'POST', { name: 'Stockholm', code: 'STO' });
    expect(stockholm).toMatchObject({ name: 'Stockholm', code: 'STO', userCount: 0 });
    goteborg = await ok<Site>(admin, '/api/v1/admin/sites', 'POST', { name: 'Gothenburg', code: '' });
    expect(goteborg.code).toBeNull();

    const clash = await call(admin, '/api/v1/admin/sites', 'POST', { name: ' stockholm ' });
    expect(clash.status).toBe(409);
    expect(clash.json).toMatchObject({ details: { field: 'name' }, text: { key: 'error.siteNameTaken', params: { name: 'Stockholm' } } });
    const empty = await call(admin, '/api/v1/admin/sites', 'POST', { name: '  ' });
    expect(empty.status).toBe(400);
    expect(JSON.stringify(empty.json)).toContain('name');
    expect((await call(admin, `/api/v1/admin/sites/${goteborg.id}`, 'PATCH', { name: 'STOCKHOLM' })).status).toBe(409);

    goteborg = await ok<Site>(admin, `/api/v1/admin/sites/${goteborg.id}`, 'PATCH', { name: 'Göteborg', code: 'GBG' });
    expect((await sites()).map((s) => [s.name, s.code])).toEqual([['Göteborg', 'GBG'], ['Stockholm', 'STO']]);

    // Company B sees none of them and can change none of them; the same name is free in B.
    expect(await sites(globexAdmin)).toEqual([]);
    expect((await call(globexAdmin, `/api/v1/admin/sites/${stockholm.id}`, 'PATCH', { name: 'Taken over' })).status).toBe(404);
    expect((await call(globexAdmin, `/api/v1/admin/sites/${goteborg.id}`, 'DELETE')).status).toBe(404);
    const globexStockholm = await ok<Site>(globexAdmin, '/api/v1/admin/sites', 'POST', { name: 'Stockholm' });
    expect(globexStockholm.id).not.toBe(stockholm.id);
    // Users cannot manage sites.
    expect((await call(await server.signIn('alice'), '/api/v1/admin/sites', 'POST', { name: 'Mine' })).status).toBe(403);
    expect((await sites()).map((s) => s.name)).toEqual(['Göteborg', 'Stockholm']);
  });

  it('puts users in sites, one at a time and many at once; another company’s site or user is not found and nothing changes', async () => {
    const assigned = await ok<{ changed: string[] }>(admin, '/api/v1/admin/users/site', 'POST', { userIds: [id('alice'), id('bob')], siteId: stockholm.id });
    expect(assigned.changed.sort()).toEqual([id('alice'), id('bob')].sort());
    // Again: nobody changes.
    expect((await ok<{ changed: string[] }>(admin, '/api/v1/admin/users/site', 'POST', { userIds: [id('alice')], siteId: stockholm.id })).changed).toEqual([]);
    const carol = User.parse(await ok(admin, `/api/v1/admin/users/${id('carol')}`, 'PATCH', { siteId: goteborg.id }));
    expect(carol).toMatchObject({ siteId: goteborg.id, directoryScope: 'company' });
    expect((await sites()).map((s) => [s.name, s.userCount])).toEqual([['Göteborg', 1], ['Stockholm', 2]]);

    const globexSite = (await sites(globexAdmin))[0] as Site;
    const before = await ok<unknown[]>(admin, '/api/v1/admin/users', 'GET');
    // A's site for B's user, B's site for A's users, either admin: not found.
    expect((await call(globexAdmin, '/api/v1/admin/users/site', 'POST', { userIds: [olga()], siteId: stockholm.id })).status).toBe(404);
    expect((await call(globexAdmin, `/api/v1/admin/users/${olga()}`, 'PATCH', { siteId: stockholm.id })).status).toBe(404);
    expect((await call(admin, `/api/v1/admin/users/${id('dave')}`, 'PATCH', { siteId: globexSite.id })).status).toBe(404);
    expect((await call(admin, '/api/v1/admin/users/site', 'POST', { userIds: [id('dave')], siteId: globexSite.id })).status).toBe(404);
    expect((await call(globexAdmin, '/api/v1/admin/users/site', 'POST', { userIds: [id('dave')], directoryScope: 'none' })).status).toBe(404);
    expect((await call(admin, '/api/v1/admin/users/site', 'POST', { userIds: [id('dave'), olga()], siteId: stockholm.id })).status).toBe(404);
    const created = await call(admin, '/api/v1/admin/users', 'POST', { firstName: 'Sam', lastName: 'Site', email: 'sam.site@acme.example', siteId: globexSite.id });
    expect(created.status).toBe(404);
    expect(await ok<unknown[]>(admin, '/api/v1/admin/users', 'GET')).toEqual(before);
    expect((await ok<unknown[]>(globexAdmin, '/api/v1/admin/users', 'GET')).map((u) => User.parse(u).siteId ?? null)).toEqual([null, null]);
    // A bad scope names the field.
    const bad = await call(admin, '/api/v1/admin/users/site', 'POST', { userIds: [id('dave')], directoryScope: 'everyone' });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.json)).toContain('directoryScope');
  });

  it('honours each user’s directory scope in the directory the server answers: whole company, own site, nobody', async () => {
    const alice = await server.signIn('alice');
    const carol = await server.signIn('carol');
    const dave = await server.signIn('dave');
    const everyone = ['admin', 'alice', 'bob', 'carol', 'dave'];
    expect(await directoryOf(alice)).toEqual(everyone);

    await ok(admin, '/api/v1/admin/users/site', 'POST', { userIds: [id('alice')], directoryScope: 'site' });
    expect(await directoryOf(alice)).toEqual(['alice', 'bob']);
    expect((await ok<DirectoryEntry[]>(alice, '/api/v1/directory?query=carol', 'GET'))).toEqual([]);
    await ok(admin, `/api/v1/admin/users/${id('carol')}`, 'PATCH', { directoryScope: 'none' });
    expect(await directoryOf(carol)).toEqual(['carol']);
    // Others keep the whole company, Globex's people never in it.
    expect(await directoryOf(dave)).toEqual(everyone);
    expect(await directoryOf(await server.signIn('olga'))).toEqual(['globexadmin', 'olga']);
  });

  it('pushes colleagues’ presence only within the scope, and sends everyone their list anew when people move', async () => {
    const sockets: Record<string, SyncSocket> = {};
    try {
      for (const name of ['alice', 'dave']) {
        sockets[name] = await openSyncSocket(server.wsUrl, { token: await server.signIn(name) });
        await sockets[name].waitFor(isPresence);
      }
      const names = (m: Presence): string[] => m.people.map((p) => p.userName).sort();
      expect(names(sockets.alice!.messages.find(isPresence)!)).toEqual(['alice', 'bob']);
      expect(names(sockets.dave!.messages.find(isPresence)!)).toEqual(['admin', 'alice', 'bob', 'carol', 'dave']);

      // carol (Göteborg) switches profile: dave hears of it, alice (own site: Stockholm) does not.
      const switchProfile = async (userName: string, key: string): Promise<void> => {
        const token = await server.signIn(userName);
        const snapshot = (await ok<{ profiles: { id: string }[] }>(token, '/api/v1/me/snapshot', 'GET')).profiles;
        const response = await server.api('/api/v1/me/profile-switch', { method: 'POST', token, body: { profileId: snapshot[1]?.id, until: null }, headers: { 'idempotency-key': key } });
        expect(response.status).toBe(200);
      };
      await switchProfile('carol', 'sites-carol');
      await sockets.dave!.waitFor((m) => isPresence(m) && !m.complete && m.people.some((p) => p.userName === 'carol'));
      // then bob: alice hears of it; had carol's news reached her, it would be before bob's.
      await switchProfile('bob', 'sites-bob');
      await sockets.alice!.waitFor((m) => isPresence(m) && !m.complete && m.people.some((p) => p.userName === 'bob'));
      const aliceSaw = sockets.alice!.messages.filter(isPresence).flatMap((m) => m.people.map((p) => p.userName));
      expect(aliceSaw).not.toContain('carol');

      // dave moves to Stockholm: alice's list comes again, with him in it.
      await ok(admin, '/api/v1/admin/users/site', 'POST', { userIds: [id('dave')], siteId: stockholm.id });
      const anew = await sockets.alice!.waitFor((m) => isPresence(m) && m.complete && m.people.some((p) => p.userName === 'dave'));
      expect(names(anew as Presence)).toEqual(['alice', 'bob', 'dave']);
    } finally {
      for (const socket of Object.values(sockets)) await socket.close();
    }
  });

  it('exports each user’s site by name and scope, and imports them back; an unknown site is a row problem in the admin’s language', async () => {
    const rows = await exportCsv();
    const header = rows[0] as string[];
    const at = (column: string) => header.indexOf(column);
    expect(at('Site')).toBeGreaterThan(0);
    const row = (userName: string) => rows.find((r) => r[at('User Name')] === userName) as string[];
    expect([row('alice')[at('Site')], row('alice')[at('Directory Scope')]]).toEqual(['Stockholm', 'site']);
    expect([row('carol')[at('Site')], row('carol')[at('Directory Scope')]]).toEqual(['Göteborg', 'none']);
    expect(row('admin')[at('Site')]).toBe('');

    // carol back to the whole company and in Stockholm (by its site code); admin to Göteborg.
    const edited = rows.map((r) => [...r]);
    const carolRow = edited.find((r) => r[at('User Name')] === 'carol') as string[];
    carolRow[at('Site')] = 'sto';
    carolRow[at('Directory Scope')] = 'Company';
    (edited.find((r) => r[at('User Name')] === 'admin') as string[])[at('Site')] = 'göteborg';
    const report = await dryRun(writeCsv(edited));
    expect(report.invalid).toEqual([]);
    expect(report.change.map((c) => [c.userName, c.fields])).toEqual([['admin', ['siteId']], ['carol', ['siteId', 'directoryScope']]]);
    const result = await submitCsvJob(server, admin, writeCsv(edited));
    expect(result).toMatchObject({ state: 'committed', result: { created: 0, changed: 2 } });
    expect(User.parse(await ok(admin, `/api/v1/admin/users/${id('carol')}`, 'GET'))).toMatchObject({ siteId: stockholm.id, directoryScope: 'company' });
    expect(User.parse(await ok(admin, `/api/v1/admin/users/${id('admin')}`, 'GET'))).toMatchObject({ siteId: goteborg.id });

    // Another company's site name (Globex has a Stockholm too: Acme's is meant) and unknown names.
    const bad = await dryRun(['Internal ID,First Name,Last Name,Email,Site,Directory Scope', ',Nora,Nord,nora@acme.example,Malmö,branch'].join('\n'));
    expect(bad.invalid).toHaveLength(1);
    expect((bad.invalid[0]?.texts ?? []).map((t) => formatText('sv', t))).toEqual([
      'Kolumnen ”Site”: det finns inget kontor som heter ”Malmö”. Lägg först till det under Kontor, eller lämna cellen tom.',
      'Kolumnen ”Directory Scope”: skriv company, site eller none, inte ”branch”.',
    ]);
    const globexSite = (await sites(globexAdmin))[0] as Site;
    expect((await dryRun(['Internal ID,First Name,Last Name,Email,Site', `,Nora,Nord,nora@acme.example,${globexSite.id}`].join('\n'))).invalid).toHaveLength(1);
    await ok(admin, '/api/v1/admin/users/site', 'POST', { userIds: [id('admin'), id('carol')], siteId: null });
  });

  it('refuses to delete a site while users are in it, saying how many; deletes an empty one; audits every site action', async () => {
    const refused = await call(admin, `/api/v1/admin/sites/${stockholm.id}`, 'DELETE');
    expect(refused.status).toBe(409);
    expect(refused.json).toMatchObject({ text: { key: 'error.siteHasUsers', params: { site: 'Stockholm', count: 3 } } });
    await ok(admin, `/api/v1/admin/sites/${goteborg.id}`, 'DELETE');
    expect((await sites()).map((s) => s.name)).toEqual(['Stockholm']);

    const log = AuditPage.parse(await ok(admin, '/api/v1/admin/audit?q=&page=1&pageSize=200', 'GET'));
    const actions = log.entries.map((e) => e.action);
    for (const action of ['sites.create', 'sites.update', 'sites.delete', 'users.siteAssign'] as const) expect(actions).toContain(action);
    const moved = log.entries.find((e) => e.action === 'users.siteAssign' && (e.details.userIds as string[]).includes(id('dave')));
    expect(moved).toMatchObject({ actorName: 'admin', details: { site: 'Stockholm', count: 1 } });
    const globexLog = AuditPage.parse(await ok(globexAdmin, '/api/v1/admin/audit?q=&page=1&pageSize=200', 'GET'));
    expect(globexLog.entries.filter((e) => e.action.startsWith('sites.')).map((e) => e.subject?.name)).toEqual(['Stockholm']);
  });
});
