/**
 * HAProxy (Debian's `haproxy`, /usr/sbin/haproxy) as the load balancer in front of the
 * profile-server instances, on a free loopback port: resources/haproxy/haproxy.cfg.template
 * filled in, written to a temporary directory, run in the foreground (`-db`) in its own process
 * group (processGroup.ts). HTTP and the sync WebSocket go through the same frontend; the health
 * check is the server's GET /healthz.
 *
 *   const balancer = await startHaproxy({ backends: [{ name: 'instance-1', host: '127.0.0.1', port: 8801 }, …] });
 *   balancer.url                        // http://127.0.0.1:<port>
 *   await balancer.serverStates()       // { 'instance-1': 'UP', … } from the stats socket
 *   await balancer.serverSessions()     // { 'instance-1': 2, … }: what leastconn counts
 *   await balancer.waitForState('instance-2', 'DOWN');
 *   await balancer.stop();
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { acceptsConnections, delay, freeTcpPort, GroupProcess } from '../pbx/processGroup';

const HAPROXY = process.env.HAPROXY_BIN ?? '/usr/sbin/haproxy';
const TEMPLATE = resolve(dirname(fileURLToPath(import.meta.url)), '../../resources/haproxy/haproxy.cfg.template');

export interface Backend {
  /** The server's name in HAProxy (stats, the X-Profile-Instance answer header). */
  name: string;
  host: string;
  port: number;
}

export interface HaproxyOptions {
  backends: Backend[];
  host?: string;
  /** Fixed port for the frontend; default a free one. */
  port?: number;
  /**
   * Connections HAProxy accepts in all (sockets count); default and ceiling: what this process's
   * open-file limit allows (each proxied connection holds two descriptors), see maxConnectionsHere().
   */
  maxConnections?: number;
  echo?: boolean;
}

export interface RunningHaproxy {
  /** `http://host:port`: the address clients use. */
  url: string;
  host: string;
  port: number;
  /** The operational state of each backend server by name (`UP`, `DOWN`, `MAINT`, …). */
  serverStates(): Promise<Record<string, string>>;
  /** The sessions each backend server holds now (`scur`: sockets, long polls, requests in flight), by name. */
  serverSessions(): Promise<Record<string, number>>;
  /** Waits (up to `timeoutMs`) until HAProxy sees `name` in `state` (`UP` or `DOWN`). */
  waitForState(name: string, state: 'UP' | 'DOWN', timeoutMs?: number): Promise<void>;
  recentLog(): string;
  stop(): Promise<void>;
}

/**
 * How many proxied connections one HAProxy process can hold under the open-file limit it
 * inherits (`ulimit -n`; two descriptors each, and some to spare). With a hard limit of 20,000
 * that is 9,900: more sockets than that need a second balancer (ClusterOptions.balancers).
 */
export function maxConnectionsHere(): number {
  let limit = 1024;
  try {
    limit = Number(execFileSync('/bin/sh', ['-c', 'ulimit -n'], { encoding: 'utf8' }).trim()) || limit;
  } catch {
    // keep the conservative default
  }
  return Math.max(100, Math.floor((limit - 200) / 2));
}

/** The filled-in configuration (exported for a unit test and for deployments to print). */
export function haproxyConfig(options: { bind: string; backends: Backend[]; statsSocket: string; maxConnections?: number; user?: string | null }): string {
  const maxconn = Math.min(options.maxConnections ?? Infinity, maxConnectionsHere());
  const fields: Record<string, string> = {
    MAXCONN: String(maxconn),
    SERVER_MAXCONN: String(maxconn),
    BIND: options.bind,
    STATS_SOCKET: options.statsSocket,
    USER_LINE: options.user ? `    user ${options.user}\n    group nogroup` : '',
    SERVERS: options.backends.map((b) => `    server ${b.name} ${b.host}:${b.port} check`).join('\n'),
  };
  return readFileSync(TEMPLATE, 'utf8').replace(/\{\{([A-Z_]+)\}\}/g, (whole, key: string) => {
    const value = fields[key];
    if (value === undefined) throw new Error(`haproxy.cfg.template: unknown field ${whole}`);
    return value;
  });
}

