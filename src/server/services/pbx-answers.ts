/**
 * The answers to the PBX's questions (src/shared/pbx.ts), computed with the shared rules and
 * the profile in effect now, so a call the PBX handles (client offline, no answer, busy) goes
 * exactly where the client would have sent it.
 */
import type { CalledNumberType, Profile, RedirectTarget, RingLeg } from '../../shared/model';
import { numberKey } from '../../shared/phone';
import type { PbxCallerId, PbxCredentials, PbxRoute } from '../../shared/pbx';
import {
  decideIncomingCall,
  outgoingCallerId,
  permittedIdentity,
  queueStatuses,
  type CallAction,
} from '../../shared/rules';
import { realmOf } from '../config';
import type { QueueRecord, UserRecord } from '../db/store';
import type { ServerContext } from './context';
import { effectiveFor } from './effective';
import { voicemailRoute } from './pbx-voicemail';
import { expectRecording } from './recordings';
import { allowedCallerIds } from './snapshot';
import { lookupDialled, rememberRoute } from './pbx-tenancy';
import { destinationRoute } from './pbx-destinations';
import { mainNumberTarget } from './pbx-main-number';

/**
 * The digest HA1 for a SIP account: a user's own (their softphones) or one of their desk phones.
 * `owner` names the user the account belongs to. A disabled user's accounts all answer 404; a
 * user without the softphone keeps their desk phones.
 */
export async function credentialsFor(ctx: ServerContext, sipUser: string): Promise<PbxCredentials | null> {
  const user = await ctx.store.findUserBySipUser(sipUser);
  if (user) {
    if (user.disabled || !user.softphoneEnabled) return null;
    // Only the HA1 is stored (for the stored spelling of the name, which the client gets too).
    // One made for another realm cannot match: the softphone gets a fresh one when it next asks
    // for its SIP account (services/me.ts), and until then its registration is refused.
    if (user.sipRealm !== realmOf(ctx.config)) return null;
    return { user: user.sipUser, realm: user.sipRealm, ha1: user.sipHa1, owner: user.sipUser };
  }
  const device = await ctx.store.findDeviceBySipUser(sipUser);
  if (!device) return null;
  const owner = await ctx.store.getUser(device.userId);
  if (!owner || owner.disabled) return null;
  return { user: device.sipUser, realm: device.realm, ha1: device.ha1, owner: owner.sipUser };
}

/** The user a SIP account (a user's own or a desk phone's) belongs to. */
export async function ownerOfSipUser(ctx: ServerContext, sipUser: string): Promise<UserRecord | null> {
  const user = await ctx.store.findUserBySipUser(sipUser);
  if (user) return user;
  const device = await ctx.store.findDeviceBySipUser(sipUser);
  return device ? ctx.store.getUser(device.userId) : null;
}

/** The call a PBX question is about (its SIP Call-ID and the other party), when it says. */
export interface AskedCall {
  sipCallId: string;
  /** For the caller: what they dialled; for the callee: the identity presented to them. */
  otherParty: string;
}

export async function callerIdFor(
  ctx: ServerContext,
  sipUser: string,
  requested: string | null,
  call: AskedCall | null = null,
): Promise<PbxCallerId | null> {
  // A desk phone's account calls as its owner (issue 11: codes and calls from desk phones).
  const user = await ownerOfSipUser(ctx, sipUser);
  if (!user || user.disabled) return null;
  return identityOf(ctx, user, 'softphone', requested, call);
}

/**
 * A call from a user's mobile through the carrier trunk (the carrier marks it with that mobile
 * number): the user's outgoing call, presenting the profile's caller ID for mobile calls (seed
 * 001 "mobile phone the user's mobile device"), checked like the softphone's. Null when the
 * number is nobody's mobile (or the user is disabled).
 */
export async function mobileCallerIdFor(ctx: ServerContext, mobile: string, call: AskedCall | null = null): Promise<PbxCallerId | null> {
  const entry = await ctx.store.findNumber(mobile);
  if (!entry?.userId || entry.type !== 'mobile') return null;
  const user = await ctx.store.getUser(entry.userId);
  if (!user || user.disabled) return null;
  return { ...(await identityOf(ctx, user, 'mobile', mobile, call, true)), user: user.sipUser };
}

