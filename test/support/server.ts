/**
 * `startTestServer()`: the real profile server on an ephemeral loopback port with a fresh
 * SQLite file in a temporary directory (with `STORE=postgres`: a fresh PostgreSQL database,
 * test/support/testStore.ts), seeded with two companies. Reused by the server, SIP
 * and client tests — keep this interface stable.
 *
 *   const server = await startTestServer();
 *   const token = await server.signIn('alice');            // bearer token
 *   server.company.users.alice.id / .password / .numbers    // seeded data
 *   server.company.queues.Support.number                     // '+46850000100'
 *   server.pbxSecret                                         // for /pbx/v1/* (X-Pbx-Secret)
 *   await server.restart();                                  // same database, new process state
 *   await server.usePbx(kamailio.wsUrl);                     // announced in GET /me/sip (restarts)
 *   await server.stop();                                     // closes and deletes the temp dir
 *
 * Several instances on one PostgreSQL database (issue 15, `STORE=postgres` only):
 *   const cluster = await startServerCluster(2);             // cluster.servers[0] seeded, [1] joins
 *   const b = await startTestServer({ join: a });            // one more instance on a's database
 * A joining instance has its own port and temporary directory, the same seeded companies and
 * secrets, and leaves the database to the instance it joined (which drops it at its stop).
 *
 * Company "Acme" (`server.company`): admin (extension 1000), alice 1001, bob 1002, carol 1003,
 * dave 1004 (landlines +4685550100x, mobiles +4670555000x for alice/bob/dave), queues Support
 * (+46855501100: alice, bob, carol) and Sales (+46855501200: bob, dave). Company "Globex"
 * (`server.otherCompany`): globexadmin (admin, 2000) and olga (2001). Every seeded user has
 * the password `${userName}-password-1`. The first built-in template is applied to everyone.
 */
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type RunningServer, type ServerOverrides } from '../../src/server/app';
import type { ServerConfigInput } from '../../src/server/config';
import { seedCompany, type CompanySpec, type SeededCompany, type SeedUser } from '../../src/server/seed/seed-company';
import type { MailMessage } from '../../src/server/mail/mail-port';
import { testDatabase } from './testStore';

export interface TestServer {
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** `ws://127.0.0.1:<port>/api/v1/ws` */
  wsUrl: string;
  pbxSecret: string;
  sipDomain: string;
  voicemailUser: string;
  dbPath: string;
  /** The PostgreSQL database the server uses (`STORE=postgres`), else null. */
  databaseUrl: string | null;
  company: SeededCompany;
  otherCompany: SeededCompany;
  /** The running server (its context gives direct access to the store and clock). */
  server: RunningServer;
  /** Signs in over HTTP and returns the bearer token. */
  signIn(userName: string, password?: string): Promise<string>;
  /** `fetch` against the server with an optional bearer token and JSON body. */
  api(path: string, init?: { method?: string; token?: string; body?: unknown; headers?: Record<string, string> }): Promise<Response>;
  /** Messages the dev mail port wrote, oldest first. */
  mails(): (MailMessage & { sentAt: string })[];
  /**
   * Stops the server and starts it again on the same database file and the same port, with
   * `changes` to its configuration if given (they stay for later restarts).
   */
  restart(changes?: Partial<ServerConfigInput>): Promise<void>;
  /**
   * Announces the PBX's address (`pbxWsUrl`, returned as `wsUrl` by `GET /api/v1/me/sip`).
   * Kamailio needs the server's address to start, so the server learns the PBX's afterwards:
   * this restarts it (same database and port) with the new configuration. `wsUrls`: every
   * proxy of a pair (`pbxWsUrls`, returned as `wsUrls`).
   */
  usePbx(wsUrl: string | null, wsUrls?: string[]): Promise<void>;
  stop(): Promise<void>;
}

export const passwordOf = (userName: string): string => `${userName}-password-1`;

const user = (
  userName: string,
  firstName: string,
  lastName: string,
  role: SeedUser['role'],
  numbers: SeedUser['numbers'],
): SeedUser => ({
  userName,
  firstName,
  lastName,
  email: `${userName}@example.test`,
  role,
  password: passwordOf(userName),
  numbers,
});

