/**
 * Starts the development PBX (Debian's Kamailio with resources/kamailio/kamailio.cfg) on free
 * loopback ports, for `npm start`'s local stack, the integration tests and the benchmarks.
 *
 * Kamailio runs in the foreground (-DD -E) in its own process group, so stop() can end the
 * main process and all its workers at once; a process-exit hook does the same if the caller
 * never gets to stop(). The values the config needs (ports, profile-server URL, secret) go
 * into a generated wrapper that #!substdef-ines them and includes the repository's config.
 */
import { mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { connect, isIP } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  GroupProcess,
  delay,
  freeTcpPort,
  freeUdpPort,
  waitForPortRelease,
} from './processGroup';

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
  /**
   * rtpengine's ng control socket, e.g. udp:127.0.0.1:2223 (scripts/pbx/rtpengine.ts): calls'
   * media then goes through it. Without it Kamailio relays signalling only.
   */
  rtpengineSock?: string;
  /**
   * New INVITEs a second the PBX takes; beyond that it answers 503 with Retry-After (default
   * DEFAULT_INVITE_RATE, what `npm run bench`'s pbx-throughput measures it can carry).
   */
  maxInvitesPerSecond?: number;
  /** Transactions in progress beyond which new INVITEs get 503 + Retry-After. */
  maxTransactions?: number;
  /** Kamailio's shared memory in MB (`-m`), sized for the bench's load by default. */
  sharedMemoryMb?: number;
  /**
   * The media component's SIP address, IP:PORT over UDP (scripts/pbx/media): route answers of
   * kind `media` (voicemail...) and message-summary SUBSCRIBEs go there. Without it those get 480.
   */
  mediaAddress?: string;
  /**
   * The carrier trunk: outside numbers and users' mobiles go out through it, and calls from it
   * (this address and port) to the company's numbers come in. Without it, outside numbers
   * answer 404 and mobile legs are left out.
   */
  trunk?: TrunkOptions;
  /**
   * The SIP UDP port (default: a free one). A pair needs its ports before either proxy starts,
   * since each names the other (see scripts/pbx/pair.ts).
   */
  sipPort?: number;
  /**
   * One proxy of a pair (or more): registrations are shared with the peers over DMQ on the SIP
   * UDP port and calls reach a device through the proxy that holds its connection (Path).
   * Without it the proxy stands alone, as always.
   */
  cluster?: ClusterOptions;
}

/** kamailio.cfg's PBX_CLUSTER: the other proxies of the pair. */
export interface ClusterOptions {
  /** The peers' SIP UDP addresses, IPv4:PORT (their `host` and `sipPort`). */
  peers: string[];
}

/** The cluster's wrapper lines, checked for what the config can hold. */
function clusterDefines(cluster: ClusterOptions | undefined): string[] {
  if (!cluster) return [];
  if (cluster.peers.length === 0) throw new Error('startKamailio: a cluster needs at least one peer');
  for (const peer of cluster.peers) assertConfigValue('cluster peer', peer, /^\d{1,3}(\.\d{1,3}){3}:\d{1,5}$/);
  return [
    '#!define PBX_CLUSTER',
    `#!substdef "!PBX_DMQ_NOTIFY!sip:${cluster.peers[0]}!g"`,
    `#!substdef "!PBX_PEERS!${cluster.peers.join(',')}!g"`,
  ];
}

/** A SIP trunk to a carrier (resources/kamailio/kamailio.cfg route[TRUNK_*]). */
export interface TrunkOptions {
  /** The carrier's IP address (calls from it are recognised by this address and `port`). */
  host: string;
  port: number;
  /** udp (default) or tcp. */
  transport?: 'udp' | 'tcp';
  /** Digest credentials for the carrier's 401/407 challenges (uac_auth), with its realm. */
  credentials?: { username: string; password: string; realm: string };
}

