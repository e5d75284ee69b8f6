/**
 * Starts the development PBX (Debian's Kamailio with resources/kamailio/kamailio.cfg) on free
 * loopback ports, for `npm start`'s local stack, the integration tests and the benchmarks.
 *
 * Kamailio runs in the foreground (-DD -E) in its own process group, so stop() can end the
 * main process and all its workers at once; a process-exit hook does the same if the caller
 * never gets to stop(). The values the config needs (ports, profile-server URL, secret) go
 * into a generated wrapper that #!substdef-ines them and includes the repository's config.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { createSocket } from 'node:dgram';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface KamailioOptions {
  /** Base URL of the profile server, e.g. http://127.0.0.1:4000 (the PBX asks it for credentials and routes). */
  profileServerUrl: string;
  /** Shared secret the profile server expects in X-Pbx-Secret. */
  pbxSecret: string;
  /** SIP domain and digest realm, e.g. pbx.test. */
  domain: string;
  /** Loopback address to listen on. */
  host?: string;
  /** Verbose Kamailio logging on stderr of this process. */
  debug?: boolean;
  /** Kamailio binary. */
  binary?: string;
  /** How long to wait for the WebSocket port to accept connections. */
  startTimeoutMs?: number;
  /**
   * New INVITEs a second the PBX takes; beyond that it answers 503 with Retry-After (default
   * DEFAULT_INVITE_RATE, what `npm run bench`'s pbx-throughput measures it can carry).
   */
  maxInvitesPerSecond?: number;
  /** Transactions in progress beyond which new INVITEs get 503 + Retry-After. */
  maxTransactions?: number;
  /** Kamailio's shared memory in MB (`-m`), sized for the bench's load by default. */
  sharedMemoryMb?: number;
}

/** New INVITEs a second (each call is two: the digest challenge and the authenticated one). */
export const DEFAULT_INVITE_RATE = 120;
const DEFAULT_MAX_TRANSACTIONS = 2000;
const DEFAULT_SHARED_MEMORY_MB = 64;

export interface RunningKamailio {
  /** ws://host:port — what softphones connect to. */
  wsUrl: string;
  host: string;
  domain: string;
  sipPort: number;
  wsPort: number;
  pid: number;
  /** Stops Kamailio (TERM, then KILL after a bound) and removes its temporary files. */
  stop(): Promise<void>;
  /** Kills Kamailio abruptly (as a crash would), keeping the ports and files for restart(). */
  kill(): Promise<void>;
  /** Starts it again on the same ports (after kill() or stop()); registrations are lost, as after a real restart. */
  restart(): Promise<void>;
  /** The last lines Kamailio wrote, for error messages. */
  recentLog(): string;
}

const CONFIG_PATH = resolve(
  dirname(fileURLToPath(import.meta.url)),
  '../../resources/kamailio/kamailio.cfg',
);
const LOG_LINES_KEPT = 200;

