/**
 * The profile server past one machine, on this one (issue 15): PostgreSQL (a throwaway one,
 * postgres.ts, unless a database URL is given), N instances of the real server (`node` processes
 * running src/server/cli.ts with DATABASE_URL; the first migrates the database before the
 * others start), HAProxy in front of them (haproxy.ts, resources/haproxy/haproxy.cfg.template)
 * and, when asked, the PBX as a pair of proxies sharing registrations (scripts/pbx/pair.ts:
 * two Kamailio, each with its rtpengine), which ask the servers through the balancer; every
 * instance names both to clients (PBX_WS_URLS, proxy A first). The cluster test,
 * `npm run bench -- cluster` and `npm start -- --cluster` start it here.
 *
 *   const cluster = await startCluster({ instances: 3, seed: async (url) => … });
 *   cluster.url / cluster.wsUrl        // the balancer: what clients use
 *   cluster.instances[1].url           // one instance directly
 *   await cluster.instances[1].kill(); // SIGKILL, as a crash; .start() brings it back on its port
 *   cluster.pbx?.wsUrls                // with `pbx`: both proxies; cluster.pbx.proxies[0].kill()
 *   await cluster.stop();              // everything, in reverse order
 *
 * Order: PostgreSQL → HAProxy (its servers still down: the ports are chosen first) → the PBX
 * pair (it only needs the balancer's address, so a killed instance does not cut it off) →
 * instance 1 (migrations, `demo` seeding) → `seed` → the other instances in parallel.
 * HAProxy's health checks bring each one in as it answers.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startPbxPair, type PbxPairOptions, type RunningPbxPair } from '../pbx/pair';
import { delay, freeTcpPort, GroupProcess, waitForPortRelease } from '../pbx/processGroup';
import { startHaproxy, type RunningHaproxy } from './haproxy';
import { createDatabase, startPostgres, type TestPostgres } from './postgres';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const CLI = join(ROOT, 'src/server/cli.ts');

export interface ClusterOptions {
  /** How many profile-server instances (default 3). */
  instances?: number;
  /** Use this database (migrated by the first instance); default: a new one on a throwaway PostgreSQL. */
  databaseUrl?: string;
  /** Seeds the database after the first instance migrated it, before the others start. */
  seed?: (databaseUrl: string) => Promise<void>;
  /** The first instance seeds the demo company (`--demo`). */
  demo?: boolean;
  /** Start the pair of PBX proxies with these options (they ask the servers through the balancer); default none. */
  pbx?: Omit<PbxPairOptions, 'profileServerUrl' | 'pbxSecret' | 'domain'> | false;
  pbxSecret?: string;
  sipDomain?: string;
  /** More environment for every instance (e.g. SCRYPT_COST, LOG_LEVEL). */
  serverEnv?: Record<string, string>;
  /** Where the instances keep what is not in the database (recordings, voicemail, mail outbox); default a temporary directory, deleted by stop(). */
  dir?: string;
  /** Fixed port for the balancer; default a free one. */
  port?: number;
  /** Copy the instances' and HAProxy's output to stderr. */
  echo?: boolean;
}

export interface ClusterInstance {
  /** `instance-1` …: also HAProxy's name for it (the X-Profile-Instance answer header). */
  name: string;
  /** `http://127.0.0.1:<port>`: the instance directly, bypassing the balancer. */
  url: string;
  port: number;
  /** The process id while it runs, else -1. */
  readonly pid: number;
  readonly running: boolean;
  /** Kills the instance's process (default SIGKILL: no goodbye to its clients or the database). */
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** Starts it again on its port (after kill()); resolves when it answers GET /healthz. */
  start(): Promise<void>;
  recentLog(): string;
}

export interface RunningCluster {
  /** The balancer: `http://127.0.0.1:<port>`. */
  url: string;
  /** The sync socket through the balancer: `ws://127.0.0.1:<port>/api/v1/ws`. */
  wsUrl: string;
  databaseUrl: string;
  pbxSecret: string;
  sipDomain: string;
  instances: ClusterInstance[];
  balancer: RunningHaproxy;
  /** The throwaway PostgreSQL, when this cluster started one. */
  postgres: TestPostgres | null;
  /** The pair of proxies (A = proxies[0], the one clients try first), when asked for. */
  pbx: RunningPbxPair | null;
  stop(): Promise<void>;
}

async function waitForHealth(url: string, proc: GroupProcess, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (proc.exitStatus !== null) throw new Error(`${what} stopped during start (${proc.exitStatus}):\n${proc.recentLog(60)}`);
    try {
      const response = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(1000) });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await delay(100);
  }
  throw new Error(`${what} did not answer ${url}/healthz within ${timeoutMs / 1000} s:\n${proc.recentLog(60)}`);
}