async function identityOf(
  ctx: ServerContext,
  user: UserRecord,
  device: 'softphone' | 'mobile',
  requested: string | null,
  call: AskedCall | null,
  profileDecides = false,
): Promise<PbxCallerId> {
  const queues = await ctx.store.queuesOfUser(user.id);
  const allowed = await allowedCallerIds(ctx.store, user, queues);
  const company = await ctx.store.getCompany(user.companyId);
  const { effective } = await effectiveFor(ctx.store, user, ctx.now());
  const fallback = outgoingCallerId({
    profile: effective?.profile ?? null,
    override: user.callerIdOverride,
    numbers: user.numbers,
    allowed,
    companyMainNumber: company?.mainNumber ?? null,
    device,
  });
  // A mobile asks for nothing: the carrier's mark is who calls, the profile says what is shown.
  const identity = profileDecides ? fallback : permittedIdentity(requested, allowed, fallback);
  const display = `${user.firstName} ${user.lastName}`.trim();
  const recorded = await expectRecording(ctx, user, effective?.profile ?? null, call && { ...call, direction: 'outgoing' });
  const record = recorded ? '1' : '0';
  return identity.kind === 'hidden'
    ? { identity: 'anonymous', display: 'Anonymous', privacy: '1', record }
    : { identity: identity.number, display, privacy: '0', record };
}

const EMPTY_ROUTE: Omit<PbxRoute, 'kind'> = {
  ring: '',
  noanswer_after: '0',
  noanswer_target: '',
  busy_target: '',
  unreachable_target: '',
  target: '',
  status: '480',
  called_type: 'internal',
  record: '0',
  forward_reason: 'unconditional',
  ring_delays: '',
  mobile: '',
  mobile_delay: '0',
  own_mobile: '',
  callee: '',
  queue_mobiles: '',
  queue_mobile_owners: '',
};

/**
 * A SIP user part the PBX can route for a redirect target. The forwarding user's own mobile
 * number stays a number: the PBX sends it out through the trunk (`own_mobile`), not back to
 * the user.
 */
async function targetUser(ctx: ServerContext, target: RedirectTarget, forwarding: UserRecord): Promise<string> {
  switch (target.kind) {
    case 'voicemail':
      return ctx.config.voicemailUser;
    case 'number': {
      if (forwarding.numbers.mobile && numberKey(forwarding.numbers.mobile) === numberKey(target.number)) return forwarding.numbers.mobile;
      // Tenancy: a short number is the forwarding user's company's extension.
      const owner = await ctx.store.findNumberIn(forwarding.companyId, target.number);
      if (owner?.userId) {
        const user = await ctx.store.getUser(owner.userId);
        if (user) return user.sipUser;
      }
      return target.number;
    }
    case 'message':
      return `message-${target.messageId}`;
    case 'application':
      return `app-${target.applicationId}`;
  }
}

/** Whether the action rings a device the PBX reaches itself (softphone, desk phones); the mobile leg is routed out. */
function ringsHere(action: CallAction): boolean {
  return action.kind === 'ring' && action.legs.some((leg) => leg.device !== 'mobile');
}

/** The mobile leg of a ring action, when the user has a mobile to ring. */
function mobileLeg(user: UserRecord, action: CallAction): RingLeg | null {
  if (action.kind !== 'ring' || !user.numbers.mobile) return null;
  return action.legs.find((leg) => leg.device === 'mobile') ?? null;
}

/**
 * The addresses of record to ring for the devices the legs name, each with its leg's delay:
 * the user's own SIP account (every softphone install registers there) and each desk phone's
 * account. (The mobile leg goes out through the trunk: `mobileLeg`.)
 */
async function ringAors(ctx: ServerContext, user: UserRecord, action: CallAction): Promise<{ aor: string; delay: number }[]> {
  if (action.kind !== 'ring') return [];
  const delayOf = (device: string): number | null => {
    const legs = action.legs.filter((leg) => leg.device === device);
    return legs.length === 0 ? null : Math.min(...legs.map((leg) => leg.delaySeconds));
  };
  const aors: { aor: string; delay: number }[] = [];
  const softphone = delayOf('softphone');
  if (softphone !== null && user.softphoneEnabled) aors.push({ aor: user.sipUser, delay: softphone });
  const deskphone = delayOf('deskphone');
  if (deskphone !== null) for (const device of await ctx.store.listDevices(user.id)) aors.push({ aor: device.sipUser, delay: deskphone });
  return aors;
}