export async function startKamailio(options: KamailioOptions): Promise<RunningKamailio> {
  const host = options.host ?? '127.0.0.1';
  const binary = options.binary ?? '/usr/sbin/kamailio';
  const startTimeoutMs = options.startTimeoutMs ?? 10_000;
  if (!existsSync(binary)) {
    throw new Error(
      `Kamailio is not installed at ${binary} (apt-get install kamailio kamailio-websocket-modules kamailio-utils-modules kamailio-tls-modules)`,
    );
  }
  assertConfigValue('profileServerUrl', options.profileServerUrl, /^https?:\/\/[^\s"!]+$/);
  assertConfigValue('pbxSecret', options.pbxSecret, /^[A-Za-z0-9._~-]{8,200}$/);
  assertConfigValue('domain', options.domain, /^[A-Za-z0-9.-]+$/);
  const inviteRate = positiveInteger(
    'maxInvitesPerSecond',
    options.maxInvitesPerSecond ?? DEFAULT_INVITE_RATE,
  );
  const maxTransactions = positiveInteger(
    'maxTransactions',
    options.maxTransactions ?? DEFAULT_MAX_TRANSACTIONS,
  );
  const sharedMemoryMb = positiveInteger(
    'sharedMemoryMb',
    options.sharedMemoryMb ?? DEFAULT_SHARED_MEMORY_MB,
  );

  const sipPort = await freeUdpPort(host);
  const wsPort = await freeTcpPort(host);
  const dir = mkdtempSync(join(tmpdir(), 'softphone-kamailio-'));
  const wrapper = join(dir, 'kamailio.cfg');
  writeFileSync(
    wrapper,
    [
      '#!KAMAILIO',
      `#!substdef "!PBX_DOMAIN!${options.domain}!g"`,
      `#!substdef "!PBX_LISTEN_IP!${host}!g"`,
      `#!substdef "!PBX_SIP_PORT!${sipPort}!g"`,
      `#!substdef "!PBX_WS_PORT!${wsPort}!g"`,
      `#!substdef "!PBX_PROFILE_URL!${options.profileServerUrl.replace(/\/+$/, '')}!g"`,
      `#!substdef "!PBX_SECRET!${options.pbxSecret}!g"`,
      `#!substdef "!PBX_INVITE_RATE!${inviteRate}!g"`,
      `#!substdef "!PBX_MAX_TRANSACTIONS!${maxTransactions}!g"`,
      options.debug ? '#!define PBX_DEBUG' : '',
      `include_file "${CONFIG_PATH}"`,
      '',
    ].join('\n'),
  );

  const log: string[] = [];
  let child: ChildProcess | null = null;
  let watchdog: ChildProcess | null = null;
  let exited: Promise<void> = Promise.resolve();

  const killGroup = (signal: NodeJS.Signals): void => {
    if (child?.pid != null && child.exitCode == null && child.signalCode == null) {
      try {
        process.kill(-child.pid, signal);
      } catch {
        // already gone
      }
    }
  };
  const onProcessExit = (): void => killGroup('SIGKILL');

  const launch = async (): Promise<void> => {
    const args = [
      '-DD',
      '-E',
      '-f',
      wrapper,
      '-Y',
      dir,
      '-P',
      join(dir, 'kamailio.pid'),
      '-w',
      dir,
      '-m',
      String(sharedMemoryMb),
      '-M',
      '8',
    ];
    // Kamailio leads its own process group (it must: as a non-leader it calls setsid() and
    // would escape), so stop() can signal all its workers at once.
    const proc = spawn(binary, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    if (proc.pid != null) {
      // A watchdog that outlives this Node process if it dies without cleaning up (even by
      // SIGKILL): when its stdin pipe closes, it kills Kamailio's group.
      // It ignores TERM/INT/HUP: `timeout` or Ctrl-C signal our whole process group, and the
      // watchdog must outlive exactly those deaths.
      watchdog = spawn(
        '/bin/sh',
        ['-c', `trap "" TERM INT HUP; cat >/dev/null; kill -KILL -${proc.pid} 2>/dev/null`],
        {
          stdio: ['pipe', 'ignore', 'ignore'],
        },
      );
      watchdog.unref();
    }
    child = proc;
    const remember = (chunk: Buffer): void => {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (!line) continue;
        log.push(line);
        if (options.debug) process.stderr.write(`[kamailio] ${line}\n`);
      }
      if (log.length > LOG_LINES_KEPT) log.splice(0, log.length - LOG_LINES_KEPT);
    };
    proc.stdout?.on('data', remember);
    proc.stderr?.on('data', remember);
    exited = new Promise((resolveExit) => proc.once('exit', () => resolveExit()));
    process.once('exit', onProcessExit);

    const deadline = Date.now() + startTimeoutMs;
    while (!(await acceptsConnections(host, wsPort))) {
      if (proc.exitCode != null || proc.signalCode != null) {
        throw new Error(
          `Kamailio exited during start-up (code ${proc.exitCode ?? proc.signalCode}):\n${log.slice(-30).join('\n')}`,
        );
      }
      if (Date.now() > deadline) {
        killGroup('SIGKILL');
        throw new Error(
          `Kamailio did not open ws://${host}:${wsPort} within ${startTimeoutMs} ms:\n${log.slice(-30).join('\n')}`,
        );
      }
      await delay(50);
    }
  };

  const halt = async (signal: NodeJS.Signals): Promise<void> => {
    // the watchdog is only for crashes of this process
    watchdog?.kill('SIGKILL');
    watchdog = null;
    if (!child) return;
    killGroup(signal);
    const stopped = await Promise.race([exited.then(() => true), delay(3000).then(() => false)]);
    if (!stopped) {
      killGroup('SIGKILL');
      await exited;
    }
    process.removeListener('exit', onProcessExit);
    // Workers may outlive the main process by a moment; make sure the whole group is gone.
    if (child.pid != null) {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // group already empty
      }
    }
    child = null;
  };

  try {
    await launch();
  } catch (error) {
    await halt('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }

  const running: RunningKamailio = {
    wsUrl: `ws://${host}:${wsPort}`,
    host,
    domain: options.domain,
    sipPort,
    wsPort,
    get pid() {
      return child?.pid ?? -1;
    },
    async stop() {
      await halt('SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    },
    async kill() {
      await halt('SIGKILL');
    },
    async restart() {
      await halt('SIGTERM');
      await waitForPortRelease(host, wsPort);
      await launch();
    },
    recentLog() {
      return log.join('\n');
    },
  };
  return running;
}

function assertConfigValue(name: string, value: string, pattern: RegExp): void {
  if (!pattern.test(value)) {
    throw new Error(
      `startKamailio: ${name} ${JSON.stringify(value)} cannot go into the Kamailio config (must match ${pattern})`,
    );
  }
}

function positiveInteger(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) {
    throw new Error(`startKamailio: ${name} must be a positive integer, not ${value}`);
  }
  return value;
}

function delay(ms: number): Promise<void> {
  return new Promise((resolveDelay) => setTimeout(resolveDelay, ms));
}

function freeTcpPort(host: string): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

function freeUdpPort(host: string): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const socket = createSocket('udp4');
    socket.once('error', reject);
    socket.bind(0, host, () => {
      const port = socket.address().port;
      socket.close(() => resolvePort(port));
    });
  });
}

function acceptsConnections(host: string, port: number): Promise<boolean> {
  return new Promise((resolveProbe) => {
    const socket = connect({ host, port });
    socket.once('connect', () => {
      socket.destroy();
      resolveProbe(true);
    });
    socket.once('error', () => resolveProbe(false));
  });
}

/** After a kill the listening socket is gone at once; wait until nothing accepts any more. */
async function waitForPortRelease(host: string, port: number): Promise<void> {
  for (let attempt = 0; attempt < 100 && (await acceptsConnections(host, port)); attempt++) {
    await delay(20);
  }
}
