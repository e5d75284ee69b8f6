/**
 * The carrier simulator: the other end of the PBX's SIP trunk on loopback, for the development
 * stack (`npm start`) and the tests (issue 11). A real SIP user agent (scripts/pbx/ua) with real
 * RTP: it answers as any number, each number behaving as told, places calls "from" a mobile
 * number into the PBX, and reports every call it received.
 *
 *   const carrier = await startCarrier();                       // sip:carrier@127.0.0.1:<port>
 *   startKamailio({ ..., trunk: carrier.trunk });               // (startPbx does this itself)
 *   carrier.behave('+46705550001', { kind: 'answer', afterSeconds: 2 });   // or never, busy
 *   const leg = await carrier.waitForCall((c) => c.number === '+46705550001');
 *   leg.receivedAt; leg.requestUri; leg.from; leg.pAssertedIdentity; leg.diversion;
 *   leg.cancelledAt; leg.answeredAt; leg.rtp?.packetsReceived; await leg.hangUp();
 *   const out = carrier.call({ from: '+46705550002', to: '+46855501001' }); // the mobile calls in
 *   await out.result; out.rtp.packetsReceived; await out.hangUp();
 *   await carrier.stop();
 *
 * Answered calls send a 440 Hz tone (G.711) and count what arrives. With `credentials`, every
 * INVITE must carry a Proxy-Authorization for them (407 otherwise), as a real carrier's would.
 */
import { createHash, randomBytes } from 'node:crypto';
import { startRtp, type RtpSession } from '../ua/rtp';
import { tone } from '../ua/audio';
import { startUa, type IncomingCall, type OutgoingCall, type SipUa } from '../ua/sipUa';
import type { TrunkOptions } from '../kamailio';

export type NumberBehaviour =
  /** Ring (180), then answer after the seconds (0: at once). */
  | { kind: 'answer'; afterSeconds: number }
  /** Ring until cancelled. */
  | { kind: 'never' }
  /** 486 Busy Here at once. */
  | { kind: 'busy' };

/** One INVITE that reached the carrier (a leg the PBX sent out through the trunk). */
export interface CarrierLeg {
  /** When it arrived (Date.now()). */
  receivedAt: number;
  requestUri: string;
  /** The request-URI's user part: the number called. */
  number: string;
  from: string;
  /** The From URI's user part. */
  fromUser: string;
  pAssertedIdentity: string;
  /** The P-Asserted-Identity URI's user part ('' without one). */
  assertedUser: string;
  diversion: string;
  callId: string;
  answeredAt: number | null;
  cancelledAt: number | null;
  endedAt: number | null;
  /** The media of an answered leg. */
  rtp: RtpSession | null;
  hangUp(): Promise<void>;
}

export interface CarrierCall {
  call: OutgoingCall;
  rtp: RtpSession;
  result: OutgoingCall['result'];
  hangUp(): Promise<void>;
}

export interface CarrierOptions {
  host?: string;
  /** What a number without its own behaviour does (default: answer after 1 s). */
  defaultBehaviour?: NumberBehaviour;
  /** Digest credentials the PBX must present (challenged with 407). */
  credentials?: { username: string; password: string; realm: string };
  log?: (line: string) => void;
}

export interface RunningCarrier {
  host: string;
  port: number;
  /** What the PBX's configuration needs (startKamailio `trunk`). */
  trunk: TrunkOptions;
  /** Every call received, oldest first. */
  readonly received: CarrierLeg[];
  /** INVITEs answered 407 for lack of valid credentials (with `credentials`). */
  readonly challenges: number;
  behave(number: string, behaviour: NumberBehaviour): void;
  /** Forgets the per-number behaviours and the calls received. */
  reset(): void;
  waitForCall(predicate: (leg: CarrierLeg) => boolean, timeoutMs?: number): Promise<CarrierLeg>;
  /** Places a call into the PBX (`pbx`: its SIP URI host:port) as if from `from` (a mobile). */
  call(options: { pbx: string; from: string; to: string; assert?: boolean }): Promise<CarrierCall>;
  stop(): Promise<void>;
}

const userOf = (uri: string): string => /^<?sips?:([^@;>]+)@/.exec(uri.replace(/^[^<]*</, '<'))?.[1] ?? '';
const md5 = (text: string): string => createHash('md5').update(text).digest('hex');

