/**
 * What the authorisation matrix and the fuzz test aim at: company A ("Acme") with resources of
 * every kind a route can name (users, profiles, queues, templates, desk phones, recordings), the
 * callers of both companies with their sessions, the tokens that must never reach company B, and
 * a dump of every table to compare before and after a refused request.
 *
 *   const fx = await companyAFixture(server);
 *   fx.tokens.adminB, fx.a.aliceProfileId, fx.leaksOfA(text), dumpDatabase(server.dbPath)
 */
import { request as httpRequest } from 'node:http';
import Database from 'better-sqlite3';
import { dumpPostgres, postgresWatcher } from './testStore';
import type { Template, UserSnapshot } from '../../src/shared/model';
import { passwordOf, type TestServer } from './server';
import { toneWav } from './wav';

/** Who asks: company A's anonymous visitor, guest, user and admin; company B's user and admin; the PBX. */
export const CALLERS = ['anonymous', 'guestA', 'userA', 'adminA', 'userB', 'adminB', 'pbxWrongSecret', 'pbx'] as const;
export type CallerName = (typeof CALLERS)[number];

/** The signed-in callers: the name each signs in with. */
export const SIGNED_IN: Partial<Record<CallerName, string>> = { guestA: 'gwen', userA: 'alice', adminA: 'admin', userB: 'olga', adminB: 'globexadmin' };

export interface CompanyA {
  /** The token of company A's self-registration link. */
  registrationToken: string;
  aliceId: string;
  bobId: string;
  /** Alice's first profile (all its fields) and her others' ids. */
  aliceProfile: UserSnapshot['profiles'][number];
  supportQueueId: string;
  /** Issue 13: a queue whose member dave the admin removes, and a queue the admin deletes. */
  salesQueueId: string;
  daveId: string;
  doomedQueueId: string;
  /** A template to read, clone, save and apply; another one the admin deletes. */
  template: Template;
  doomedTemplateId: string;
  /** A company template (not built in) whose profiles the admin saves. */
  editableTemplateId: string;
  /** Alice's desk phones: one to rotate, one the admin deletes. */
  deskId: string;
  doomedDeskId: string;
  /** Recordings of alice's calls: one for her own routes, one for the admin's. */
  ownRecordingId: string;
  companyRecordingId: string;
  /** A CSV submit job of company A's admin (kept in the server's memory for an hour). */
  csvJobId: string;
  /** Announcements and applications (issue 11): one to read and change, one the admin deletes. */
  announcementId: string;
  doomedAnnouncementId: string;
  applicationId: string;
  doomedApplicationId: string;
  /** The media target the PBX's route answer signed for alice dialling the announcement (call `fixture-announcement`). */
  announcementTarget: string;
  /** Issue 13: a site (bob is in it) and an empty site the admin deletes. */
  siteId: string;
  doomedSiteId: string;
}

export interface RouteFixture {
  server: TestServer;
  a: CompanyA;
  tokens: Record<CallerName, string | undefined>;
  /** A value no other call used (for emails, user names, template names). */
  unique(prefix: string): string;
  /** Company A's values found in an answer (ids, names, emails, numbers) that the request did not carry itself. */
  leaksOfA(answer: string, request?: unknown): string[];
  /** Headers a caller sends (bearer token, or the PBX's secret). */
  headersOf(caller: CallerName, token?: string): Record<string, string>;
  /**
   * After a request that ended every session of the caller's account (a password change): sets
   * the caller's password back to the one it signs in with and gives the caller a new session.
   */
  renew(caller: CallerName): Promise<void>;
}