/** `ring` and `ring_delays` of a route answer (delays empty when everything rings at once). */
function ringFields(aors: { aor: string; delay: number }[]): Pick<PbxRoute, 'ring' | 'ring_delays'> {
  return {
    ring: aors.map((entry) => entry.aor).join(','),
    ring_delays: aors.some((entry) => entry.delay > 0) ? aors.map((entry) => String(entry.delay)).join(',') : '',
  };
}

/** Where an exception's action sends the call: a redirect target, or the mobile for a ring that includes it. */
async function actionTarget(ctx: ServerContext, user: UserRecord, action: CallAction): Promise<string> {
  if (action.kind === 'redirect') return targetUser(ctx, action.target, user);
  if (mobileLeg(user, action) && user.numbers.mobile) return user.numbers.mobile;
  return '';
}

async function routeToUser(
  ctx: ServerContext,
  user: UserRecord,
  calledType: CalledNumberType,
  busy: boolean,
  call: AskedCall | null,
): Promise<PbxRoute> {
  const { effective } = await effectiveFor(ctx.store, user, ctx.now());
  if (!effective) {
    // No profile: a plain phone line that rings every device the user has.
    const everything: CallAction = { kind: 'ring', legs: [{ device: 'softphone', delaySeconds: 0 }, { device: 'deskphone', delaySeconds: 0 }], ringSeconds: null };
    return { ...EMPTY_ROUTE, kind: 'user', ...ringFields(await ringAors(ctx, user, everything)), called_type: calledType, own_mobile: user.numbers.mobile ?? '', callee: user.sipUser };
  }
  const decision = decideIncomingCall({
    profile: effective.profile,
    calledNumberType: calledType,
    viaQueue: null,
    phoneState: busy ? 'in_call' : 'idle',
  });
  const route: PbxRoute = {
    ...EMPTY_ROUTE,
    kind: 'user',
    called_type: calledType,
    busy_target: await actionTarget(ctx, user, decision.busy),
    unreachable_target: await actionTarget(ctx, user, decision.unreachable),
    status: decision.unreachable.kind === 'reject' ? String(decision.unreachable.status) : '480',
    own_mobile: user.numbers.mobile ?? '',
    callee: user.sipUser,
  };
  const now = decision.now;
  if (now.kind === 'reject') return { ...route, kind: 'reject', status: String(now.status) };
  // In another call (on any device) the busy rule is what happens now: say so to the PBX.
  const reason = busy && decision.now === decision.busy ? 'user-busy' : 'unconditional';
  if (now.kind === 'redirect') return { ...route, kind: 'forward', target: await targetUser(ctx, now.target, user), forward_reason: reason };
  const mobile = mobileLeg(user, now);
  if (!ringsHere(now) && !mobile) return { ...route, kind: 'reject', status: '480' };
  // The mobile leg rings through the carrier trunk beside (or instead of) the devices here.
  if (mobile && user.numbers.mobile) Object.assign(route, { mobile: user.numbers.mobile, mobile_delay: String(mobile.delaySeconds) });
  // Nothing to ring (desk phones only, none provisioned) is "not registered": the unreachable rule.
  Object.assign(route, ringFields(await ringAors(ctx, user, now)));
  // The call rings this user: recorded when the profile in effect now (its start) says so.
  if (await expectRecording(ctx, user, effective.profile, call && { ...call, direction: 'incoming' })) route.record = '1';
  if (decision.noAnswer) {
    route.noanswer_after = String(decision.noAnswer.afterSeconds);
    route.noanswer_target = await actionTarget(ctx, user, decision.noAnswer.action);
  } else if (now.ringSeconds !== null) {
    route.noanswer_after = String(now.ringSeconds);
  }
  return route;
}

/**
 * The addresses of record that ring for a queue call now: each active member's devices as their
 * profile's queue policy names them (seed 000: "specific devices that should be active in the
 * queues"), members in another call without call waiting left out.
 */
