/**
 * `npm run bench -- cluster` (issue 15): the profile server as a cluster against one instance.
 *
 * Cluster: PostgreSQL, three server instances (node processes) and HAProxy
 * (scripts/cluster/cluster.ts). Single: one instance on SQLite. Each gets the same data: one
 * company of BENCH_USERS users (default 50,000; seeded by SQL, one pattern user copied with a
 * recursive CTE), in companies of BENCH_COMPANY_SIZE (default 1,000: a hosted service's many
 * companies; one company of 10,000 connected users makes every sign-in's complete presence list
 * 10,000 colleagues long, quadratic in the company, which is not what this measures),
 * BENCH_SOCKETS of them signed in with a sync socket (default 10,000; spread
 * evenly over the three instances), opened by a child process so the clients' work does not run
 * in this one. Then, on each:
 *
 *   - each company's admin applies a template to its connected users, all companies at once
 *     (through the balancer), BENCH_SOCKETS users in all: delivery latency per socket from its
 *     company's apply request, p50/p99/max;
 *   - BENCH_PAIRS users (default 200) switch profile through one instance while their second
 *     client sits on another instance (single: the same one): request → the other client has
 *     the change, p50/p99.
 *
 * and prints both with the cluster/single ratio. Figures only; asserts nothing.
 *
 * The sockets connect to the instances directly: one HAProxy process holds two descriptors per
 * proxied connection and this machine's hard open-file limit is 20,000, so a single balancer
 * carries at most ~9,900 sockets (haproxy.ts, maxConnectionsHere). BENCH_VIA_BALANCER=1 sends
 * them through HAProxy instead (then keep BENCH_SOCKETS under that).
 */
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import pg from 'pg';
import WebSocket from 'ws';
import { serverInstance, startCluster } from '../scripts/cluster/cluster';
import { freeTcpPort } from '../scripts/pbx/processGroup';
import { createServer } from '../src/server/app';
import { hashPassword, sha256 } from '../src/server/security/secrets';
import { seedCompany } from '../src/server/seed/seed-company';
import { insertUser, newUserRecord } from '../src/server/services/user-records';
import { messagesFrom } from './lib/childMessages';

const USERS = Number(process.env.BENCH_USERS ?? 50_000);
const SOCKETS = Math.min(Number(process.env.BENCH_SOCKETS ?? 10_000), USERS);
const PAIRS = Math.min(Number(process.env.BENCH_PAIRS ?? 200), SOCKETS);
const VIA_BALANCER = process.env.BENCH_VIA_BALANCER === '1';
const COMPANY_SIZE = Math.max(1, Number(process.env.BENCH_COMPANY_SIZE ?? 1000));
const COMPANIES = Math.ceil(USERS / COMPANY_SIZE);
const ADMIN_PASSWORD = 'bench-admin-1';
const companyOf = (i: number): number => Math.floor(i / COMPANY_SIZE);

const now = (): number => performance.timeOrigin + performance.now();
const percentile = (sorted: number[], p: number): number => (sorted.length === 0 ? NaN : (sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] as number));
const userId = (i: number): string => `bench-user-${String(i).padStart(6, '0')}`;
const tokenOf = (i: number, second = false): string => `bench-token-${second ? 'b' : 'a'}-${i}`;

type Exec = (sql: string, params?: unknown[]) => Promise<void>;