export const ACME: CompanySpec = {
  id: 'acme',
  name: 'Acme',
  mainNumber: '+46855500000',
  // The public numbers Acme owns (issue 12): landlines and queues must be in here.
  numberBlocks: [['+46855500000', '+46855599999']],
  users: [
    user('admin', 'Ada', 'Admin', 'admin', { extension: '1000' }),
    user('alice', 'Alice', 'Andersson', 'user', { extension: '1001', landline: '+46855501001', mobile: '+46705550001' }),
    user('bob', 'Bob', 'Berg', 'user', { extension: '1002', landline: '+46855501002', mobile: '+46705550002' }),
    user('carol', 'Carol', 'Carlsson', 'user', { extension: '1003', landline: '+46855501003' }),
    user('dave', 'Dave', 'Dahl', 'user', { extension: '1004', mobile: '+46705550004' }),
  ],
  queues: [
    { name: 'Support', number: '+46855501100', members: ['alice', 'bob', 'carol'] },
    { name: 'Sales', number: '+46855501200', members: ['bob', 'dave'] },
  ],
};

export const GLOBEX: CompanySpec = {
  id: 'globex',
  name: 'Globex',
  mainNumber: '+46866600000',
  numberBlocks: [['+46866600000', '+46866699999']],
  users: [
    user('globexadmin', 'Greta', 'Globex', 'admin', { extension: '2000' }),
    user('olga', 'Olga', 'Olsson', 'user', { extension: '2001', landline: '+46866602001' }),
  ],
  queues: [],
};

export interface TestServerOptions {
  /** Extra configuration (e.g. `calendarRefreshMinutes`). */
  config?: Partial<ServerConfigInput>;
  /** Parts the server takes from its caller (e.g. `calendarResolver`), kept across restarts. */
  overrides?: ServerOverrides;
  /**
   * Another instance on this server's PostgreSQL database (issue 15): nothing is seeded (the
   * companies are the joined server's), and the database stays until the joined server stops.
   */
  join?: TestServer;
}

