/**
 * SIP engines signed in as a profile server's users, for the SIP integration tests
 * (sipHarness.ts: one server, one PBX or a pair) and the cluster test (the instances behind
 * HAProxy, the pair of proxies): whatever the server is, the phones only need its API.
 *
 *   const phones = sipPhones({ api, signIn, userId, defaultWsUrl });
 *   const alice = await phones.phone('alice');            // registered SipEngine, SDP-only media
 *   await phones.useProfile('bob', { availability: 'not_available' });
 *   await phones.hangUpAll(); await phones.stopPhones();
 */
import { createHash } from 'node:crypto';
import { SipEngine, type SipEngineOptions } from '../../src/main/sip';
import {
  createSdpOnlyMediaFactory,
  type SdpOnlyMediaOptions,
} from '../../src/main/sip/sdpOnlyMedia';
import type { CallSnapshot, RegistrationSnapshot } from '../../src/main/sip/types';
import type { Device, ProfileFieldsInput, RingLeg } from '../../src/shared/model';
import { DeskPhoneCredentials, SipCredentials } from '../../src/shared/server-api';
import type { TestServer } from './server';

export interface TestPhone {
  userName: string;
  engine: SipEngine;
  media: ReturnType<typeof createSdpOnlyMediaFactory>;
  credentials: SipCredentials;
  /** Resolves with the engine's next registration state that is registered or failed. */
  settled(): Promise<RegistrationSnapshot>;
}

export interface PhoneOptions extends Partial<
  Pick<
    SipEngineOptions,
    | 'decideIncoming'
    | 'callerId'
    | 'history'
    | 'backoff'
    | 'logger'
    | 'keepAliveSeconds'
    | 'trustedCa'
    | 'callPaths'
  >
> {
  /** Connect here instead of the PBX's own ws:// address (a proxy in between, or wss://). */
  wsUrl?: string;
  /** Every proxy to try, in order, instead of what the server names (`wsUrls` of GET /me/sip). */
  wsUrls?: string[];
  /** Use this password instead of the user's real SIP password. */
  password?: string;
  media?: SdpOnlyMediaOptions;
  /** Wait until registered (default true). */
  waitRegistered?: boolean;
}

/** What the phones need of a profile server (one, or a cluster behind its balancer). */
export interface SipBackend {
  /** `fetch` against the server with an optional bearer token and JSON body (TestServer.api). */
  api: TestServer['api'];
  /** A bearer token for a seeded user. */
  signIn(userName: string): Promise<string>;
  /** A seeded user's id (admin routes take ids). */
  userId(userName: string): string;
  /** Where phones register when the server names no PBX. */
  defaultWsUrl: string;
}

export interface SipPhones {
  phone(userName: string, options?: PhoneOptions): Promise<TestPhone>;
  /** A softphone for whoever `token` signed in as (users not seeded; `label` names it in errors). */
  phoneFor(label: string, token: string, options?: PhoneOptions): Promise<TestPhone>;
  /** Provisions a desk phone for the user (as the company admin): its own SIP account, password shown once. */
  provisionDeskPhone(userName: string, label?: string): Promise<DeskPhoneCredentials>;
  /**
   * A SIP engine registered with a desk phone's own account (provisioned now unless given), as
   * a plain desk phone would: it rings for every call and leaves decisions to the PBX.
   */
  deskPhone(userName: string, options?: PhoneOptions & { account?: DeskPhoneCredentials }): Promise<TestPhone & { account: DeskPhoneCredentials }>;
  /** Adds a profile with these fields to the user (as the company admin) and switches the user to it. */
  useProfile(userName: string, fields: Partial<ProfileFieldsInput>): Promise<void>;
  /** Ends every call still going on any phone (test teardown), waiting for each to end. */
  hangUpAll(): Promise<void>;
  /** Pauses or resumes the user's queues. */
  setQueues(userName: string, status: 'active' | 'paused'): Promise<void>;
  /** Stops every phone made here. */
  stopPhones(): Promise<void>;
}

let profileCounter = 0;

/** A plain "available, ring the softphone" profile; tests override what they exercise. */
/** A ring target of the profile: these devices, all at once. */
export const ring = (...devices: Device[]): { kind: 'ring'; devices: RingLeg[] } => ({
  kind: 'ring',
  devices: devices.map((device) => ({ device, delaySeconds: 0 })),
});

