/**
 * Starts the development PBX's media relay: Debian's rtpengine (rtpengine-daemon) in user
 * space (no kernel module: --table=-1), in the foreground, on a loopback address, with its ng
 * control protocol on a free UDP port and RTP on a port range of its own. Kamailio's rtpengine
 * module drives it (scripts/pbx/pbx.ts passes the ng address into the Kamailio wrapper).
 *
 * It bridges WebRTC softphones (ICE, DTLS-SRTP, Opus, rtcp-mux) and plain phones (RTP/AVP,
 * G.711), transcoding where the codecs differ. It runs apart from Kamailio so a Kamailio
 * restart does not cut the audio of calls in progress.
 */
import { existsSync } from 'node:fs';
import { createSocket } from 'node:dgram';
import { randomInt } from 'node:crypto';
import { GroupProcess, delay, freeUdpPort, udpPortIsFree } from './processGroup';

export interface RtpengineOptions {
  /** Loopback address for the ng socket and for media. */
  host?: string;
  binary?: string;
  /** Copy rtpengine's log to this process's stderr (and log more). */
  debug?: boolean;
  /** Size of the RTP port range (each call leg takes two ports per stream). */
  portCount?: number;
  /**
   * Spool folder for call recording (--recording-dir, pcap method: `pcaps/` while a flagged
   * call runs, `metadata/` when it ended); without it nothing can be recorded.
   */
  recordingDir?: string;
  /** Where rtpengine sends detected DTMF events as JSON over UDP (--dtmf-log-dest), e.g. 127.0.0.1:4444. */
  dtmfLogDest?: string;
  startTimeoutMs?: number;
}

export interface RunningRtpengine {
  host: string;
  /** The ng control port (UDP). */
  ngPort: number;
  /** What Kamailio's rtpengine module is given: udp:HOST:PORT. */
  ngSocket: string;
  portMin: number;
  portMax: number;
  pid: number;
  /** Sends an ng command (bencoded dictionary of strings/lists) and returns the decoded reply. */
  command(message: Record<string, unknown>, timeoutMs?: number): Promise<Record<string, unknown>>;
  stop(): Promise<void>;
  recentLog(): string;
}

/** Where RTP port ranges are picked: below Linux's ephemeral range (32768-60999), above common services. */
const RANGE_FLOOR = 20_000;
const RANGE_CEILING = 32_000;

export async function startRtpengine(options: RtpengineOptions = {}): Promise<RunningRtpengine> {
  const host = options.host ?? '127.0.0.1';
  const binary = options.binary ?? '/usr/bin/rtpengine';
  const portCount = options.portCount ?? 200;
  const startTimeoutMs = options.startTimeoutMs ?? 10_000;
  if (!existsSync(binary)) {
    throw new Error(`rtpengine is not installed at ${binary} (apt-get install rtpengine-daemon)`);
  }
  const ngPort = await freeUdpPort(host);
  const { portMin, portMax } = await pickPortRange(host, portCount);
  const args = [
    '--config-file=none',
    '--foreground',
    '--log-stderr',
    '--no-log-timestamps',
    // user space only: no kernel forwarding table, so no module and no root needed
    '--table=-1',
    `--interface=${host}`,
    `--listen-ng=${host}:${ngPort}`,
    `--port-min=${portMin}`,
    `--port-max=${portMax}`,
    `--log-level=${options.debug ? 7 : 5}`,
    // sessions nobody deletes (a PBX that died mid-call) go after a minute of silence
    '--timeout=60',
    '--silent-timeout=3600',
    '--delete-delay=0',
    ...(options.dtmfLogDest ? [`--dtmf-log-dest=${options.dtmfLogDest}`] : []),
    // Calls Kamailio flags with record-call=yes are written as pcaps (user space; the proc
    // method and rtpengine-recording need the kernel module) for scripts/pbx/recorder.ts.
    ...(options.recordingDir ? [`--recording-dir=${options.recordingDir}`, '--recording-method=pcap'] : []),
  ];
  const proc = new GroupProcess({ name: 'rtpengine', binary, args, echo: options.debug });
  proc.start();

  const command = (message: Record<string, unknown>, timeoutMs = 2000) =>
    ngCommand(host, ngPort, message, timeoutMs);

  const deadline = Date.now() + startTimeoutMs;
  for (;;) {
    const status = proc.exitStatus;
    if (status != null) {
      throw new Error(`rtpengine exited during start-up (${status}):\n${proc.recentLog(30)}`);
    }
    const pong = await command({ command: 'ping' }, 300).catch(() => null);
    if (pong?.result === 'pong') break;
    if (Date.now() > deadline) {
      await proc.halt('SIGKILL');
      throw new Error(`rtpengine did not answer ng ping on ${host}:${ngPort} within ${startTimeoutMs} ms:\n${proc.recentLog(30)}`);
    }
    await delay(50);
  }

  return {
    host,
    ngPort,
    ngSocket: `udp:${host}:${ngPort}`,
    portMin,
    portMax,
    get pid() {
      return proc.pid;
    },
    command,
    stop: () => proc.halt('SIGTERM'),
    recentLog: () => proc.recentLog(),
  };
}