async function activeQueueAors(ctx: ServerContext, queue: QueueRecord): Promise<{ aors: string[]; mobiles: { number: string; owner: string }[] }> {
  const aors: string[] = [];
  const mobiles: { number: string; owner: string }[] = [];
  const now = ctx.now();
  for (const memberId of queue.memberIds) {
    const user = await ctx.store.getUser(memberId);
    if (!user || user.disabled) continue;
    const { effective } = await effectiveFor(ctx.store, user, now);
    const profile: Profile | null = effective?.profile ?? null;
    const status = queueStatuses({ queues: [{ ...queue }], profile, overrides: user.queueOverrides })[queue.id] ?? 'active';
    if (status !== 'active') continue;
    const phoneState = ctx.calls.inCall(user.id) ? 'in_call' : 'idle';
    // The admin's choice of this member's devices for this queue (issue 13) wins over the profile's.
    const devices = queue.memberDevices?.[memberId];
    const action: CallAction = profile
      ? decideIncomingCall({ profile, calledNumberType: 'internal', viaQueue: { queueId: queue.id, status, ...(devices ? { devices } : {}) }, phoneState }).now
      : phoneState === 'idle'
        ? { kind: 'ring', legs: (devices ?? ['softphone', 'deskphone']).map((device) => ({ device, delaySeconds: 0 })), ringSeconds: null }
        : { kind: 'reject', status: 486, reason: 'Busy' };
    aors.push(...(await ringAors(ctx, user, action)).map((entry) => entry.aor));
    // "Queue calls ring your mobile": a leg out through the trunk, answered as this member.
    if (mobileLeg(user, action) && user.numbers.mobile) mobiles.push({ number: user.numbers.mobile, owner: user.sipUser });
  }
  return { aors, mobiles };
}

/** A queue's route answer: its active members' devices (and mobiles) ring, or 480 when nobody is active. */
async function queueRoute(ctx: ServerContext, queue: QueueRecord): Promise<PbxRoute> {
  const { aors, mobiles } = await activeQueueAors(ctx, queue);
  if (aors.length === 0 && mobiles.length === 0) return { ...EMPTY_ROUTE, kind: 'reject', status: '480', called_type: 'queue' };
  return {
    ...EMPTY_ROUTE,
    kind: 'queue',
    ring: aors.join(','),
    queue_mobiles: mobiles.map((mobile) => mobile.number).join(','),
    queue_mobile_owners: mobiles.map((mobile) => mobile.owner).join(','),
    called_type: 'queue',
  };
}

export async function routeFor(
  ctx: ServerContext,
  dialled: string,
  busy: boolean,
  call: AskedCall | null = null,
  asked: { from?: string; via?: string } = {},
): Promise<PbxRoute> {
  const destination = await destinationRoute(ctx, dialled, asked.from, asked.via, call?.sipCallId ?? '');
  if (destination) return destination;
  // A forward to voicemail reaches the mailbox of whoever forwarded it (pbx-voicemail.ts).
  if (dialled === ctx.config.voicemailUser) return voicemailRoute(ctx, asked.via || null, call?.sipCallId ?? null, EMPTY_ROUTE);
  // Tenancy (pbx-tenancy.ts): public numbers for everyone, the rest in the caller's company.
  const { entry, userByName } = await lookupDialled(ctx, dialled, asked.from || null, call);
  if (entry?.queueId) {
    const queue = await ctx.store.getQueue(entry.queueId);
    if (!queue) return { ...EMPTY_ROUTE, kind: 'unknown', status: '404' };
    return queueRoute(ctx, queue);
  }
  let user: UserRecord | null = null;
  let calledType: CalledNumberType = 'internal';
  if (entry?.type === 'main' && !entry.userId) {
    // The company's main number: where the admin sends it (pbx-main-number.ts).
    const main = await mainNumberTarget(ctx, entry.companyId);
    if (main.kind === 'nobody') return { ...EMPTY_ROUTE, kind: 'reject', status: '480' };
    if (main.kind === 'queue') return queueRoute(ctx, main.queue);
    if (main.kind === 'application') return { ...EMPTY_ROUTE, kind: 'application', target: main.application.sipUri };
    // A user: their profile decides, as for a call to their landline.
    user = main.user;
    calledType = 'landline';
  } else if (entry?.userId) {
    user = await ctx.store.getUser(entry.userId);
    calledType = entry.type === 'landline' || entry.type === 'mobile' ? entry.type : 'internal';
  } else {
    user = userByName;
  }
  if (user && !user.disabled) {
    const route = await routeToUser(ctx, user, calledType, busy || ctx.calls.inCall(user.id), call);
    rememberRoute(ctx, call, dialled, user, route);
    return route;
  }
  // A number of ours (the main number) never goes out as external; short numbers only go out when nothing here has them.
  if (!user && !entry && /^\+?\d{3,15}$/.test(dialled)) return { ...EMPTY_ROUTE, kind: 'external', target: dialled, status: '404' };
  return { ...EMPTY_ROUTE, kind: 'unknown', status: '404' };
}