/** The company, its admin and one pattern user through the server's own code; then copies by SQL. */
async function seed(store: { databaseUrl: string } | { dbPath: string }, dir: string): Promise<void> {
  const server = await createServer({ port: 0, ...store, mailOutbox: join(dir, 'seed-outbox.jsonl'), recordingsDir: join(dir, 'rec'), voicemailDir: join(dir, 'vm'), scryptCost: 1024, calendarRefreshMinutes: 0, logLevel: 'warn' });
  try {
    for (let c = 0; c < COMPANIES; c++) {
      await seedCompany(server.ctx, { id: `bench-${c}`, name: `Bench ${c} AB`, mainNumber: `+4680${String(c).padStart(7, '0')}`, users: [{ userName: `admin${c}`, firstName: 'Bench', lastName: 'Admin', email: `admin${c}@bench.test`, role: 'admin', password: ADMIN_PASSWORD }], queues: [] });
    }
    const pattern = newUserRecord({ companyId: 'bench-0', userName: 'pattern', email: 'pattern@bench.test', firstName: 'Bench', lastName: 'Pattern', role: 'user', numbers: {}, passwordHash: await hashPassword('bench-user-1', 1024), sipRealm: 'softphone.local' }, new Date());
    await server.ctx.store.write((tx) => insertUser(tx, pattern));
  } finally {
    await server.close();
  }
  const pgStore = 'databaseUrl' in store;
  let exec: Exec;
  let close: () => Promise<void>;
  if (pgStore) {
    const client = new pg.Client({ connectionString: store.databaseUrl });
    await client.connect();
    exec = async (sql, params = []) => void (await client.query(sql.replace(/\?/g, ((n) => () => `$${++n}`)(0)), params));
    close = () => client.end();
  } else {
    const db = new Database(store.dbPath);
    db.pragma('busy_timeout = 10000');
    exec = async (sql, params = []) => void db.prepare(sql).run(...params);
    close = async () => void db.close();
  }
  try {
    const columns = pgStore ? await pgColumns(store.databaseUrl) : sqliteColumns(store.dbPath);
    const pad = pgStore ? "lpad(s.i::text, 6, '0')" : "printf('%06d', s.i)";
    const replaced: Record<string, string> = {
      id: `'bench-user-' || ${pad}`,
      company_id: `'bench-' || (s.i / ${COMPANY_SIZE})`,
      user_name: `'user' || s.i`,
      sip_user: `'user' || s.i`,
      email: `'user' || s.i || '@bench.test'`,
      last_name: `'User ' || s.i`,
    };
    const select = columns.map((c) => replaced[c] ?? `u.${c}`).join(', ');
    await exec('BEGIN');
    await exec(`WITH RECURSIVE s(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM s WHERE i < ${USERS - 1}) INSERT INTO users (${columns.join(', ')}) SELECT ${select} FROM s, users u WHERE u.user_name = 'pattern'`);
    const at = new Date();
    const expires = new Date(at.getTime() + 86_400_000).toISOString();
    const sessions: unknown[][] = [];
    for (let i = 0; i < SOCKETS; i++) sessions.push([sha256(tokenOf(i)), userId(i), at.toISOString(), expires]);
    for (let i = 0; i < PAIRS; i++) sessions.push([sha256(tokenOf(i, true)), userId(i), at.toISOString(), expires]);
    for (let i = 0; i < sessions.length; i += 500) {
      const batch = sessions.slice(i, i + 500);
      await exec(`INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES ${batch.map(() => '(?, ?, ?, ?)').join(', ')}`, batch.flat());
    }
    await exec('COMMIT');
  } finally {
    await close();
  }
}

async function pgColumns(url: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ column_name: string }>("SELECT column_name FROM information_schema.columns WHERE table_name = 'users' AND table_schema = current_schema() ORDER BY ordinal_position");
    return rows.map((r) => r.column_name);
  } finally {
    await client.end();
  }
}

function sqliteColumns(path: string): string[] {
  const db = new Database(path, { readonly: true });
  try {
    return (db.prepare('PRAGMA table_info(users)').all() as { name: string }[]).map((r) => r.name);
  } finally {
    db.close();
  }
}

interface SocketPlan {
  url: string;
  token: string;
  user: string;
  /** The second client of a pair: times its user's switch. */
  second: boolean;
}