/** One command on HAProxy's stats socket; answers its text. */
function statsCommand(socketPath: string, command: string): Promise<string> {
  return new Promise((resolveAnswer, reject) => {
    const socket = connect(socketPath);
    let answer = '';
    socket.on('data', (chunk) => (answer += chunk.toString('utf8')));
    socket.on('end', () => resolveAnswer(answer));
    socket.on('error', reject);
    socket.write(`${command}\n`);
  });
}

export async function startHaproxy(options: HaproxyOptions): Promise<RunningHaproxy> {
  if (!existsSync(HAPROXY)) throw new Error(`HAProxy is not installed at ${HAPROXY} (Debian package haproxy; or set HAPROXY_BIN)`);
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? (await freeTcpPort(host));
  const dir = mkdtempSync(join(tmpdir(), 'haproxy-'));
  const statsSocket = join(dir, 'stats.sock');
  const configFile = join(dir, 'haproxy.cfg');
  // As root HAProxy drops to `nobody` after binding; the stats socket is created before that.
  const user = userInfo().uid === 0 ? 'nobody' : null;
  writeFileSync(configFile, haproxyConfig({ bind: `${host}:${port}`, backends: options.backends, statsSocket, maxConnections: options.maxConnections, user }));
  const check = new GroupProcess({ name: 'haproxy-check', binary: HAPROXY, args: ['-c', '-q', '-f', configFile], linesKept: 50 });
  check.start();
  for (let i = 0; check.exitStatus === null && i < 100; i++) await delay(50);
  if (check.exitStatus !== 'code 0') {
    const log = check.recentLog();
    await check.halt('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`HAProxy refused its configuration (${configFile}):\n${log}`);
  }
  await check.halt('SIGKILL');
  // -db: foreground, no daemon; -W: master-worker, so the worker dies with the master's group.
  const proc = new GroupProcess({ name: 'haproxy', binary: HAPROXY, args: ['-db', '-W', '-f', configFile], echo: options.echo, linesKept: 200 });
  proc.start();
  for (let attempt = 0; !(await acceptsConnections(host, port)); attempt++) {
    if (attempt > 100 || proc.exitStatus !== null) {
      const log = proc.recentLog();
      await proc.halt('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
      throw new Error(`HAProxy did not start on ${host}:${port}:\n${log}`);
    }
    await delay(50);
  }

  /** One column of `show stat` (CSV: pxname,svname,…) for each server of the backend. */
  const serverColumn = async (column: string): Promise<Record<string, string>> => {
    const csv = await statsCommand(statsSocket, 'show stat');
    const lines = csv.split('\n');
    const header = (lines[0] ?? '').replace(/^# /, '').split(',');
    const nameAt = header.indexOf('svname');
    const valueAt = header.indexOf(column);
    const proxyAt = header.indexOf('pxname');
    const values: Record<string, string> = {};
    for (const line of lines.slice(1)) {
      const cells = line.split(',');
      if (cells[proxyAt] !== 'profile_servers') continue;
      const name = cells[nameAt];
      if (!name || name === 'BACKEND') continue;
      values[name] = cells[valueAt] ?? '';
    }
    return values;
  };
  const serverStates = async (): Promise<Record<string, string>> =>
    Object.fromEntries(Object.entries(await serverColumn('status')).map(([name, status]) => [name, status.split(' ')[0] ?? '']));

  return {
    url: `http://${host}:${port}`,
    host,
    port,
    serverStates,
    async serverSessions() {
      return Object.fromEntries(Object.entries(await serverColumn('scur')).map(([name, count]) => [name, Number(count)]));
    },
    async waitForState(name, state, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      let last: Record<string, string> = {};
      while (Date.now() < deadline) {
        last = await serverStates();
        if (last[name] === state) return;
        await delay(100);
      }
      throw new Error(`HAProxy did not see ${name} ${state} within ${timeoutMs} ms (states ${JSON.stringify(last)})`);
    },
    recentLog: () => proc.recentLog(),
    async stop() {
      // SIGUSR1: soft stop (finishes nothing here: the cluster is going away); TERM is immediate.
      await proc.halt('SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