/**
 * A random, even-aligned block of `count` UDP ports whose first and last ports are free: two
 * stacks started at once (parallel test runs, `npm start` beside the tests) rarely share one,
 * and rtpengine skips a port someone else holds anyway.
 */
async function pickPortRange(host: string, count: number): Promise<{ portMin: number; portMax: number }> {
  const blocks = Math.floor((RANGE_CEILING - RANGE_FLOOR) / count);
  for (let attempt = 0; attempt < 20; attempt++) {
    const portMin = RANGE_FLOOR + randomInt(blocks) * count;
    const portMax = portMin + count - 1;
    if ((await udpPortIsFree(host, portMin)) && (await udpPortIsFree(host, portMax))) return { portMin, portMax };
  }
  throw new Error(`no free UDP port range of ${count} ports between ${RANGE_FLOOR} and ${RANGE_CEILING}`);
}

// ----- ng protocol: "<cookie> <bencoded dictionary>" over UDP ---------------------------------

function ngCommand(
  host: string,
  port: number,
  message: Record<string, unknown>,
  timeoutMs: number,
): Promise<Record<string, unknown>> {
  const cookie = `${process.pid}_${randomInt(1e9)}`;
  const socket = createSocket('udp4');
  return new Promise<Record<string, unknown>>((resolveReply, reject) => {
    const timer = setTimeout(() => reject(new Error(`rtpengine did not answer ${String(message.command)} within ${timeoutMs} ms`)), timeoutMs);
    socket.on('message', (data) => {
      const text = data.toString('latin1');
      const space = text.indexOf(' ');
      if (text.slice(0, space) !== cookie) return;
      clearTimeout(timer);
      try {
        const decoded = bdecode(text.slice(space + 1), 0).value;
        resolveReply(decoded as Record<string, unknown>);
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
    socket.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    socket.send(`${cookie} ${bencode(message)}`, port, host);
  }).finally(() => socket.close());
}

function bencode(value: unknown): string {
  if (typeof value === 'string') return `${Buffer.byteLength(value, 'latin1')}:${value}`;
  if (typeof value === 'number') return `i${Math.trunc(value)}e`;
  if (Array.isArray(value)) return `l${value.map(bencode).join('')}e`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1));
    return `d${entries.map(([key, item]) => bencode(key) + bencode(item)).join('')}e`;
  }
  throw new Error(`cannot bencode ${typeof value}`);
}

function bdecode(text: string, at: number): { value: unknown; next: number } {
  const head = text[at];
  if (head === 'i') {
    const end = text.indexOf('e', at);
    return { value: Number(text.slice(at + 1, end)), next: end + 1 };
  }
  if (head === 'l' || head === 'd') {
    const items: unknown[] = [];
    let next = at + 1;
    while (text[next] !== 'e') {
      if (next >= text.length) throw new Error('truncated bencode');
      const item = bdecode(text, next);
      items.push(item.value);
      next = item.next;
    }
    if (head === 'l') return { value: items, next: next + 1 };
    const dict: Record<string, unknown> = {};
    for (let i = 0; i + 1 < items.length; i += 2) dict[String(items[i])] = items[i + 1];
    return { value: dict, next: next + 1 };
  }
  const colon = text.indexOf(':', at);
  const length = Number(text.slice(at, colon));
  if (colon < 0 || !Number.isInteger(length)) throw new Error(`bad bencode at ${at}`);
  return { value: text.slice(colon + 1, colon + 1 + length), next: colon + 1 + length };
}