/** Child process: opens the sockets, reports when all have their snapshot, then the receive times. */
async function runClients(plan: SocketPlan[]): Promise<void> {
  const applied: { at: number; index: number }[] = [];
  const switched: Record<string, number> = {};
  const sockets: WebSocket[] = [];
  let received = 0;
  for (let i = 0; i < plan.length; i += 200) {
    await Promise.all(
      plan.slice(i, i + 200).map(
        (entry, k) =>
          new Promise<void>((resolve, reject) => {
            const index = i + k;
            const socket = new WebSocket(entry.url);
            sockets.push(socket);
            socket.on('open', () => socket.send(JSON.stringify({ type: 'hello', token: entry.token })));
            socket.on('error', reject);
            socket.on('message', (data: Buffer) => {
              const at = now();
              received += 1;
              // Only the kind is read (a message's first bytes) and a change's reason: parsing
              // every colleague list would make this process the bottleneck it measures.
              const head = data.toString('utf8', 0, 24);
              if (head.startsWith('{"type":"snapshot"')) resolve();
              else if (head.startsWith('{"type":"changes"')) {
                const text = data.toString('utf8');
                if (!entry.second && text.includes('"reason":"template-applied"')) applied.push({ at, index });
                if (entry.second && text.includes('"reason":"profile-switch"')) switched[entry.user] ??= at;
              }
            });
          }),
      ),
    );
  }
  process.send?.({ type: 'ready', sockets: sockets.length });
  process.on('message', (message: { type: string }) => {
    if (message.type === 'applied') process.send?.({ type: 'applied', times: applied.splice(0) });
    if (message.type === 'switched') process.send?.({ type: 'switched', times: switched });
    if (message.type === 'received') process.send?.({ type: 'received', count: received });
    if (message.type === 'close') {
      for (const socket of sockets) socket.terminate();
      process.exit(0);
    }
  });
}

interface Figures {
  apply: number[];
  applyAnswerMs: number;
  /** From the company's own apply answer to the delivery: on the instance that applied it, on another (over the bus). */
  afterAnswer: { here: number[]; elsewhere: number[] };
  switch: number[];
}

