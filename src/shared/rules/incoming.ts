/**
 * What happens to an incoming call (DESIGN.md "Profiles": a pure function of the profile in
 * effect, the called number's type, whether it came through a queue, and the phone's state).
 *
 * Decisions:
 * - Route = `routing[calledNumberType] ?? routing.any`.
 * - 'not_available' means the softphone and desk phone do not ring: a ring route keeps only its
 *   mobile legs (seed 001: a not-available profile may still send calls to the mobile). If no
 *   leg remains, the call goes where the unreachable exception says, else it is rejected 480.
 * - `now` already accounts for the phone's state: in a call without call waiting, a call that
 *   would ring takes the busy rule instead (a redirect route is not affected: it never rings).
 *   `busy` itself is independent of call waiting: it is what the PBX does when a device answers
 *   486, so it must stay meaningful even for profiles that allow call waiting.
 * - A ring gets `ringSeconds` from the no-answer exception; without one it rings until the
 *   caller gives up (null). `noAnswer` is only set when `now` rings.
 * - Targets become actions the same way everywhere: number/voicemail/message/application →
 *   redirect; 'reject' → 480 (486 when used as the busy rule, which is what callers expect to
 *   hear); 'ring' → ring the (availability-filtered) legs. 603 is reserved for a user who
 *   explicitly declines a ringing call, which is not a routing decision.
 * - Queue calls follow the queue policy, not personal routing: paused → 480 so the queue tries
 *   the next member; active → ring the queue devices (`viaQueue.devices` if the caller already
 *   knows them, else `profile.queues.devices`) until the queue gives up. There is no personal
 *   forwarding for queue calls (the queue owns the caller): busy → 486, unreachable → 480.
 *   Availability does not filter queue devices: a profile that should take no queue calls
 *   pauses the queues, which is the explicit setting admins use (seed 000).
 */
import type {
  CalledNumberType,
  Device,
  Profile,
  RedirectTarget,
  RingLeg,
  Target,
} from '../model/profile';
import type { QueueStatus } from '../model/state';

export type CallAction =
  | { kind: 'ring'; legs: RingLeg[]; ringSeconds: number | null }
  | { kind: 'redirect'; target: RedirectTarget }
  | { kind: 'reject'; status: 480 | 486 | 603; reason: string };

export interface IncomingDecision {
  now: CallAction;
  noAnswer: { afterSeconds: number; action: CallAction } | null;
  busy: CallAction;
  unreachable: CallAction;
  calledNumberType: CalledNumberType | 'queue';
}

export interface IncomingCallInput {
  profile: Profile;
  calledNumberType: CalledNumberType;
  viaQueue: { queueId: string; status: QueueStatus; devices?: Device[] } | null;
  phoneState: 'idle' | 'in_call';
}

export const rejectReasons = {
  notAvailable: 'Not available',
  busy: 'Busy',
  pausedInQueue: 'Paused in queue',
  unreachable: 'Unreachable',
} as const;

const reject = (status: 480 | 486, reason: string): CallAction => ({
  kind: 'reject',
  status,
  reason,
});

/** The legs that may ring under the profile's availability (desk phone and softphone drop out). */
function ringableLegs(profile: Profile, legs: readonly RingLeg[]): RingLeg[] {
  return profile.availability === 'not_available'
    ? legs.filter((leg) => leg.device === 'mobile')
    : [...legs];
}

function unreachableAction(profile: Profile): CallAction {
  const target = profile.exceptions.unreachable;
  if (target === null) return reject(480, rejectReasons.unreachable);
  return actionFor(profile, target, {
    rejectStatus: 480,
    whenNothingRings: reject(480, rejectReasons.unreachable),
  });
}

interface ActionOptions {
  rejectStatus: 480 | 486;
  whenNothingRings: CallAction;
  ringSeconds?: number | null;
}

function actionFor(profile: Profile, target: Target, options: ActionOptions): CallAction {
  switch (target.kind) {
    case 'ring': {
      const legs = ringableLegs(profile, target.devices);
      if (legs.length === 0) return options.whenNothingRings;
      return { kind: 'ring', legs, ringSeconds: options.ringSeconds ?? null };
    }
    case 'reject':
      return reject(
        options.rejectStatus,
        options.rejectStatus === 486 ? rejectReasons.busy : rejectReasons.notAvailable,
      );
    case 'number':
    case 'voicemail':
    case 'message':
    case 'application':
      return { kind: 'redirect', target };
  }
}

function busyAction(profile: Profile): CallAction {
  const target = profile.exceptions.busy;
  if (target === null) return reject(486, rejectReasons.busy);
  // A busy rule that rings nothing (e.g. "ring the softphone" on a not-available profile) is busy.
  return actionFor(profile, target, {
    rejectStatus: 486,
    whenNothingRings: reject(486, rejectReasons.busy),
  });
}

function decideQueueCall(
  input: IncomingCallInput,
  viaQueue: NonNullable<IncomingCallInput['viaQueue']>,
): IncomingDecision {
  const busy = reject(486, rejectReasons.busy);
  const unreachable = reject(480, rejectReasons.unreachable);
  let now: CallAction;
  if (viaQueue.status === 'paused') {
    now = reject(480, rejectReasons.pausedInQueue);
  } else if (input.phoneState === 'in_call' && !input.profile.callWaiting) {
    now = busy;
  } else {
    const devices = viaQueue.devices ?? input.profile.queues.devices;
    now = {
      kind: 'ring',
      legs: devices.map((device) => ({ device, delaySeconds: 0 })),
      ringSeconds: null,
    };
  }
  return { now, noAnswer: null, busy, unreachable, calledNumberType: 'queue' };
}

export function decideIncomingCall(input: IncomingCallInput): IncomingDecision {
  if (input.viaQueue !== null) return decideQueueCall(input, input.viaQueue);

  const { profile, calledNumberType } = input;
  const route = profile.routing[calledNumberType] ?? profile.routing.any;
  const unreachable = unreachableAction(profile);
  const busy = busyAction(profile);
  const noAnswerRule = profile.exceptions.noAnswer;

  const routed = actionFor(profile, route, {
    rejectStatus: 480,
    whenNothingRings: unreachable,
    ringSeconds: noAnswerRule?.afterSeconds ?? null,
  });
  // Only a route that actually rings the user's devices can run into "busy" or "no answer";
  // a redirect, a reject or the unreachable fallback never rings here.
  const ringsHere = route.kind === 'ring' && ringableLegs(profile, route.devices).length > 0;
  const takesBusyRule = ringsHere && input.phoneState === 'in_call' && !profile.callWaiting;
  const now = takesBusyRule ? busy : routed;
  const noAnswer =
    ringsHere && !takesBusyRule && noAnswerRule !== null
      ? {
          afterSeconds: noAnswerRule.afterSeconds,
          action: actionFor(profile, noAnswerRule.target, {
            rejectStatus: 480,
            whenNothingRings: unreachable,
          }),
        }
      : null;

  return { now, noAnswer, busy, unreachable, calledNumberType };
}
