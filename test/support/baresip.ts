/**
 * Debian's baresip as a desk phone in tests: a plain SIP phone (UDP, RTP/AVP, G.711, no ICE)
 * that registers with the PBX under digest credentials, plays a WAV file as its microphone
 * (`aufile`), records what it hears and what it sends (`sndfile`: dump-*-dec.wav / -enc.wav)
 * and is driven over its JSON control socket (`ctrl_tcp`): dial, answer, hang up, hold,
 * resume, send DTMF; its events (ringing, established, closed, DTMF received) are kept.
 *
 *   const phone = await startBaresip({ user: 'carol', password, domain, registrar: '127.0.0.1:5060' });
 *   await phone.dial('1002'); await phone.waitForEvent('CALL_ESTABLISHED');
 *   ...; await phone.stop();
 *
 * It runs in its own process group with its own temporary config directory (-f), so stop()
 * ends it whatever state it is in, and parallel phones never share files or ports.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  GroupProcess,
  delay,
  freeTcpPort,
  udpPortIsFree,
} from '../../scripts/pbx/processGroup';
import { toneWav } from './wav';

export interface BaresipOptions {
  /** SIP user (and digest user unless authUser is given). */
  user: string;
  password: string;
  authUser?: string;
  /** SIP domain / realm of the PBX. */
  domain: string;
  /** The PBX's UDP address, host:port. */
  registrar: string;
  /** Display name in From. */
  displayName?: string;
  /** Answer incoming calls at once. */
  autoAnswer?: boolean;
  /** WAV file played as the microphone (16-bit PCM); default: a 1 kHz tone made by writeToneWav. */
  sourceWav?: string;
  /** Audio codecs offered, in order (baresip names): default PCMU, PCMA. */
  codecs?: string[];
  host?: string;
  /** Copy baresip's output to stderr. */
  debug?: boolean;
  /** Wait for the registration to succeed before returning (default true). */
  waitForRegistration?: boolean;
  /** Subscribe to message-waiting indication after registering (baresip's mwi module): NOTIFYs arrive as MWI_NOTIFY events. */
  mwi?: boolean;
  timeoutMs?: number;
}

/** One event from ctrl_tcp, e.g. { type: 'CALL_ESTABLISHED', class: 'call', peeruri: 'sip:…' }. */
export interface BaresipEvent {
  type: string;
  class?: string;
  accountaor?: string;
  direction?: string;
  peeruri?: string;
  param?: string;
  [key: string]: unknown;
}

export interface Baresip {
  /** sip:user@domain */
  aor: string;
  dir: string;
  /** Every event so far, in order. */
  readonly events: BaresipEvent[];
  /** The first event (past or future) of `type` that satisfies `match`. */
  waitForEvent(type: string, options?: { match?: (event: BaresipEvent) => boolean; timeoutMs?: number; after?: number }): Promise<BaresipEvent>;
  /** Sends a ctrl_tcp command ("dial", "accept", "hangup", "hold", "resume", "sndcode", …) and returns its response text. */
  command(command: string, params?: string): Promise<string>;
  /** Dials a number or user of the PBX (or a full sip: URI). */
  dial(target: string): Promise<void>;
  answer(): Promise<void>;
  hangUp(): Promise<void>;
  hold(): Promise<void>;
  resume(): Promise<void>;
  /** Sends DTMF as RFC 4733 telephone-events (baresip 1.0 has no SIP INFO sending). */
  sendDtmf(digits: string): Promise<void>;
  /** Digits received (RFC 4733 or SIP INFO), in order, from CALL_DTMF_START events. */
  receivedDigits(): string;
  /** The WAV files sndfile wrote for the calls so far: `dec` = heard from the other side, `enc` = sent. */
  recordings(): { dec: string[]; enc: string[] };
  recentLog(): string;
  stop(): Promise<void>;
}

/** How long a control command may take: generous, as a loaded machine can stall baresip's loop. */
const COMMAND_TIMEOUT_MS = 15_000;

