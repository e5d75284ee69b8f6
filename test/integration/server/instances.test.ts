/**
 * Issue 15: what lived in one process works with two server instances on one PostgreSQL
 * database (`startTestServer({ join })`): idempotency keys, sign-in throttling, rate
 * limits, the calendar refresher, the welcome mails of a CSV import and CSV jobs followed on
 * another instance than the one running them. Runs in the
 * `integration-pg` project; on SQLite (one instance per file) there is nothing to share.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UserSnapshot } from '../../../src/shared/model';
import { CsvJob } from '../../../src/shared/server-api';
import { RATE_LIMITS } from '../../../src/server/routes/rate-limits';
import { submitCsvJob } from '../../support/csvJobs';
import { icsCalendar } from '../../support/ics';
import { startTestServer, type TestServer } from '../../support/server';

describe('profile server: two instances on one database (issue 15)', () => {
  let a: TestServer;
  let b: TestServer;
  let db: pg.Client;
  let feed: Server;
  let feedUrl: string;
  const fetched = new Map<string, number>();

  beforeAll(async () => {
    // The calendar feed runs on loopback, which the server refuses unless told (tests only).
    a = await startTestServer({ config: { calendarAllowLoopback: true } });
    b = await startTestServer({ join: a, config: { calendarAllowLoopback: true } });
    db = new pg.Client({ connectionString: a.databaseUrl as string });
    await db.connect();
    // Answers slowly, so two refresh rounds started together are under way at the same time.
    feed = createServer((req, res) => {
      fetched.set(req.url ?? '', (fetched.get(req.url ?? '') ?? 0) + 1);
      const now = Date.now();
      setTimeout(() => {
        res.writeHead(200, { 'content-type': 'text/calendar' });
        res.end(icsCalendar([{ uid: `trip${req.url}`, summary: 'Vacation', start: new Date(now - 60_000), end: new Date(now + 86_400_000) }]));
      }, 200);
    });
    await new Promise<void>((resolve) => feed.listen(0, '127.0.0.1', resolve));
    feedUrl = `http://127.0.0.1:${(feed.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => feed.close(resolve));
    await db.end();
    await b.stop();
    await a.stop();
  });

  const revisionOf = async (server: TestServer, token: string): Promise<number> =>
    ((await (await server.api('/api/v1/me/snapshot', { token })).json()) as UserSnapshot).revision;

  it('applies a command sent with one Idempotency-Key to both instances at once once; both get the same answer', async () => {
    const alice = await a.signIn('alice');
    const snap = (await (await a.api('/api/v1/me/snapshot', { token: alice })).json()) as UserSnapshot;
    for (let round = 0; round < 6; round++) {
      const before = await revisionOf(a, alice);
      const profile = snap.profiles[round % snap.profiles.length];
      const send = (server: TestServer) =>
        server.api('/api/v1/me/profile-switch', { token: alice, body: { profileId: profile?.id, until: null }, headers: { 'idempotency-key': `both-at-once-${round}` } });
      const answers = await Promise.all([send(a), send(b)]);
      expect(answers.map((answer) => answer.status)).toEqual([200, 200]);
      const [first, second] = await Promise.all(answers.map((answer) => answer.json()));
      expect(second).toEqual(first);
      // exactly one of them ran the command; the other answered the stored answer
      expect(answers.map((answer) => answer.headers.get('idempotent-replayed') ?? 'ran').sort()).toEqual(['ran', 'true']);
      expect(await revisionOf(b, alice)).toBe(before + 1);
    }
  });

  it('a command whose instance stopped after the commit, replayed to the other instance, gets the first answer', async () => {
    const c = await startTestServer({ join: a });
    const bob = await c.signIn('bob');
    const before = await revisionOf(c, bob);
    const body = { queueIds: 'all', status: 'paused' };
    const first = await c.api('/api/v1/me/queues', { token: bob, body, headers: { 'idempotency-key': 'lost-answer' } });
    expect(first.status).toBe(200);
    const firstBody: unknown = await first.json();
    await c.stop();
    const replayed = await b.api('/api/v1/me/queues', { token: bob, body, headers: { 'idempotency-key': 'lost-answer' } });
    expect(replayed.status).toBe(200);
    expect(replayed.headers.get('idempotent-replayed')).toBe('true');
    expect(await replayed.json()).toEqual(firstBody);
    expect(await revisionOf(a, bob)).toBe(before + 1);
  });

  it('counts every wrong password sent to both instances at once', async () => {
    const carol = a.company.users.carol?.id as string;
    const attempts = Array.from({ length: 12 }, (_, i) =>
      (i % 2 === 0 ? a : b).api('/api/v1/auth/sign-in', { method: 'POST', body: { login: 'carol', password: `wrong-password-${i}` } }),
    );
    const statuses = (await Promise.all(attempts)).map((response) => response.status);
    // Attempts that passed the throttle check were refused and counted; later ones may be throttled (429).
    const refused = statuses.filter((status) => status === 401).length;
    expect(refused + statuses.filter((status) => status === 429).length).toBe(12);
    expect(refused).toBeGreaterThan(0);
    const stored = await db.query<{ key: string; failures: number }>('SELECT key, failures FROM sign_in_failures WHERE key IN ($1, $2)', [
      `account:user:${carol}`,
      `pair:user:${carol}|127.0.0.1`,
    ]);
    expect(stored.rows.map((row) => row.failures)).toEqual([refused, refused]);
    // past the pair's allowance (5) the account is blocked on both instances
    for (const server of [a, b]) {
      expect((await server.api('/api/v1/auth/sign-in', { method: 'POST', body: { login: 'carol', password: 'carol-password-1' } })).status).toBe(429);
    }
    // the other company's users are not touched
    await b.signIn('olga');
  });

  it('holds a rate limit across instances: requests alternating between them get 429 at the limit', async () => {
    const confirm = (server: TestServer, i: number) => server.api('/api/v1/confirm', { body: { token: `guess-${String(i).padStart(8, '0')}` } });
    for (let i = 0; i < RATE_LIMITS.confirmation.max; i++) expect((await confirm(i % 2 === 0 ? a : b, i)).status).not.toBe(429);
    const refusedA = await confirm(a, 100);
    const refusedB = await confirm(b, 101);
    expect([refusedA.status, refusedB.status]).toEqual([429, 429]);
    expect(Number(refusedB.headers.get('retry-after'))).toBeGreaterThan(0);
    const windows = await db.query<{ hits: number }>("SELECT hits FROM rate_limit_hits WHERE key LIKE 'POST/api/v1/confirm-%'");
    expect(windows.rows).toEqual([{ hits: RATE_LIMITS.confirmation.max + 2 }]);
  });

  it('two instances refreshing calendars at once fetch each calendar once', async () => {
    const alice = await a.signIn('alice');
    const olga = await b.signIn('olga');
    expect((await a.api('/api/v1/me/calendar', { method: 'PUT', token: alice, body: { url: `${feedUrl}/alice.ics` } })).status).toBe(200);
    expect((await b.api('/api/v1/me/calendar', { method: 'PUT', token: olga, body: { url: `${feedUrl}/olga.ics` } })).status).toBe(200);
    fetched.clear();
    await Promise.all([a.server.refreshCalendars(), b.server.refreshCalendars()]);
    expect(Object.fromEntries(fetched)).toEqual({ '/alice.ics': 1, '/olga.ics': 1 });
    // the lock went with the round: the next round (on either instance) fetches again
    await b.server.refreshCalendars();
    expect(Object.fromEntries(fetched)).toEqual({ '/alice.ics': 2, '/olga.ics': 2 });
  });

  it('a background job held by one instance is skipped by the other; a timer round runs once per period', async () => {
    const storeOf = (server: TestServer) => server.server.ctx.store;
    let release: () => void = () => undefined;
    let started: () => void = () => undefined;
    const holding = new Promise<void>((resolve) => (started = resolve));
    const held = storeOf(a).runExclusive('test-held', async () => {
      started();
      await new Promise<void>((resolve) => (release = resolve));
    });
    await holding;
    let ranOnB = false;
    expect(await storeOf(b).runExclusive('test-held', async () => void (ranOnB = true))).toBe(false);
    release();
    expect(await held).toBe(true);
    // released with the job: the other instance gets it now
    expect(await storeOf(b).runExclusive('test-held', async () => void (ranOnB = true))).toBe(true);
    expect(ranOnB).toBe(true);

    let rounds = 0;
    const round = (server: TestServer) => storeOf(server).runExclusive('test-round', async () => void rounds++, { skipIfRanWithinMs: 60_000 });
    expect([await round(a), await round(b), await round(a)]).toEqual([true, false, false]);
    expect(rounds).toBe(1);
  });

  it('the same CSV import sent to both instances at once creates the users once and mails each one welcome', async () => {
    const adminA = await a.signIn('admin');
    const adminB = await b.signIn('admin');
    const content = 'Internal ID,First Name,Last Name,Email,User Name\n,Mona,Mailer,mona.mailer@example.test,monamailer\n,Max,Mailer,max.mailer@example.test,maxmailer\n';
    const jobs = await Promise.all([submitCsvJob(a, adminA, content, { pollMs: 5 }), submitCsvJob(b, adminB, content, { pollMs: 5 })]);
    expect(jobs.map((job) => job.state).sort()).toEqual(['committed', 'failed']);
    const users = await db.query<{ user_name: string }>("SELECT user_name FROM users WHERE user_name IN ('monamailer', 'maxmailer') ORDER BY user_name");
    expect(users.rows.map((row) => row.user_name)).toEqual(['maxmailer', 'monamailer']);
    const welcomes = [...a.mails(), ...b.mails()].filter((mail) => mail.kind === 'welcome').map((mail) => mail.to).sort();
    expect(welcomes).toEqual(['max.mailer@example.test', 'mona.mailer@example.test']);
  });

  it('a CSV job started on one instance is followed on the other, by its company only; a lost one is answered as failed', async () => {
    const adminA = await a.signIn('admin');
    const adminB = await b.signIn('admin');
    const globex = await b.signIn('globexadmin');
    const letters = (i: number) => String.fromCharCode(97 + Math.floor(i / 26)) + String.fromCharCode(97 + (i % 26));
    const rows = Array.from({ length: 30 }, (_, i) => `,Follow,F${letters(i)},follow${i}@example.test,follow${letters(i)},Follow-secret-${i}-x`);
    const started = await a.api('/api/v1/admin/users/csv/submit', {
      token: adminA,
      body: ['Internal ID,First Name,Last Name,Email,User Name,Password', ...rows].join('\n'),
      headers: { 'content-type': 'text/csv' },
    });
    expect(started.status).toBe(202);
    const { jobId } = (await started.json()) as { jobId: string };
    expect((await b.api(`/api/v1/admin/users/csv/jobs/${jobId}`, { token: globex })).status).toBe(404);
    let job = CsvJob.parse(await (await b.api(`/api/v1/admin/users/csv/jobs/${jobId}`, { token: adminB })).json());
    while (job.state === 'running') {
      await new Promise((resolve) => setTimeout(resolve, 50));
      const response = await b.api(`/api/v1/admin/users/csv/jobs/${jobId}`, { token: adminB });
      expect(response.status).toBe(200);
      job = CsvJob.parse(await response.json());
    }
    expect(job).toMatchObject({ state: 'committed', done: 30, total: 30, result: { created: 30 }, error: null });

    // A job whose instance stopped mid-way: its row was last touched long ago.
    const lost = { jobId: 'lost-job', state: 'running', done: 3, total: 9, result: null, error: null };
    await db.query('INSERT INTO csv_jobs (id, company_id, job_json, updated_at) VALUES ($1, $2, $3, $4)', ['lost-job', a.company.id, JSON.stringify(lost), new Date(Date.now() - 5 * 60_000).toISOString()]);
    const answer = CsvJob.parse(await (await b.api('/api/v1/admin/users/csv/jobs/lost-job', { token: adminB })).json());
    expect(answer).toMatchObject({ state: 'failed', error: { text: { key: 'error.csvJobLost' } } });
  });
});