async function json<T>(response: Response): Promise<T> {
  if (!response.ok) throw new Error(`${response.url}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

export async function companyAFixture(server: TestServer): Promise<RouteFixture> {
  const tokens: Record<CallerName, string | undefined> = { anonymous: undefined, guestA: undefined, userA: undefined, adminA: undefined, userB: undefined, adminB: undefined, pbxWrongSecret: undefined, pbx: undefined };
  const admin = await server.signIn('admin');
  // A guest of company A (self-registered; confirmation off for this).
  await json(await server.api('/api/v1/admin/company', { method: 'PATCH', token: admin, body: { requireConfirmation: false } }));
  const registrationToken = (await server.server.ctx.store.getRegistrationToken('acme')) as string;
  await json(await server.api('/api/v1/register', { body: { registrationToken, firstName: 'Gwen', lastName: 'Guest', email: 'gwen@example.test', userName: 'gwen', password: passwordOf('gwen') } }));
  for (const [caller, userName] of Object.entries(SIGNED_IN)) tokens[caller as CallerName] = await server.signIn(userName);

  const aliceId = server.company.users.alice?.id as string;
  const bobId = server.company.users.bob?.id as string;
  const snapshot = await json<UserSnapshot>(await server.api('/api/v1/me/snapshot', { token: tokens.userA }));
  const summaries = await json<{ id: string }[]>(await server.api('/api/v1/admin/templates', { token: admin }));
  const template = await json<Template>(await server.api(`/api/v1/admin/templates/${summaries[0]?.id}`, { token: admin }));
  const clone = (name: string): Promise<Template> => server.api(`/api/v1/admin/templates/${template.id}/clone`, { token: admin, body: { name } }).then((r) => json<Template>(r));
  const doomed = await clone('Doomed');
  const editable = await clone('Editable');
  const desk = async (label: string): Promise<string> =>
    (await json<{ device: { id: string } }>(await server.api(`/api/v1/admin/users/${aliceId}/devices`, { token: admin, body: { label } }))).device.id;

  // Recordings: alice's profiles record, the PBX asks about a call to her and uploads it.
  for (const { id, ...fields } of snapshot.profiles) {
    await json(await server.api(`/api/v1/me/profiles/${id}`, { method: 'PUT', token: tokens.userA, body: { fields: { ...fields, recording: true } } }));
  }
  const pbx = { 'x-pbx-secret': server.pbxSecret };
  const wav = toneWav([{ hz: 440, seconds: 0.2 }]);
  const recorded = async (callId: string): Promise<void> => {
    await fetch(`${server.url}/pbx/v1/route?from=bob&to=1001&call_id=${callId}&presented=%2B46855501002`, { headers: pbx });
    const upload = await fetch(`${server.url}/pbx/v1/recordings?call_id=${callId}`, { method: 'POST', headers: { ...pbx, 'content-type': 'audio/wav' }, body: new Uint8Array(wav) });
    if (!upload.ok) throw new Error(`Recording ${callId}: ${upload.status} ${await upload.text()}`);
  };
  await recorded('fixture-own');
  await recorded('fixture-company');
  const recordings = await json<{ id: string }[]>(await server.api('/api/v1/me/recordings', { token: tokens.userA }));

  const csvJob = await server.api('/api/v1/admin/users/csv/submit', { token: admin, body: { content: 'Internal ID,First Name,Last Name,Email\n' } });
  if (csvJob.status !== 202) throw new Error(`CSV submit: ${csvJob.status} ${await csvJob.text()}`);
  const { jobId: csvJobId } = (await csvJob.json()) as { jobId: string };
  const audioBase64 = Buffer.from(toneWav([{ hz: 440, seconds: 0.5 }])).toString('base64');
  const announcement = (name: string): Promise<string> =>
    server.api('/api/v1/admin/announcements', { token: admin, body: { name, afterwards: 'end', audioBase64 } }).then((r) => json<{ id: string }>(r)).then((x) => x.id);
  const application = (name: string): Promise<string> =>
    server.api('/api/v1/admin/applications', { token: admin, body: { name, sipUri: `sip:${name}@apps.acme.example` } }).then((r) => json<{ id: string }>(r)).then((x) => x.id);

  const site = (name: string): Promise<string> =>
    server.api('/api/v1/admin/sites', { token: admin, body: { name } }).then((r) => json<{ id: string }>(r)).then((x) => x.id);

  const a: CompanyA = {
    registrationToken,
    aliceId,
    bobId,
    aliceProfile: snapshot.profiles[0] as UserSnapshot['profiles'][number],
    supportQueueId: server.company.queues.Support?.id as string,
    salesQueueId: server.company.queues.Sales?.id as string,
    daveId: server.company.users.dave?.id as string,
    doomedQueueId: (await json<{ id: string }>(await server.api('/api/v1/admin/queues', { token: admin, body: { name: 'Doomed queue', number: '3999' } }))).id,
    template,
    doomedTemplateId: doomed.id,
    editableTemplateId: editable.id,
    deskId: await desk('Desk'),
    doomedDeskId: await desk('Doomed'),
    // newest first
    ownRecordingId: recordings[1]?.id as string,
    companyRecordingId: recordings[0]?.id as string,
    csvJobId,
    announcementId: await announcement('Acme-lunch'),
    doomedAnnouncementId: await announcement('Acme-doomed'),
    applicationId: await application('acme-switchboard'),
    doomedApplicationId: await application('acme-doomed-ivr'),
    announcementTarget: '',
    siteId: await site('acme-stockholm'),
    doomedSiteId: await site('acme-doomed-site'),
  };
  await server.api('/api/v1/admin/users/site', { token: admin, body: { userIds: [bobId], siteId: a.siteId } });
  const dialled = await fetch(`${server.url}/pbx/v1/route?from=alice&to=message-${a.announcementId}&call_id=fixture-announcement`, { headers: { ...pbx, accept: 'application/json' } });
  a.announcementTarget = (await json<{ kind: string; target: string }>(dialled)).target;
  // What renew() sets back: the password hashes the callers sign in with.
  const passwordHashes = new Map<string, string | null>();
  for (const userName of Object.values(SIGNED_IN)) passwordHashes.set(userName, (await server.server.ctx.store.findUsersByLogin(userName))[0]?.passwordHash ?? null);

  const markers = new Set<string>();
  const mark = (value: string | undefined | null): void => {
    if (value) markers.add(value.toLowerCase());
  };
  for (const user of Object.values(server.company.users)) {
    mark(user.id);
    mark(user.email);
    // 'admin' is also a role and a word in answers: its email and id mark it.
    if (user.userName !== 'admin') mark(user.userName);
    if (user.lastName !== 'Admin') mark(user.lastName);
    // Extensions are short numbers found anywhere (limits, counts); the public numbers mark a user.
    for (const [kind, number] of Object.entries(user.numbers ?? {})) if (kind !== 'extension') for (const one of [number ?? []].flat()) mark(one);
  }
  for (const queue of Object.values(server.company.queues)) {
    mark(queue.id);
    mark(queue.number);
  }
  for (const t of server.company.templates) mark(t.id);
  for (const profile of snapshot.profiles) mark(profile.id);
  for (const id of [a.doomedTemplateId, a.editableTemplateId, a.deskId, a.doomedDeskId, a.ownRecordingId, a.companyRecordingId, a.csvJobId]) mark(id);
  for (const id of [a.announcementId, a.doomedAnnouncementId, a.applicationId, a.doomedApplicationId, a.doomedQueueId, a.siteId, a.doomedSiteId]) mark(id);
  for (const name of ['acme-stockholm', 'acme-doomed-site']) mark(name);
  // Announcement and application names and addresses (single tokens, so the leak check sees them).
  for (const name of ['acme-lunch', 'acme-doomed', 'acme-switchboard', 'acme-doomed-ivr', 'acme-switchboard@apps.acme.example', 'acme-doomed-ivr@apps.acme.example']) mark(name);
  mark(registrationToken);
  mark('acme');
  mark('+46855500000');

  let counter = 0;
  return {
    server,
    a,
    tokens,
    unique: (prefix) => `${prefix}${++counter}x${Date.now().toString(36)}`,
    leaksOfA(answer, request) {
      const asked = decodeURIComponent(JSON.stringify(request ?? null)).toLowerCase();
      const tokens = new Set(answer.toLowerCase().split(/[^\p{L}\p{N}@.+_-]+/u).map((token) => token.replace(/\.+$/, '')));
      return [...tokens].filter((token) => markers.has(token) && !asked.includes(token));
    },
    headersOf(caller, token = tokens[caller]): Record<string, string> {
      if (caller === 'pbx') return { 'x-pbx-secret': server.pbxSecret };
      if (caller === 'pbxWrongSecret') return { 'x-pbx-secret': `${server.pbxSecret}-not` };
      return token ? { authorization: `Bearer ${token}` } : {};
    },
    async renew(caller) {
      const userName = SIGNED_IN[caller];
      if (!userName) return;
      const [user] = await server.server.ctx.store.findUsersByLogin(userName);
      if (user && user.passwordHash !== passwordHashes.get(userName)) {
        await server.server.ctx.store.write((tx) => tx.updateUser({ ...user, passwordHash: passwordHashes.get(userName) ?? null }));
      }
      tokens[caller] = await server.signIn(userName);
    },
  };
}

/**
 * Sends a table's request as `caller` (with `token` instead of the caller's own when given). Each
 * caller asks the non-PBX routes from its own loopback address, so that the per-address rate
 * limits of the public routes (password reset: 5 per address) count each caller's request apart.
 */
export async function send(
  fx: RouteFixture,
  caller: CallerName,
  method: string,
  request: { path: string; body?: unknown; contentType?: string },
  token?: string,
): Promise<{ status: number; text: string }> {
  const headers = fx.headersOf(caller, token);
  let body: Buffer | undefined;
  if (request.contentType !== undefined) {
    headers['content-type'] = request.contentType;
    body = typeof request.body === 'string' ? Buffer.from(request.body) : (request.body as Buffer);
  } else if (request.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = Buffer.from(JSON.stringify(request.body));
  }
  if (body) headers['content-length'] = String(body.byteLength);
  const url = new URL(fx.server.url);
  // The PBX's routes answer 127.0.0.1 only (routes/pbx.ts).
  const localAddress = request.path.startsWith('/pbx/') ? '127.0.0.1' : `127.0.0.${10 + CALLERS.indexOf(caller)}`;
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest({ host: url.hostname, port: url.port, method, path: request.path, localAddress, agent: false, headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      response.on('error', reject);
    });
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

/**
 * Watches the server's stored data: `changes()` names the tables whose rows differ from the
 * previous call's. On SQLite through a read-only connection to the file, cheap when nothing was
 * committed (SQLite's `data_version` says so); otherwise, and on PostgreSQL always, every
 * table's rows are dumped, sorted, and compared.
 */
export interface DatabaseWatch {
  /** Tables changed since the previous call, leaving out `except` (the first call: none). */
  changes(except?: readonly string[]): Promise<string[]>;
  close(): void;
}

export async function watchDatabase(server: { dbPath: string; databaseUrl: string | null }): Promise<DatabaseWatch> {
  const url = server.databaseUrl;
  if (url) {
    let baseline = await dumpPostgres(url);
    const watcher = await postgresWatcher(url);
    return {
      async changes(except = []) {
        const current = await watcher.changed();
        if (!current) return [];
        const changed = changedTables(baseline, current).filter((name) => !except.includes(name));
        baseline = current;
        return changed;
      },
      close: () => void watcher.close(),
    };
  }
  const db = new Database(server.dbPath, { readonly: true, fileMustExist: true });
  const cell = (_key: string, value: unknown): unknown => (Buffer.isBuffer(value) ? value.toString('base64') : typeof value === 'bigint' ? value.toString() : value);
  const version = (): number => db.pragma('data_version', { simple: true }) as number;
  const dump = (): Map<string, string> => {
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[];
    const rows = new Map<string, string>();
    for (const { name } of tables) {
      const all = db.prepare(`SELECT * FROM "${name.replaceAll('"', '""')}"`).raw().all() as unknown[][];
      rows.set(name, all.map((row) => JSON.stringify(row, cell)).sort().join('\n'));
    }
    return rows;
  };
  let seen = version();
  let baseline = dump();
  return {
    async changes(except = []) {
      const now = version();
      if (now === seen) return [];
      const current = dump();
      const changed = changedTables(baseline, current).filter((name) => !except.includes(name));
      seen = now;
      baseline = current;
      return changed;
    },
    close: () => db.close(),
  };
}

/** The tables whose rows differ between two dumps. */
function changedTables(before: Map<string, string>, after: Map<string, string>): string[] {
  const names = new Set([...before.keys(), ...after.keys()]);
  return [...names].filter((name) => before.get(name) !== after.get(name)).sort();
}

/** Traces of the server's insides an answer must never carry. */
export const STACK_TEXT = /\bat [\w$.<>]+ \(|\bat (?:file:|node:|\/)|\.(?:ts|js|mjs):\d+:\d+|node_modules|SqliteError|SQLITE_|duplicate key value|violates (?:unique|foreign key|check) constraint|\/work\//;