export async function startBaresip(options: BaresipOptions): Promise<Baresip> {
  const host = options.host ?? '127.0.0.1';
  const timeoutMs = options.timeoutMs ?? 10_000;
  const dir = mkdtempSync(join(tmpdir(), 'softphone-baresip-'));
  const source = options.sourceWav ?? join(dir, 'tone.wav');
  if (!options.sourceWav) writeToneWav(source, { seconds: 120 });
  const ctrlPort = await freeTcpPort(host);
  const sipPort = await freeSipPort(host, ctrlPort);
  const codecs = (options.codecs ?? ['PCMU', 'PCMA']).join(',');

  writeFileSync(
    join(dir, 'config'),
    [
      'poll_method epoll',
      `sip_listen ${host}:${sipPort}`,
      `net_interface ${host}`,
      'call_local_timeout 120',
      'call_max_calls 4',
      // no sound card: the microphone is a file, the speaker a bridge nobody listens to;
      // sndfile records both directions as they pass through the filter chain
      `audio_source aufile,${source}`,
      'audio_player aubridge,speaker',
      'audio_alert aubridge,alert',
      'audio_buffer 60',
      'ausrc_srate 8000',
      'auplay_srate 8000',
      'ausrc_channels 1',
      'auplay_channels 1',
      'rtcp_mux no',
      'jitter_buffer_delay 1-10',
      'rtp_stats yes',
      'module_path /usr/lib/baresip/modules',
      'module g711.so',
      // only for tests of codecs the PBX cannot relay (offered when named in `codecs`)
      'module l16.so',
      'module aufile.so',
      'module aubridge.so',
      'module sndfile.so',
      'module_tmp account.so',
      'module_app menu.so',
      'module_app ctrl_tcp.so',
      ...(options.mwi ? ['module_app mwi.so'] : []),
      `ctrl_tcp_listen ${host}:${ctrlPort}`,
      `snd_path ${dir}`,
      'ringback_disabled yes',
      '',
    ].join('\n'),
  );
  const params = [
    `auth_user=${options.authUser ?? options.user}`,
    `auth_pass=${options.password}`,
    `outbound="sip:${options.registrar};transport=udp"`,
    'regint=300',
    `answermode=${options.autoAnswer ? 'auto' : 'manual'}`,
    `audio_codecs=${codecs}`,
    'ptime=20',
    `mwi=${options.mwi ? 'yes' : 'no'}`,
  ];
  const display = options.displayName ? `"${options.displayName.replace(/"/g, '')}" ` : '';
  const aor = `sip:${options.user}@${options.domain}`;
  const account = `${display}<${aor}>;${params.join(';')}`;
  // The account is added over the control socket once it is connected ("uanew"), so no
  // registration event can pass before anyone listens.
  writeFileSync(join(dir, 'accounts'), '');
  writeFileSync(join(dir, 'contacts'), '');

  const proc = new GroupProcess({ name: `baresip ${options.user}`, binary: '/usr/bin/baresip', args: ['-f', dir], cwd: dir, echo: options.debug });
  proc.start();
  const events: BaresipEvent[] = [];
  const waiters = new Set<() => void>();
  const responses = new Map<string, (response: string) => void>();
  let control: Socket | null = null;

  const fail = async (message: string): Promise<never> => {
    await proc.halt('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`${message}:\n${proc.recentLog(40)}`);
  };

  // ctrl_tcp keeps one connection: a second one (even a probe that closed at once) replaces
  // the first, so the control connection is the only one ever opened, tried until it is taken.
  const onMessage = (message: Record<string, unknown>): void => {
    if (message.event === true) {
      events.push(message as unknown as BaresipEvent);
      for (const wake of [...waiters]) wake();
    } else if (message.response === true && typeof message.token === 'string') {
      const data = typeof message.data === 'string' ? message.data : '';
      responses.get(message.token)?.(message.ok === false ? `error: ${data}` : data);
      responses.delete(message.token);
    }
  };
  const deadline = Date.now() + timeoutMs;
  while (!control) {
    control = await openControl(host, ctrlPort, onMessage).catch(() => null);
    if (control) break;
    if (proc.exitStatus != null) return fail(`baresip exited during start-up (${proc.exitStatus})`);
    if (Date.now() > deadline) return fail(`baresip did not open its control port within ${timeoutMs} ms`);
    await delay(50);
  }

  let tokens = 0;
  const command = async (name: string, args = ''): Promise<string> => {
    const token = `t${++tokens}`;
    const reply = new Promise<string>((resolveReply, reject) => {
      const timer = setTimeout(() => {
        responses.delete(token);
        reject(new Error(`baresip did not answer "${name} ${args}" within ${COMMAND_TIMEOUT_MS} ms:\n${proc.recentLog(30)}`));
      }, COMMAND_TIMEOUT_MS);
      responses.set(token, (response) => {
        clearTimeout(timer);
        resolveReply(response);
      });
    });
    const json = JSON.stringify({ command: name, params: args, token });
    control?.write(`${Buffer.byteLength(json)}:${json},`);
    const response = await reply;
    if (response.startsWith('error:')) throw new Error(`baresip ${name} ${args}: ${response}`);
    return response;
  };

  const waitForEvent: Baresip['waitForEvent'] = (type, { match, timeoutMs: wait = 15_000, after = 0 } = {}) => {
    const find = () => events.slice(after).find((event) => event.type === type && (match?.(event) ?? true));
    const found = find();
    if (found) return Promise.resolve(found);
    return new Promise<BaresipEvent>((resolveEvent, reject) => {
      const wake = (): void => {
        const event = find();
        if (!event) return;
        clearTimeout(timer);
        waiters.delete(wake);
        resolveEvent(event);
      };
      const timer = setTimeout(() => {
        waiters.delete(wake);
        reject(new Error(`baresip ${options.user}: no ${type} event within ${wait} ms; events: ${events.map((e) => e.type).join(', ')}\n${proc.recentLog(30)}`));
      }, wait);
      waiters.add(wake);
    });
  };

  const phone: Baresip = {
    aor,
    dir,
    events,
    waitForEvent,
    command,
    async dial(target) {
      const uri = target.startsWith('sip:') ? target : `sip:${target}@${options.domain}`;
      await command('dial', uri);
    },
    async answer() {
      await command('accept');
    },
    async hangUp() {
      await command('hangup');
    },
    async hold() {
      await command('hold');
    },
    async resume() {
      await command('resume');
    },
    async sendDtmf(digits) {
      if (!/^[0-9*#A-D]+$/.test(digits)) throw new Error(`"${digits}" are not DTMF digits`);
      // one digit at a time, each held long enough for any receiver to see it
      for (const digit of digits) {
        await command('sndcode', digit);
        await delay(250);
      }
    },
    receivedDigits() {
      return events
        .filter((event) => event.type === 'CALL_DTMF_START')
        .map((event) => event.param ?? '')
        .join('');
    },
    recordings() {
      const files = readdirSync(dir).filter((file) => file.startsWith('dump-') && file.endsWith('.wav'));
      return {
        dec: files.filter((file) => file.endsWith('-dec.wav')).map((file) => join(dir, file)),
        enc: files.filter((file) => file.endsWith('-enc.wav')).map((file) => join(dir, file)),
      };
    },
    recentLog: () => proc.recentLog(),
    async stop() {
      control?.destroy();
      await proc.halt('SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    },
  };

  await command('uanew', account);
  if (options.waitForRegistration ?? true) {
    const outcome = await Promise.race([
      waitForEvent('REGISTER_OK', { timeoutMs }).then(() => null),
      waitForEvent('REGISTER_FAIL', { timeoutMs }).then((event) => event),
    ]).catch((error: unknown) => (error instanceof Error ? error : new Error(String(error))));
    if (outcome !== null) {
      await phone.stop();
      const reason = outcome instanceof Error ? outcome.message : `REGISTER_FAIL ${outcome.param ?? ''}`;
      throw new Error(`baresip ${options.user} did not register with ${options.registrar}: ${reason}`);
    }
  }
  return phone;
}

/**
 * A port free for both UDP and TCP (baresip's sip_listen opens both), whose next port is free
 * for TCP too (baresip's SIP/TLS listens there) and is not the control port picked before.
 */
async function freeSipPort(host: string, ctrlPort: number): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const port = await freeTcpPort(host);
    if (port + 1 === ctrlPort || !(await tcpPortIsFree(host, port + 1))) continue;
    if (await udpPortIsFree(host, port)) return port;
  }
  throw new Error('no port free for UDP and TCP with the next one free for TLS');
}

function tcpPortIsFree(host: string, port: number): Promise<boolean> {
  return new Promise((resolveFree) => {
    const server = createServer();
    server.once('error', () => resolveFree(false));
    server.listen(port, host, () => server.close(() => resolveFree(true)));
  });
}

/** ctrl_tcp speaks netstrings (`<length>:<json>,`) both ways. */
function openControl(host: string, port: number, onMessage: (message: Record<string, unknown>) => void): Promise<Socket> {
  return new Promise((resolveSocket, reject) => {
    const socket = connect({ host, port });
    let buffer = Buffer.alloc(0);
    socket.on('data', (chunk) => {
      buffer = Buffer.concat([buffer, chunk]);
      for (;;) {
        const colon = buffer.indexOf(':');
        if (colon < 0) return;
        const length = Number(buffer.subarray(0, colon).toString());
        if (buffer.length < colon + 1 + length + 1) return;
        const json = buffer.subarray(colon + 1, colon + 1 + length).toString('utf8');
        buffer = buffer.subarray(colon + 1 + length + 1);
        try {
          onMessage(JSON.parse(json) as Record<string, unknown>);
        } catch {
          // not JSON: ignore
        }
      }
    });
    socket.once('connect', () => resolveSocket(socket));
    socket.once('error', reject);
  });
}

/** Writes a mono 16-bit PCM WAV with a sine tone (default 1 kHz at 8 kHz, half scale). */
export function writeToneWav(path: string, options: { seconds?: number; frequency?: number; sampleRate?: number } = {}): void {
  const sampleRate = options.sampleRate ?? 8000;
  writeFileSync(path, toneWav([{ hz: options.frequency ?? 1000, seconds: options.seconds ?? 10 }], sampleRate, 16_000));
}

/**
 * Loudness of a 16-bit PCM WAV (what sndfile writes): RMS over the whole file, and the share
 * of 20 ms frames louder than `threshold` (full scale = 1), so a test can tell a tone from silence.
 */
export function wavLoudness(path: string, threshold = 0.01): { seconds: number; rms: number; loudFrames: number } {
  const file = readFileSync(path);
  const dataAt = file.indexOf('data', 12);
  if (dataAt < 0) return { seconds: 0, rms: 0, loudFrames: 0 };
  const sampleRate = file.readUInt32LE(24);
  const channels = file.readUInt16LE(22);
  const pcm = file.subarray(dataAt + 8);
  const count = Math.floor(pcm.length / 2);
  const frame = Math.max(1, Math.round((sampleRate * channels) / 50));
  let sum = 0;
  let loud = 0;
  let frameSum = 0;
  for (let i = 0; i < count; i++) {
    const value = pcm.readInt16LE(i * 2) / 32768;
    sum += value * value;
    frameSum += value * value;
    if ((i + 1) % frame === 0) {
      if (Math.sqrt(frameSum / frame) > threshold) loud++;
      frameSum = 0;
    }
  }
  return {
    seconds: count / (sampleRate * channels),
    rms: count ? Math.sqrt(sum / count) : 0,
    loudFrames: loud,
  };
}
