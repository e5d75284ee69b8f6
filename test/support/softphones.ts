/**
 * Softphones for the media-bridge tests and benchmark: the real SIP engine, signed in with
 * the SIP credentials the profile server hands the client (`GET /api/v1/me/sip`), registered
 * with the real Kamailio, its media given by the factory the caller chooses.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { SessionDescriptionHandlerFactory } from 'sip.js';
import { SipEngine } from '../../src/main/sip/sipEngine';
import type { CallSnapshot } from '../../src/main/sip/types';
import { SipCredentials } from '../../src/shared/server-api';
import type { TestServer } from './server';

export async function sipCredentialsOf(server: TestServer, userName: string): Promise<SipCredentials> {
  const token = await server.signIn(userName);
  const response = await server.api('/api/v1/me/sip', { token });
  if (!response.ok) throw new Error(`GET /api/v1/me/sip for ${userName} answered ${response.status}`);
  return SipCredentials.parse(await response.json());
}

/**
 * Third-party phones in tests (baresip, SIPp) need a plain password, which the server no longer
 * keeps for users' own SIP accounts (only the HA1). This gives the user's account the HA1 of a
 * fresh random password, as a rotation would, and returns that password. Softphones registered
 * before with the old HA1 are refused from their next authentication on.
 */
export async function plainSipPassword(server: TestServer, userName: string): Promise<string> {
  const password = randomBytes(12).toString('base64url');
  await server.server.ctx.store.write(async (tx) => {
    const user = await tx.findUserBySipUser(userName);
    if (!user) throw new Error(`no user ${userName}`);
    user.sipHa1 = createHash('md5').update(`${user.sipUser}:${user.sipRealm}:${password}`).digest('hex');
    await tx.updateUser(user);
  });
  return password;
}

export interface Softphone {
  engine: SipEngine;
  stop(): Promise<void>;
}

export async function startSoftphone(options: {
  server: TestServer;
  wsUrl: string;
  userName: string;
  mediaFactory: SessionDescriptionHandlerFactory;
  /** Answer every incoming call as soon as it rings. */
  autoAnswer?: boolean;
  timeoutMs?: number;
}): Promise<Softphone> {
  const credentials = await sipCredentialsOf(options.server, options.userName);
  const engine = new SipEngine({
    wsUrl: options.wsUrl,
    domain: credentials.domain,
    user: credentials.userName,
    secret: { ha1: credentials.ha1 },
    displayName: credentials.displayName,
    mediaFactory: options.mediaFactory,
  });
  if (options.autoAnswer) {
    engine.on('call', (call) => {
      if (call.direction === 'incoming' && call.state === 'incoming') {
        engine.answer(call.id).catch(() => undefined); // a failed answer shows up as the call ending
      }
    });
  }
  const registered = withTimeout(
    engine.once('registration', (state) => state.status === 'registered' || state.status === 'failed'),
    options.timeoutMs ?? 10_000,
    `${options.userName} did not register`,
  );
  await engine.start();
  const state = await registered;
  if (state.status !== 'registered') throw new Error(`${options.userName} could not register: ${state.reason ?? 'no reason'}`);
  return { engine, stop: () => engine.stop() };
}

/**
 * Every call snapshot a softphone emitted, in order, so a test can wait for a state that may
 * already have passed (a call can fail before `dial()` has even returned its id).
 */
export class CallLog {
  readonly snapshots: CallSnapshot[] = [];
  private readonly waiters = new Set<() => void>();
  private readonly stops: Array<() => void>;

  constructor(engine: SipEngine) {
    const record = (call: CallSnapshot) => {
      this.snapshots.push(call);
      for (const wake of [...this.waiters]) wake();
    };
    this.stops = [engine.on('call', record), engine.on('callEnded', record)];
  }

  /** The first snapshot (past or future) that satisfies `predicate`. */
  waitFor(predicate: (call: CallSnapshot) => boolean, timeoutMs: number, what: string): Promise<CallSnapshot> {
    const found = this.snapshots.find(predicate);
    if (found) return Promise.resolve(found);
    let wake: () => void = () => undefined;
    const arrival = new Promise<CallSnapshot>((resolve) => {
      wake = () => {
        const match = this.snapshots.find(predicate);
        if (match) resolve(match);
      };
      this.waiters.add(wake);
    });
    return withTimeout(arrival, timeoutMs, `no call ${what}`).finally(() => this.waiters.delete(wake));
  }

  dispose(): void {
    for (const stop of this.stops) stop();
  }
}

/** Waits until `probe` returns true, polling; fails with `what` after `timeoutMs`. */
export async function eventually(probe: () => Promise<boolean> | boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`${what} within ${timeoutMs} ms`);
    await new Promise((wake) => setTimeout(wake, 200));
  }
}

export function withTimeout<T>(promise: Promise<T>, timeoutMs: number, message: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${message} within ${timeoutMs} ms`)), timeoutMs);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