export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const dir = mkdtempSync(join(tmpdir(), 'profile-server-test-'));
  const joined = options.join;
  if (joined && !joined.databaseUrl) throw new Error('Only a server on PostgreSQL can be joined (STORE=postgres)');
  const database = joined ? { url: joined.databaseUrl as string, drop: async () => undefined } : await testDatabase();
  let config: ServerConfigInput = {
    host: '127.0.0.1',
    port: 0,
    dbPath: join(dir, 'server.sqlite'),
    mailOutbox: join(dir, 'outbox.jsonl'),
    recordingsDir: join(dir, 'recordings'),
    voicemailDir: join(dir, 'voicemail'),
    pbxSecret: 'test-pbx-secret-0123456789',
    sipDomain: 'test.local',
    voicemailUser: 'voicemail',
    // Cheap hashing keeps seeding fast; production uses 2^14.
    scryptCost: 1024,
    calendarRefreshMinutes: 0,
    // Failures (500s, with their cause) still reach the test output; routine lines do not.
    logLevel: 'warn',
    ...(database ? { databaseUrl: database.url } : {}),
    ...options.config,
  };
  let server = await createServer(config, options.overrides);
  const company = joined ? joined.company : await seedCompany(server.ctx, ACME);
  const otherCompany = joined ? joined.otherCompany : await seedCompany(server.ctx, GLOBEX);

  const handle: TestServer = {
    url: server.url,
    wsUrl: server.url.replace(/^http/, 'ws') + '/api/v1/ws',
    pbxSecret: config.pbxSecret as string,
    sipDomain: config.sipDomain as string,
    voicemailUser: config.voicemailUser as string,
    dbPath: config.dbPath as string,
    databaseUrl: config.databaseUrl ?? null,
    company,
    otherCompany,
    server,
    signIn: (userName, password) => signInWith(handle.api, userName, password),
    api: apiAt(() => handle.url),
    mails() {
      const path = config.mailOutbox as string;
      if (!existsSync(path)) return [];
      return readFileSync(path, 'utf8')
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map((line) => JSON.parse(line) as MailMessage & { sentAt: string });
    },
    async restart(changes = {}) {
      config = { ...config, ...changes };
      const port = Number(new URL(server.url).port);
      await server.close();
      // Same port, so clients configured with `url` reconnect to the restarted server.
      server = await createServer({ ...config, port }, options.overrides);
      handle.server = server;
      handle.url = server.url;
      handle.wsUrl = server.url.replace(/^http/, 'ws') + '/api/v1/ws';
    },
    async usePbx(wsUrl, wsUrls = []) {
      config = { ...config, pbxWsUrl: wsUrl, pbxWsUrls: wsUrls };
      await handle.restart();
    },
    async stop() {
      await server.close();
      await database?.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return handle;
}

/**
 * `fetch` against the server at `baseUrl()` with an optional bearer token and JSON body:
 * TestServer.api, and the cluster test's requests through its balancer.
 */
export function apiAt(baseUrl: () => string): TestServer['api'] {
  return (path, init = {}) => {
    const headers: Record<string, string> = { ...init.headers };
    if (init.token) headers.authorization = `Bearer ${init.token}`;
    let body: string | undefined;
    if (init.body !== undefined) {
      if (typeof init.body === 'string') body = init.body;
      else {
        body = JSON.stringify(init.body);
        headers['content-type'] = 'application/json';
      }
    }
    const request = (): Promise<Response> =>
      fetch(baseUrl() + path, { method: init.method ?? (body === undefined ? 'GET' : 'POST'), headers, body });
    // After a restart fetch's pool may still hold a socket to the stopped server that it has
    // not seen closed yet; it retries GETs itself but not POSTs. Nothing reached the server.
    return request().catch((error: unknown) => {
      const code = (error as { cause?: { code?: string } }).cause?.code;
      if (code === 'UND_ERR_SOCKET') return request();
      throw error;
    });
  };
}

/** Signs in over HTTP (`api`: a server's or the balancer's) and returns the bearer token. */
export async function signInWith(api: TestServer['api'], userName: string, password = passwordOf(userName)): Promise<string> {
  const response = await api('/api/v1/auth/sign-in', { method: 'POST', body: { login: userName, password } });
  if (!response.ok) throw new Error(`Sign-in of ${userName} failed: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { token: string }).token;
}

/** A route's answer as a test reads it: the status and the JSON body (null when empty). */
export async function apiCall(server: TestServer, token: string, path: string, method: string, body?: unknown): Promise<{ status: number; json: unknown }> {
  const response = await server.api(path, { token, method, ...(body === undefined ? {} : { body }) });
  const text = await response.text();
  return { status: response.status, json: text ? (JSON.parse(text) as unknown) : null };
}

/** A route's JSON body; anything but 200 fails, naming the status and the body. */
export async function apiOk<T>(server: TestServer, token: string, path: string, method: string, body?: unknown): Promise<T> {
  const answer = await apiCall(server, token, path, method, body);
  if (answer.status !== 200) throw new Error(`${method} ${path} answered ${answer.status}: ${JSON.stringify(answer.json)}`);
  return answer.json as T;
}

export interface TestServerCluster {
  /** The instances; the first seeded the database, the others joined it. */
  servers: TestServer[];
  /** Stops every instance (the joined ones first) and drops the database. */
  stop(): Promise<void>;
}

/**
 * `n` server instances on one fresh PostgreSQL database (`STORE=postgres`: the integration-pg
 * project), each on its own port, connected by the push bus (src/server/push/bus.ts).
 */
export async function startServerCluster(n: number, options: Omit<TestServerOptions, 'join'> = {}): Promise<TestServerCluster> {
  const first = await startTestServer(options);
  const servers = [first];
  try {
    for (let i = 1; i < n; i++) servers.push(await startTestServer({ ...options, join: first }));
  } catch (error) {
    for (const server of servers.reverse()) await server.stop();
    throw error;
  }
  return {
    servers,
    async stop() {
      for (const server of [...servers].reverse()) await server.stop();
    },
  };
}