/** The trunk's wrapper lines (#!define / #!substdef), checked for what the config can hold. */
function trunkDefines(trunk: TrunkOptions | undefined): string[] {
  if (!trunk) return [];
  if (isIP(trunk.host) !== 4) throw new Error(`startKamailio: trunk host "${trunk.host}" must be an IPv4 address`);
  positiveInteger('trunk port', trunk.port);
  const transport = trunk.transport ?? 'udp';
  if (transport !== 'udp' && transport !== 'tcp') throw new Error(`startKamailio: trunk transport must be udp or tcp, not ${String(transport)}`);
  const lines = [
    '#!define PBX_TRUNK',
    `#!substdef "!PBX_TRUNK_IP!${trunk.host}!g"`,
    `#!substdef "!PBX_TRUNK_PORT!${trunk.port}!g"`,
    `#!substdef "!PBX_TRUNK_TRANSPORT!${transport}!g"`,
  ];
  const credentials = trunk.credentials;
  if (credentials) {
    assertConfigValue('trunk username', credentials.username, /^[A-Za-z0-9._~+-]{1,100}$/);
    assertConfigValue('trunk realm', credentials.realm, /^[A-Za-z0-9._-]{1,100}$/);
    assertConfigValue('trunk password', credentials.password, /^[A-Za-z0-9._~+-]{1,100}$/);
    lines.push('#!define PBX_TRUNK_AUTH', `#!substdef "!PBX_TRUNK_CREDENTIAL!${credentials.username}:${credentials.realm}:${credentials.password}!g"`);
  }
  return lines;
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
      `Kamailio is not installed at ${binary} (apt-get install kamailio kamailio-websocket-modules kamailio-utils-modules kamailio-tls-modules)`,
    );
  }
  assertConfigValue('profileServerUrl', options.profileServerUrl, /^https?:\/\/[^\s"!]+$/);
  assertConfigValue('pbxSecret', options.pbxSecret, /^[A-Za-z0-9._~-]{8,200}$/);
  assertConfigValue('domain', options.domain, /^[A-Za-z0-9.-]+$/);
  if (options.rtpengineSock != null) {
    assertConfigValue('rtpengineSock', options.rtpengineSock, /^udp:[0-9.]+:[0-9]+$/);
  }
  if (options.mediaAddress != null) {
    assertConfigValue('mediaAddress', options.mediaAddress, /^[0-9.]+:[0-9]+$/);
  }
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
  const trunkLines = trunkDefines(options.trunk);
  const clusterLines = clusterDefines(options.cluster);
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

  const sipPort = options.sipPort != null ? positiveInteger('sipPort', options.sipPort) : await freeUdpPort(host);
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
      `#!substdef "!PBX_INVITE_RATE!${inviteRate}!g"`,
      `#!substdef "!PBX_MAX_TRANSACTIONS!${maxTransactions}!g"`,
      options.debug ? '#!define PBX_DEBUG' : '',
      ...(options.rtpengineSock != null
        ? ['#!define WITH_RTPENGINE', `#!substdef "!PBX_RTPENGINE_SOCK!${options.rtpengineSock}!g"`]
        : []),
      ...(options.mediaAddress != null
        ? ['#!define WITH_MEDIA', `#!substdef "!MEDIA_ADDRESS!${options.mediaAddress}!g"`]
        : []),
      ...(tls
        ? [
            '#!define PBX_TLS',
            `#!substdef "!PBX_TLS_PORT!${tlsPort}!g"`,
            `#!substdef "!PBX_WSS_PORT!${wssPort}!g"`,
            `#!substdef "!PBX_TLS_CFG!${tlsConfig}!g"`,
          ]
        : []),
      ...trunkLines,
      ...clusterLines,
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

  let proc: GroupProcess | null = null;
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
    const run = new GroupProcess({ name: 'kamailio', binary, args, echo: options.debug, linesKept: LOG_LINES_KEPT });
    proc = run;
    run.start();
    const recent = (): string => run.recentLog(30);

    const deadline = Date.now() + startTimeoutMs;
    // The listening sockets exist before the workers do (TLS set-up takes a moment): ready is
    // when a worker answers on the WebSocket port's HTTP side.
    while (!(await answersHttp(host, wsPort))) {
      if (run.exitStatus != null) {
        throw new Error(`Kamailio exited during start-up (${run.exitStatus}):\n${recent()}`);
      }
      if (Date.now() > deadline) {
        await run.halt('SIGKILL');
        throw new Error(
          `Kamailio did not open ws://${host}:${wsPort} within ${startTimeoutMs} ms:\n${recent()}`,
        );
      }
      await delay(50);
    }
  };

  const halt = async (signal: NodeJS.Signals): Promise<void> => {
    await proc?.halt(signal);
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
      return proc?.pid ?? -1;
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
      return proc?.recentLog() ?? '';
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

function positiveInteger(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) {
    throw new Error(`startKamailio: ${name} must be a positive integer, not ${value}`);
  }
  return value;
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