/** Sockets, the template apply and the paired switches against running servers. */
async function measure(label: string, apiUrl: string, instanceWs: string[], balancerWs: string | null): Promise<Figures> {
  const plan: SocketPlan[] = [];
  const n = instanceWs.length;
  for (let i = 0; i < SOCKETS; i++) plan.push({ url: balancerWs ?? (instanceWs[i % n] as string), token: tokenOf(i), user: userId(i), second: false });
  for (let i = 0; i < PAIRS; i++) plan.push({ url: instanceWs[(i + 1) % n] as string, token: tokenOf(i, true), user: userId(i), second: true });
  const child = fork(fileURLToPath(import.meta.url), ['--clients'], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  child.setMaxListeners(0);
  const fromChild = messagesFrom(child);
  try {
    const opened = now();
    child.send({ plan });
    const { sockets } = await fromChild<{ sockets: number }>('ready');
    console.log(`cluster: ${label}: ${sockets} sockets signed in and synced in ${((now() - opened) / 1000).toFixed(1)} s`);

    // Every company with connected users: its admin applies a template to them, all at once.
    const applies: { token: string; template: string; userIds: string[] }[] = [];
    for (let c = 0; c <= companyOf(SOCKETS - 1); c++) {
      const signIn = await fetch(`${apiUrl}/api/v1/auth/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login: `admin${c}`, password: ADMIN_PASSWORD, company: `bench-${c}` }) });
      if (!signIn.ok) throw new Error(`admin${c} sign-in answered ${signIn.status}: ${await signIn.text()}`);
      const { token } = (await signIn.json()) as { token: string };
      const templates = (await (await fetch(`${apiUrl}/api/v1/admin/templates`, { headers: { authorization: `Bearer ${token}` } })).json()) as { id: string }[];
      const userIds = Array.from({ length: COMPANY_SIZE }, (_, k) => c * COMPANY_SIZE + k).filter((i) => i < SOCKETS).map(userId);
      applies.push({ token, template: (templates[1] ?? templates[0])?.id ?? '', userIds });
    }
    const start = now();
    // Straight to the instances (company c to instance c mod n): an apply to thousands of users
    // may outlast HAProxy's 60 s server timeout on a loaded machine, and the figure is the push.
    const answers = await Promise.all(
      applies.map(async ({ token, template, userIds }, c) => {
        const response = await fetch(`${instanceHttp(instanceWs[c % n] as string)}/api/v1/admin/templates/${template}/apply`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ userIds, confirmOverwrite: true }) });
        if (!response.ok) throw new Error(`apply answered ${response.status}: ${await response.text()}`);
        await response.body?.cancel();
        return now() - start;
      }),
    );
    const applyAnswerMs = Math.max(...answers);
    // Wait until every socket has it, or nothing more arrived for 10 s (sockets that never get
    // it are counted as missing in the report).
    const apply: number[] = [];
    const afterAnswer = { here: [] as number[], elsewhere: [] as number[] };
    for (let quiet = 0; apply.length < SOCKETS && quiet < 10; ) {
      child.send({ type: 'applied' });
      const fresh = (await fromChild<{ times: { at: number; index: number }[] }>('applied')).times;
      apply.push(...fresh.map(({ at }) => at - start));
      for (const { at, index } of fresh) {
        const company = companyOf(index);
        (index % n === company % n ? afterAnswer.here : afterAnswer.elsewhere).push(at - start - (answers[company] ?? 0));
      }
      quiet = fresh.length === 0 ? quiet + 1 : 0;
      if (apply.length < SOCKETS) await new Promise((wake) => setTimeout(wake, 1000));
    }

    // The apply's colleague lists still arriving: the switches start once the sockets are quiet.
    const receivedCount = async (): Promise<number> => {
      child.send({ type: 'received' });
      return (await fromChild<{ count: number }>('received')).count;
    };
    for (let last = -1, count = await receivedCount(); count !== last; ) {
      await new Promise((wake) => setTimeout(wake, 1000));
      [last, count] = [count, await receivedCount()];
    }

    // Paired switches: through the instance of the user's first client, seen by the second.
    const sent: Record<string, number> = {};
    const snapshot = async (i: number): Promise<{ profiles: { id: string }[] }> => (await (await fetch(`${instanceHttp(instanceWs[i % n] as string)}/api/v1/me/snapshot`, { headers: { authorization: `Bearer ${tokenOf(i)}` } })).json()) as { profiles: { id: string }[] };
    for (let i = 0; i < PAIRS; i += 10) {
      await Promise.all(
        Array.from({ length: Math.min(10, PAIRS - i) }, async (_, k) => {
          const j = i + k;
          const profile = (await snapshot(j)).profiles[1];
          sent[userId(j)] = now();
          const answer = await fetch(`${instanceHttp(instanceWs[j % n] as string)}/api/v1/me/profile-switch`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${tokenOf(j)}`, 'idempotency-key': `bench-${j}` }, body: JSON.stringify({ profileId: profile?.id }) });
          await answer.body?.cancel();
        }),
      );
    }
    await new Promise((wake) => setTimeout(wake, 2000));
    child.send({ type: 'switched' });
    const { times } = await fromChild<{ times: Record<string, number> }>('switched');
    const switches = Object.entries(times).map(([user, at]) => at - (sent[user] ?? at));
    child.send({ type: 'close' });
    const sorted = (values: number[]): number[] => values.sort((a, b) => a - b);
    return { apply: sorted(apply), applyAnswerMs, afterAnswer: { here: sorted(afterAnswer.here), elsewhere: sorted(afterAnswer.elsewhere) }, switch: sorted(switches) };
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
  }
}

const instanceHttp = (ws: string): string => ws.replace(/^ws/, 'http').replace(/\/api\/v1\/ws$/, '');
const wsOf = (http: string): string => `${http.replace(/^http/, 'ws')}/api/v1/ws`;
const SERVER_ENV = { LOG_LEVEL: 'warn', CALENDAR_REFRESH_MINUTES: '0', UNCONFIRMED_SWEEP_MINUTES: '0', RECORDING_SWEEP_MINUTES: '0' };

