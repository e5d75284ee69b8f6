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
import { createServer, connect, isIP } from 'node:net';
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
  /**
   * The address the PBX listens on and names in its URLs (default 127.0.0.1: development stays
   * on loopback). An IP address (v4 or v6) of this machine.
   */
  host?: string;
  /** More addresses to listen on as well, e.g. the LAN address desk phones reach. */
  extraListen?: string[];
  /**
   * Also listen for SIP over TLS and secure WebSocket (wss://) with this certificate and key
   * (PEM files; see scripts/pbx/devCerts.ts for a development CA). `serverName` is the name
   * clients connect to, which the certificate must be valid for (default `host`).
   */
  tls?: { certFile: string; keyFile: string; serverName?: string; clientCaFile?: string };
  /** Verbose Kamailio logging on stderr of this process. */
  debug?: boolean;
  /** Kamailio binary. */
  binary?: string;
  /** How long to wait for the WebSocket port to accept connections. */
  startTimeoutMs?: number;
}

export interface RunningKamailio {
  /** ws://host:port — what softphones connect to. */
  wsUrl: string;
  host: string;
  domain: string;
  sipPort: number;
  wsPort: number;
  /** With `tls`: wss://serverName:port — what softphones connect to when TLS is on. */
  wssUrl: string | null;
  /** With `tls`: the SIP over TLS port and the secure WebSocket port. */
  tlsPort: number | null;
  wssPort: number | null;
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
      `Kamailio is not installed at ${binary} (apt-get install kamailio kamailio-websocket-modules kamailio-utils-modules)`,
    );
  }
  assertConfigValue('profileServerUrl', options.profileServerUrl, /^https?:\/\/[^\s"!]+$/);
  assertConfigValue('pbxSecret', options.pbxSecret, /^[A-Za-z0-9._~-]{8,200}$/);
  assertConfigValue('domain', options.domain, /^[A-Za-z0-9.-]+$/);
  const extraListen = options.extraListen ?? [];
  for (const address of [host, ...extraListen]) {
    if (isIP(address) === 0) throw new Error(`startKamailio: listen address "${address}" is not an IP address`);
  }
  const tls = options.tls ?? null;
  if (tls) {
    for (const file of [tls.certFile, tls.keyFile, ...(tls.clientCaFile ? [tls.clientCaFile] : [])]) {
      assertConfigValue('tls file', file, /^[^\s"]+$/);
      if (!existsSync(file)) throw new Error(`startKamailio: TLS file ${file} does not exist`);
    }
  }

  const sipPort = await freeUdpPort(host);
  const wsPort = await freeTcpPort(host);
  const tlsPort = tls ? await freeTcpPort(host) : null;
  const wssPort = tls ? await freeTcpPort(host) : null;
  const dir = mkdtempSync(join(tmpdir(), 'softphone-kamailio-'));
  const wrapper = join(dir, 'kamailio.cfg');
  const tlsConfig = join(dir, 'tls.cfg');
  if (tls) writeFileSync(tlsConfig, tlsConfigText(tls));
  const sipHost = (address: string): string => (isIP(address) === 6 ? `[${address}]` : address);
  writeFileSync(
    wrapper,
    [
      '#!KAMAILIO',
      `#!substdef "!PBX_DOMAIN!${options.domain}!g"`,
      `#!substdef "!PBX_LISTEN_IP!${sipHost(host)}!g"`,
      `#!substdef "!PBX_SIP_PORT!${sipPort}!g"`,
      `#!substdef "!PBX_WS_PORT!${wsPort}!g"`,
      `#!substdef "!PBX_PROFILE_URL!${options.profileServerUrl.replace(/\/+$/, '')}!g"`,
      `#!substdef "!PBX_SECRET!${options.pbxSecret}!g"`,
      options.debug ? '#!define PBX_DEBUG' : '',
      ...(tls
        ? [
            '#!define PBX_TLS',
            `#!substdef "!PBX_TLS_PORT!${tlsPort}!g"`,
            `#!substdef "!PBX_WSS_PORT!${wssPort}!g"`,
            `#!substdef "!PBX_TLS_CFG!${tlsConfig}!g"`,
          ]
        : []),
      // the same ports on every further address
      ...extraListen.flatMap((address) => [
        `listen=udp:${sipHost(address)}:${sipPort}`,
        `listen=tcp:${sipHost(address)}:${wsPort}`,
        ...(tls
          ? [`listen=tls:${sipHost(address)}:${tlsPort}`, `listen=tls:${sipHost(address)}:${wssPort}`]
          : []),
      ]),
      `include_file "${CONFIG_PATH}"`,
      '',
    ].join('\n'),
  );
  const urlHost = (name: string): string => (isIP(name) === 6 ? `[${name}]` : name);

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
      '48',
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
    // The listening sockets exist before the workers do (TLS set-up takes a moment): ready is
    // when a worker answers on the WebSocket port's HTTP side.
    while (!(await answersHttp(host, wsPort))) {
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
    wsUrl: `ws://${urlHost(host)}:${wsPort}`,
    wssUrl: tls ? `wss://${urlHost(tls.serverName ?? host)}:${wssPort}` : null,
    tlsPort,
    wssPort,
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

/**
 * Kamailio's tls module configuration: the server side presents the configured certificate;
 * clients are not asked for one (softphones and phones authenticate with digest). When the PBX
 * itself is the TLS client (rare: requests to phones reuse their own connections) it verifies
 * the peer against `clientCaFile`, and trusts nobody without one. (Not the system's whole CA
 * bundle by default: every Kamailio process parses it, which takes seconds at start-up.)
 */
function tlsConfigText(tls: NonNullable<KamailioOptions['tls']>): string {
  return [
    '[server:default]',
    'method = TLSv1.2+',
    'verify_certificate = no',
    'require_certificate = no',
    `certificate = ${tls.certFile}`,
    `private_key = ${tls.keyFile}`,
    '',
    '[client:default]',
    'method = TLSv1.2+',
    'verify_certificate = yes',
    'require_certificate = yes',
    ...(tls.clientCaFile ? [`ca_list = ${tls.clientCaFile}`] : []),
    '',
  ].join('\n');
}

function assertConfigValue(name: string, value: string, pattern: RegExp): void {
  if (!pattern.test(value)) {
    throw new Error(
      `startKamailio: ${name} ${JSON.stringify(value)} cannot go into the Kamailio config (must match ${pattern})`,
    );
  }
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

function answersHttp(host: string, port: number): Promise<boolean> {
  return new Promise((resolveProbe) => {
    const socket = connect({ host, port });
    const done = (ok: boolean): void => {
      clearTimeout(timer);
      socket.destroy();
      resolveProbe(ok);
    };
    const timer = setTimeout(() => done(false), 500);
    socket.once('connect', () => socket.write(`GET / HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`));
    socket.once('data', (chunk) => done(chunk.toString('latin1').startsWith('HTTP/')));
    socket.once('error', () => done(false));
  });
}

/** After a kill the listening socket is gone at once; wait until nothing accepts any more. */
async function waitForPortRelease(host: string, port: number): Promise<void> {
  for (let attempt = 0; attempt < 100 && (await acceptsConnections(host, port)); attempt++) {
    await delay(20);
  }
}