export async function startCarrier(options: CarrierOptions = {}): Promise<RunningCarrier> {
  const log = options.log ?? (() => undefined);
  const ua: SipUa = await startUa({ host: options.host, user: 'carrier', log });
  const behaviours = new Map<string, NumberBehaviour>();
  const defaultBehaviour = options.defaultBehaviour ?? { kind: 'answer', afterSeconds: 1 };
  const received: CarrierLeg[] = [];
  const waiters = new Set<() => void>();
  const sessions = new Set<RtpSession>();
  const nonce = randomBytes(8).toString('hex');
  let challenges = 0;

  /** Whether the INVITE carries valid credentials (RFC 2617 without qop, as uac_auth answers a challenge without one). */
  const authorised = (call: IncomingCall): boolean => {
    const credentials = options.credentials;
    if (!credentials) return true;
    const header = call.invite.headers['proxy-authorization'];
    const fields = (Array.isArray(header) ? header[0] : null) as Record<string, string> | null;
    if (!fields) return false;
    const unq = (value: string | undefined): string => (value ?? '').replace(/^"|"$/g, '');
    if (unq(fields.username) !== credentials.username || unq(fields.nonce) !== nonce) return false;
    const ha1 = md5(`${credentials.username}:${credentials.realm}:${credentials.password}`);
    const ha2 = md5(`INVITE:${unq(fields.uri)}`);
    const expected = fields.qop ? md5(`${ha1}:${nonce}:${unq(fields.nc)}:${unq(fields.cnonce)}:${unq(fields.qop)}:${ha2}`) : md5(`${ha1}:${nonce}:${ha2}`);
    return unq(fields.response) === expected;
  };

  ua.on('invite', (call) => {
    if (!authorised(call)) {
      challenges += 1;
      call.reject(407, 'Proxy Authentication Required', {
        'Proxy-Authenticate': `Digest realm="${options.credentials?.realm ?? ''}", nonce="${nonce}"`,
      });
      return;
    }
    const requestUri = typeof call.invite.uri === 'string' ? call.invite.uri : `sip:${call.requestUser}`;
    const fromUri = typeof call.invite.headers.from.uri === 'string' ? call.invite.headers.from.uri : '';
    const leg: CarrierLeg = {
      receivedAt: Date.now(),
      requestUri,
      number: call.requestUser,
      from: fromUri,
      fromUser: userOf(fromUri),
      pAssertedIdentity: call.header('P-Asserted-Identity'),
      assertedUser: userOf(call.header('P-Asserted-Identity')),
      diversion: call.header('Diversion'),
      callId: call.callId,
      answeredAt: null,
      cancelledAt: null,
      endedAt: null,
      rtp: null,
      hangUp: () => call.hangUp(),
    };
    received.push(leg);
    log(`carrier: ${leg.number} called from ${leg.fromUser} (PAI ${leg.assertedUser || '-'})`);
    for (const wake of [...waiters]) wake();
    void call.ended.then((reason) => {
      leg.endedAt = Date.now();
      if (reason === 'remote-cancel') leg.cancelledAt = leg.endedAt;
      leg.rtp?.close();
    });
    const behaviour = behaviours.get(leg.number) ?? defaultBehaviour;
    if (behaviour.kind === 'busy') {
      call.reject(486, 'Busy Here');
      return;
    }
    call.ringing();
    if (behaviour.kind === 'never') return;
    setTimeout(() => {
      if (call.endReason) return;
      void answer(call, leg);
    }, behaviour.afterSeconds * 1000);
  });

  async function answer(call: IncomingCall, leg: CarrierLeg): Promise<void> {
    const rtp = await startRtp({ host: ua.host });
    sessions.add(rtp);
    leg.rtp = rtp;
    const sdp = call.remoteSdp ? rtp.answer(call.remoteSdp) : rtp.offer();
    leg.answeredAt = Date.now();
    await call.answer(sdp);
    if (call.endReason) {
      rtp.close();
      return;
    }
    void rtp.play(tone(440, 30_000));
  }

  return {
    host: ua.host,
    port: ua.port,
    trunk: { host: ua.host, port: ua.port, transport: 'udp', ...(options.credentials ? { credentials: options.credentials } : {}) },
    received,
    get challenges() {
      return challenges;
    },
    behave(number, behaviour) {
      behaviours.set(number, behaviour);
    },
    reset() {
      behaviours.clear();
      received.splice(0);
    },
    waitForCall(predicate, timeoutMs = 30_000) {
      const found = received.find(predicate);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const wake = (): void => {
          const match = received.find(predicate);
          if (!match) return;
          cleanup();
          resolve(match);
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`the carrier received no such call within ${timeoutMs} ms (got ${received.map((leg) => leg.number).join(', ') || 'none'})`));
        }, timeoutMs);
        const cleanup = (): void => {
          clearTimeout(timer);
          waiters.delete(wake);
        };
        waiters.add(wake);
      });
    },
    async call({ pbx, from, to, assert = true }) {
      const rtp = await startRtp({ host: ua.host });
      sessions.add(rtp);
      const fromUri = `sip:${from}@${ua.host}`;
      const call = ua.invite(`sip:${to}@${pbx}`, {
        from: fromUri,
        to: `sip:${to}@${pbx}`,
        sdp: rtp.offer(),
        headers: assert ? { 'P-Asserted-Identity': `<${fromUri}>` } : {},
      });
      call.on('answered', (response) => {
        if (response.content) rtp.setRemoteAnswer(response.content);
        void rtp.play(tone(440, 30_000));
      });
      void call.ended.then(() => rtp.close());
      return { call, rtp, result: call.result, hangUp: () => call.hangUp() };
    },
    async stop() {
      for (const session of sessions) session.close();
      await ua.stop();
    },
  };
}