/** Counts the calls that reach a phone (incoming, whatever happens next). */
export function countRings(phone: TestPhone): () => number {
  let rings = 0;
  phone.engine.on('call', (call) => {
    if (call.state === 'incoming') rings += 1;
  });
  return () => rings;
}

export function baseProfile(): ProfileFieldsInput {
  profileCounter += 1;
  return {
    name: `Test profile ${profileCounter}`,
    icon: 'check',
    colour: '#2e7d32',
    type: 'available',
    availability: 'available',
    priority: 50,
    callerId: { softphone: { kind: 'landline' }, mobile: { kind: 'mobile' } },
    routing: { any: { kind: 'ring', devices: [{ device: 'softphone', delaySeconds: 0 }] } },
    exceptions: { busy: null, noAnswer: null, unreachable: null },
    queues: { status: 'unchanged', scope: 'all', queueIds: [], devices: ['softphone'] },
  };
}

/** The first call snapshot of `phone` (from now on) that satisfies `predicate`. */
export const callWhere = (phone: TestPhone, predicate: (call: CallSnapshot) => boolean): Promise<CallSnapshot> =>
  phone.engine.once('call', predicate);

/** `from` dials `dialled`, `to` answers; resolves when the call is active on both. */
export async function connectCall(from: TestPhone, to: TestPhone, dialled: string): Promise<{ fromCall: string; toCall: string }> {
  const ringing = callWhere(to, (call) => call.state === 'incoming');
  const fromCall = await from.engine.dial(dialled);
  const fromActive = callWhere(from, (call) => call.id === fromCall && call.state === 'active');
  const incoming = await ringing;
  const toActive = callWhere(to, (call) => call.id === incoming.id && call.state === 'active');
  await to.engine.answer(incoming.id);
  await Promise.all([fromActive, toActive]);
  return { fromCall, toCall: incoming.id };
}

/**
 * `from` dials `dialled` once: true when `to` rang (the caller then hangs up and both ends see
 * the call end), false when the call ended without ringing `to` (e.g. a registration not yet
 * known where the call came in). For `eventually(() => rings(…))`.
 */
export async function rings(from: TestPhone, to: TestPhone, dialled: string): Promise<boolean> {
  const ringing = callWhere(to, (call) => call.state === 'incoming');
  const callId = await from.engine.dial(dialled);
  const ended = from.engine.once('callEnded', (call) => call.id === callId);
  const rang = await Promise.race([ringing.then(() => true), ended.then(() => false)]);
  if (rang) {
    const incoming = await ringing;
    const toEnded = to.engine.once('callEnded', (call) => call.id === incoming.id);
    await from.engine.hangUp(callId);
    await Promise.all([ended, toEnded]);
  }
  return rang;
}