/** One profile-server process on `port` (cli.ts with `env`); the cluster's instances, and the bench's SQLite one. */
export function serverInstance(name: string, port: number, env: NodeJS.ProcessEnv, args: string[], echo: boolean): ClusterInstance {
  const url = `http://127.0.0.1:${port}`;
  let proc: GroupProcess | null = null;
  let log = '';
  return {
    name,
    url,
    port,
    get pid() {
      return proc && proc.exitStatus === null ? proc.pid : -1;
    },
    get running() {
      return proc !== null && proc.exitStatus === null;
    },
    async start() {
      if (proc && proc.exitStatus === null) return;
      proc = new GroupProcess({ name, binary: process.execPath, args: ['--import', 'tsx', CLI, ...args], cwd: ROOT, env, echo, linesKept: 200 });
      proc.start();
      await waitForHealth(url, proc, `Profile server ${name}`);
    },
    async kill(signal = 'SIGKILL') {
      if (!proc) return;
      log = proc.recentLog();
      await proc.halt(signal);
      await waitForPortRelease('127.0.0.1', port);
    },
    recentLog: () => (proc ? proc.recentLog() : log),
  };
}

export async function startCluster(options: ClusterOptions = {}): Promise<RunningCluster> {
  const count = options.instances ?? 3;
  if (count < 1) throw new Error('A cluster needs at least one instance');
  const echo = options.echo ?? false;
  const pbxSecret = options.pbxSecret ?? 'cluster-pbx-secret-0123456789';
  const sipDomain = options.sipDomain ?? 'softphone.local';
  const ownDir = options.dir === undefined;
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'profile-cluster-'));
  mkdirSync(dir, { recursive: true });
  const cleanups: (() => Promise<void>)[] = [];
  const stop = async (): Promise<void> => {
    for (const cleanup of cleanups.splice(0).reverse()) {
      try {
        await cleanup();
      } catch (error) {
        process.stderr.write(`cluster: while stopping: ${(error as Error).message}\n`);
      }
    }
  };
  if (ownDir) cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
  try {
    let postgres: TestPostgres | null = null;
    let databaseUrl = options.databaseUrl;
    if (!databaseUrl) {
      const started = await startPostgres();
      postgres = started;
      cleanups.push(() => started.stop());
      databaseUrl = await createDatabase(started.adminUrl, 'cluster');
    }

    const ports: number[] = [];
    while (ports.length < count) {
      const port = await freeTcpPort('127.0.0.1');
      if (!ports.includes(port)) ports.push(port);
    }
    const names = ports.map((_, i) => `instance-${i + 1}`);
    const balancer = await startHaproxy({ backends: ports.map((port, i) => ({ name: names[i] as string, host: '127.0.0.1', port })), port: options.port, echo });
    cleanups.push(() => balancer.stop());

    let pbx: RunningPbxPair | null = null;
    if (options.pbx) {
      const running = await startPbxPair({ ...options.pbx, profileServerUrl: balancer.url, pbxSecret, domain: sipDomain });
      pbx = running;
      cleanups.push(() => running.stop());
    }

    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PROFILE_SERVER_HOST: '127.0.0.1',
      DATABASE_URL: databaseUrl,
      PBX_SHARED_SECRET: pbxSecret,
      SIP_DOMAIN: sipDomain,
      MAIL_OUTBOX: join(dir, 'mail-outbox.jsonl'),
      RECORDINGS_DIR: join(dir, 'recordings'),
      VOICEMAIL_DIR: join(dir, 'voicemail'),
      PROFILE_SERVER_PUBLIC_URL: balancer.url,
      // HAProxy connects from loopback and names the caller in X-Forwarded-For.
      TRUST_PROXY: '127.0.0.1',
      // Softphones get both proxies (A first) and move to the other when theirs fails; desk
      // phones are shown proxy A's UDP address (they do not fail over by themselves).
      ...(pbx ? { PBX_WS_URL: pbx.wsUrls[0], PBX_WS_URLS: pbx.wsUrls.join(','), PBX_SIP_ADDRESS: `${pbx.proxies[0].host}:${pbx.proxies[0].sipPort}` } : {}),
      ...options.serverEnv,
    };
    const instances = ports.map((port, i) =>
      serverInstance(names[i] as string, port, { ...env, PROFILE_SERVER_PORT: String(port) }, i === 0 && options.demo ? ['--demo'] : [], echo),
    );
    cleanups.push(async () => {
      await Promise.all(instances.map((instance) => instance.kill('SIGTERM')));
    });
    const [first, ...others] = instances as [ClusterInstance, ...ClusterInstance[]];
    await first.start();
    await options.seed?.(databaseUrl);
    await Promise.all(others.map((instance) => instance.start()));
    await Promise.all(names.map((name) => balancer.waitForState(name, 'UP')));

    return {
      url: balancer.url,
      wsUrl: `${balancer.url.replace(/^http/, 'ws')}/api/v1/ws`,
      databaseUrl,
      pbxSecret,
      sipDomain,
      instances,
      balancer,
      postgres,
      pbx,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