async function clusterRun(): Promise<Figures> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-cluster-'));
  const seeded = now();
  const cluster = await startCluster({ instances: 3, echo: process.env.BENCH_ECHO === '1', serverEnv: SERVER_ENV, seed: (databaseUrl) => seed({ databaseUrl }, dir) });
  try {
    console.log(`cluster: PostgreSQL + 3 instances + HAProxy up, ${USERS} users seeded, in ${((now() - seeded) / 1000).toFixed(1)} s`);
    return await measure('3 instances on PostgreSQL', cluster.url, cluster.instances.map((i) => wsOf(i.url)), VIA_BALANCER ? cluster.wsUrl : null);
  } finally {
    await cluster.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function singleRun(): Promise<Figures> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-single-'));
  const dbPath = join(dir, 'bench.sqlite');
  const seeded = now();
  await seed({ dbPath }, dir);
  const port = await freeTcpPort('127.0.0.1');
  const instance = serverInstance('single', port, { ...process.env, ...SERVER_ENV, PROFILE_SERVER_PORT: String(port), PROFILE_SERVER_DB: dbPath, MAIL_OUTBOX: join(dir, 'outbox.jsonl'), RECORDINGS_DIR: join(dir, 'rec'), VOICEMAIL_DIR: join(dir, 'vm') }, [], false);
  try {
    await instance.start();
    console.log(`cluster: one instance on SQLite up, ${USERS} users seeded, in ${((now() - seeded) / 1000).toFixed(1)} s`);
    return await measure('1 instance on SQLite', instance.url, [wsOf(instance.url)], null);
  } finally {
    await instance.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }
}

function report(cluster: Figures, single: Figures): void {
  const row = (name: string, a: number, b: number): string => `  ${name.padEnd(34)} ${a.toFixed(0).padStart(8)} ${b.toFixed(0).padStart(8)} ${(a / b).toFixed(2).padStart(7)}`;
  console.log(`\ncluster: ${USERS} users in ${COMPANIES} companies, ${SOCKETS} sockets (${VIA_BALANCER ? 'through HAProxy' : 'direct to the instances'}), template applied to ${SOCKETS}, ${PAIRS} paired switches`);
  console.log(`  ${'ms'.padEnd(34)} ${'cluster'.padStart(8)} ${'single'.padStart(8)} ${'ratio'.padStart(7)}`);
  console.log(row('apply: last HTTP answer', cluster.applyAnswerMs, single.applyAnswerMs));
  for (const p of [50, 99, 100]) console.log(row(`apply: delivery ${p === 100 ? 'max' : `p${p}`}`, percentile(cluster.apply, p), percentile(single.apply, p)));
  for (const p of [50, 99]) console.log(row(`  after its answer, same inst. p${p}`, percentile(cluster.afterAnswer.here, p), percentile(single.afterAnswer.here, p)));
  for (const p of [50, 99]) console.log(`  ${`  after its answer, other inst. p${p}`.padEnd(34)} ${percentile(cluster.afterAnswer.elsewhere, p).toFixed(0).padStart(8)}`);
  for (const p of [50, 99]) console.log(row(`switch → other client p${p}`, percentile(cluster.switch, p), percentile(single.switch, p)));
  console.log(`  delivered: apply ${cluster.apply.length}/${SOCKETS} (cluster), ${single.apply.length}/${SOCKETS} (single); switches seen ${cluster.switch.length}/${PAIRS}, ${single.switch.length}/${PAIRS}`);
}

if (process.argv.includes('--clients')) {
  process.once('message', (message: { plan: SocketPlan[] }) => {
    runClients(message.plan).catch((error: unknown) => {
      console.error(error);
      process.exit(1);
    });
  });
} else {
  const cluster = await clusterRun();
  const single = await singleRun();
  report(cluster, single);
}
