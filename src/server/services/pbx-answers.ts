/**
 * The answers to the PBX's questions (src/shared/pbx.ts), computed with the shared rules and
 * the profile in effect now, so a call the PBX handles (client offline, no answer, busy) goes
 * exactly where the client would have sent it.
 */
import type { CalledNumberType, Profile, RedirectTarget } from '../../shared/model';
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
import { md5 } from '../security/secrets';
import type { ServerContext } from './context';
import { effectiveFor } from './effective';
import { expectRecording } from './recordings';
import { allowedCallerIds } from './snapshot';
import { lookupDialled, rememberRoute } from './pbx-tenancy';

/**
 * The digest HA1 for a SIP account: a user's own (their softphones) or one of their desk phones.
 * `owner` names the user the account belongs to. A disabled user's accounts all answer 404; a
 * user without the softphone keeps their desk phones.
 */
export async function credentialsFor(ctx: ServerContext, sipUser: string): Promise<PbxCredentials | null> {
  const user = await ctx.store.findUserByUserName(sipUser);
  if (user) {
    if (user.disabled || !user.softphoneEnabled) return null;
    const realm = realmOf(ctx.config);
    // Digest user names are case-sensitive: HA1 uses the stored spelling, which the client gets too.
    return { user: user.userName, realm, ha1: md5(`${user.userName}:${realm}:${user.sipPassword}`), owner: user.userName };
  }
  const device = await ctx.store.findDeviceBySipUser(sipUser);
  if (!device) return null;
  const owner = await ctx.store.getUser(device.userId);
  if (!owner || owner.disabled) return null;
  return { user: device.sipUser, realm: device.realm, ha1: device.ha1, owner: owner.userName };
}

/** The user a SIP account (a user's own or a desk phone's) belongs to. */
export async function ownerOfSipUser(ctx: ServerContext, sipUser: string): Promise<UserRecord | null> {
  const user = await ctx.store.findUserByUserName(sipUser);
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
  const user = await ctx.store.findUserByUserName(sipUser);
  if (!user || user.disabled) return null;
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
  });
  const identity = permittedIdentity(requested, allowed, fallback);
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
};

/** A SIP user part the PBX can route for a redirect target of a user of `companyId`. */
async function targetUser(ctx: ServerContext, target: RedirectTarget, companyId: string): Promise<string> {
  switch (target.kind) {
    case 'voicemail':
      return ctx.config.voicemailUser;
    case 'number': {
      // Tenancy: a short number is the forwarding user's company's extension.
      const owner = await ctx.store.findNumberIn(companyId, target.number);
      if (owner?.userId) {
        const user = await ctx.store.getUser(owner.userId);
        if (user) return user.userName;
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

/**
 * The addresses of record to ring for the devices the legs name: the user's own SIP account
 * (every softphone install registers there) and each desk phone's account. Every leg rings at
 * once: a leg's delay is the destinations issue's business (serial forking), not done here.
 */
async function ringAors(ctx: ServerContext, user: UserRecord, action: CallAction): Promise<string[]> {
  if (action.kind !== 'ring') return [];
  const devices = new Set(action.legs.map((leg) => leg.device));
  const aors: string[] = [];
  if (devices.has('softphone') && user.softphoneEnabled) aors.push(user.userName);
  if (devices.has('deskphone')) for (const device of await ctx.store.listDevices(user.id)) aors.push(device.sipUser);
  return aors;
}

/** Where an exception's action sends the call: a redirect target, or the mobile for a mobile-only ring. */
async function actionTarget(ctx: ServerContext, user: UserRecord, action: CallAction): Promise<string> {
  if (action.kind === 'redirect') return targetUser(ctx, action.target, user.companyId);
  if (action.kind === 'ring' && !ringsHere(action) && user.numbers.mobile) return user.numbers.mobile;
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
    return { ...EMPTY_ROUTE, kind: 'user', ring: (await ringAors(ctx, user, everything)).join(','), called_type: calledType };
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
  };
  const now = decision.now;
  if (now.kind === 'reject') return { ...route, kind: 'reject', status: String(now.status) };
  // In another call (on any device) the busy rule is what happens now: say so to the PBX.
  const reason = busy && decision.now === decision.busy ? 'user-busy' : 'unconditional';
  if (now.kind === 'redirect') return { ...route, kind: 'forward', target: await targetUser(ctx, now.target, user.companyId), forward_reason: reason };
  if (!ringsHere(now)) {
    const mobile = await actionTarget(ctx, user, now);
    return mobile ? { ...route, kind: 'forward', target: mobile, forward_reason: reason } : { ...route, kind: 'reject', status: '480' };
  }
  // Nothing to ring (desk phones only, none provisioned) is "not registered": the unreachable rule.
  route.ring = (await ringAors(ctx, user, now)).join(',');
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
async function activeQueueAors(ctx: ServerContext, queue: QueueRecord): Promise<string[]> {
  const aors: string[] = [];
  const now = ctx.now();
  for (const memberId of queue.memberIds) {
    const user = await ctx.store.getUser(memberId);
    if (!user || user.disabled) continue;
    const { effective } = await effectiveFor(ctx.store, user, now);
    const profile: Profile | null = effective?.profile ?? null;
    const status = queueStatuses({ queues: [{ ...queue }], profile, overrides: user.queueOverrides })[queue.id] ?? 'active';
    if (status !== 'active') continue;
    const phoneState = ctx.calls.inCall(user.id) ? 'in_call' : 'idle';
    const action: CallAction = profile
      ? decideIncomingCall({ profile, calledNumberType: 'internal', viaQueue: { queueId: queue.id, status }, phoneState }).now
      : phoneState === 'idle'
        ? { kind: 'ring', legs: [{ device: 'softphone', delaySeconds: 0 }, { device: 'deskphone', delaySeconds: 0 }], ringSeconds: null }
        : { kind: 'reject', status: 486, reason: 'Busy' };
    aors.push(...(await ringAors(ctx, user, action)));
  }
  return aors;
}

export async function routeFor(
  ctx: ServerContext,
  dialled: string,
  busy: boolean,
  call: AskedCall | null = null,
  from: string | null = null,
): Promise<PbxRoute> {
  // Tenancy (pbx-tenancy.ts): public numbers for everyone, the rest in the caller's company.
  const { entry, userByName } = await lookupDialled(ctx, dialled, from, call);
  if (entry?.queueId) {
    const queue = await ctx.store.getQueue(entry.queueId);
    if (!queue) return { ...EMPTY_ROUTE, kind: 'unknown', status: '404' };
    const aors = await activeQueueAors(ctx, queue);
    if (aors.length === 0) return { ...EMPTY_ROUTE, kind: 'reject', status: '480', called_type: 'queue' };
    return { ...EMPTY_ROUTE, kind: 'queue', ring: aors.join(','), called_type: 'queue' };
  }
  let user: UserRecord | null = null;
  let calledType: CalledNumberType = 'internal';
  if (entry?.userId) {
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