export function sipPhones(backend: SipBackend): SipPhones {
  const phones: TestPhone[] = [];
  const tokens = new Map<string, string>();
  const tokenOf = async (userName: string): Promise<string> => {
    let token = tokens.get(userName);
    if (!token) {
      token = await backend.signIn(userName);
      tokens.set(userName, token);
    }
    return token;
  };
  const expectOk = async (response: Response, what: string): Promise<unknown> => {
    if (!response.ok)
      throw new Error(`${what} failed: ${response.status} ${await response.text()}`);
    return response.json();
  };

  const provisionDeskPhone = async (userName: string, label = `Desk phone of ${userName}`): Promise<DeskPhoneCredentials> => {
    const admin = await tokenOf('admin');
    return DeskPhoneCredentials.parse(
      await expectOk(
        await backend.api(`/api/v1/admin/users/${backend.userId(userName)}/devices`, {
          method: 'POST',
          token: admin,
          body: { label },
        }),
        `Provisioning a desk phone for ${userName}`,
      ),
    );
  };

  const register = async (userName: string, credentials: SipCredentials, options: PhoneOptions): Promise<TestPhone> => {
    const media = createSdpOnlyMediaFactory(options.media);
    const engine = new SipEngine({
      // the address the profile server names (wss:// when the PBX has TLS), as the app does
      wsUrl: options.wsUrl ?? credentials.wsUrl ?? backend.defaultWsUrl,
      wsUrls: options.wsUrls ?? (options.wsUrl ? undefined : credentials.wsUrls),
      domain: credentials.domain,
      user: credentials.userName,
      secret: options.password === undefined ? { ha1: credentials.ha1 } : { password: options.password },
      displayName: credentials.displayName,
      mediaFactory: media,
      decideIncoming: options.decideIncoming,
      callerId: options.callerId,
      history: options.history,
      backoff: options.backoff ?? { initialMs: 100, maxMs: 1000, factor: 2, jitter: 0.2 },
      logger: options.logger,
      keepAliveSeconds: options.keepAliveSeconds,
      trustedCa: options.trustedCa,
      callPaths: options.callPaths,
    });
    const settled = (): Promise<RegistrationSnapshot> =>
      engine.once(
        'registration',
        (state) => state.status === 'registered' || state.status === 'failed',
      );
    const phone: TestPhone = { userName, engine, media, credentials, settled };
    phones.push(phone);
    const first = settled();
    await engine.start();
    if (options.waitRegistered !== false) {
      const state = await first;
      if (state.status !== 'registered')
        throw new Error(`${userName} did not register: ${state.reason}`);
    }
    return phone;
  };

  return {
    async phone(userName, options = {}) {
      const token = await tokenOf(userName);
      const credentials = SipCredentials.parse(
        await expectOk(
          await backend.api('/api/v1/me/sip', { token }),
          `SIP credentials of ${userName}`,
        ),
      );
      return register(userName, credentials, options);
    },
    async phoneFor(label, token, options = {}) {
      const credentials = SipCredentials.parse(await expectOk(await backend.api('/api/v1/me/sip', { token }), `SIP credentials of ${label}`));
      return register(label, credentials, options);
    },
    provisionDeskPhone,
    async deskPhone(userName, options = {}) {
      const account = options.account ?? (await provisionDeskPhone(userName));
      const credentials: SipCredentials = {
        userName: account.device.sipUser,
        // a desk phone is told its password; its digest HA1 is what a softphone would be handed
        ha1: createHash('md5').update(`${account.device.sipUser}:${account.realm}:${account.password}`).digest('hex'),
        domain: account.domain,
        realm: account.realm,
        displayName: account.device.label,
        wsUrl: null,
      };
      const phone = await register(account.device.sipUser, credentials, {
        decideIncoming: () => ({ action: 'ring' }),
        ...options,
      });
      return { ...phone, account };
    },
    async useProfile(userName, fields) {
      const admin = await tokenOf('admin');
      const profile = { ...baseProfile(), ...fields };
      await expectOk(
        await backend.api('/api/v1/admin/profiles/add', {
          method: 'POST',
          token: admin,
          body: { userIds: [backend.userId(userName)], profile },
        }),
        `Adding profile to ${userName}`,
      );
      const token = await tokenOf(userName);
      const snapshot = (await expectOk(
        await backend.api('/api/v1/me/snapshot', { token }),
        'Snapshot',
      )) as { profiles: { id: string; name: string }[] };
      const added = snapshot.profiles.find((candidate) => candidate.name === profile.name);
      if (!added) throw new Error(`Profile ${profile.name} not found in ${userName}'s snapshot`);
      await expectOk(
        await backend.api('/api/v1/me/profile-switch', {
          method: 'POST',
          token,
          body: { profileId: added.id, until: null },
        }),
        `Switching ${userName}'s profile`,
      );
    },
    async setQueues(userName, status) {
      const token = await tokenOf(userName);
      await expectOk(
        await backend.api('/api/v1/me/queues', {
          method: 'POST',
          token,
          body: { queueIds: 'all', status },
        }),
        `Queue status of ${userName}`,
      );
    },
    async hangUpAll() {
      await Promise.all(
        phones.flatMap((phone) =>
          phone.engine.calls().map(async (call) => {
            const ended = phone.engine.once('callEnded', (snapshot) => snapshot.id === call.id);
            try {
              await phone.engine.hangUp(call.id);
            } catch {
              return; // already ending
            }
            await ended;
          }),
        ),
      );
    },
    async stopPhones() {
      await Promise.all(phones.map((phone) => phone.engine.stop().catch(() => undefined)));
    },
  };
}
