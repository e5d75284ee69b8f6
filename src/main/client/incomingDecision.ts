/**
 * Turns the shared incoming-call rule's answer into what the SIP engine enforces. The profile
 * is the one in effect at the instant the INVITE arrives (the caller passes it in).
 */
import type { Profile, RedirectTarget } from '../../shared/model/profile';
import type { UserNumbers } from '../../shared/model/directory';
import { decideIncomingCall, rejectReasons, type CallAction } from '../../shared/rules/incoming';
import type { IncomingCallInfo, IncomingDecision } from '../sip/types';

export interface DecisionContext {
  profile: Profile | null;
  numbers: UserNumbers;
  /** SIP user the PBX routes voicemail to (the profile server's `voicemailUser`). */
  voicemailUser: string;
  /** Queue status by the queue's number, for calls that came in through a queue. */
  queueStatusByNumber: (
    calledNumber: string | null,
  ) => { queueId: string; status: 'active' | 'paused' } | null;
}

/** The SIP user part the PBX routes a redirect target to (same spelling as the profile server's). */
function redirectUser(target: RedirectTarget, voicemailUser: string): string {
  switch (target.kind) {
    case 'number':
      return target.number;
    case 'voicemail':
      return voicemailUser;
    case 'message':
      return `message-${target.messageId}`;
    case 'application':
      return `app-${target.applicationId}`;
  }
}

function toEngine(action: CallAction, context: DecisionContext): IncomingDecision {
  switch (action.kind) {
    case 'redirect':
      return { action: 'redirect', target: redirectUser(action.target, context.voicemailUser) };
    case 'reject':
      return { action: 'reject', status: action.status, reason: action.reason };
    case 'ring':
      if (action.legs.some((leg) => leg.device === 'softphone')) return { action: 'ring' };
      // The profile rings other devices only. The PBX then never rings the softphone; this
      // covers a snapshot older than the PBX's answer. Desk phones ring where they are.
      if (action.legs.some((leg) => leg.device === 'deskphone'))
        return { action: 'reject', status: 480, reason: rejectReasons.notAvailable };
      // Only the mobile should ring: send the call there.
      if (context.numbers.mobile !== null)
        return { action: 'redirect', target: context.numbers.mobile };
      return { action: 'reject', status: 480, reason: rejectReasons.notAvailable };
  }
}

export function decideForEngine(
  call: IncomingCallInfo,
  context: DecisionContext,
): IncomingDecision {
  // No profiles yet (nothing applied to the user): behave like a plain phone.
  if (context.profile === null) {
    return call.inCall
      ? { action: 'reject', status: 486, reason: rejectReasons.busy }
      : { action: 'ring' };
  }
  const queue = call.calledType === 'queue' ? context.queueStatusByNumber(call.calledNumber) : null;
  const calledNumberType =
    call.calledType === 'landline' || call.calledType === 'mobile' ? call.calledType : 'internal';
  const decision = decideIncomingCall({
    profile: context.profile,
    calledNumberType,
    viaQueue: queue,
    phoneState: call.inCall ? 'in_call' : 'idle',
  });
  const now = toEngine(decision.now, context);
  // A redirect instead of ringing because the user is in another call is the busy rule; the
  // PBX names it so (Diversion reason user-busy) when it forwards. What happens when a ringing
  // call is not answered is the PBX's alone (it has the same rule in its route answer).
  if (now.action === 'redirect' && decision.now === decision.busy) {
    return { ...now, reason: 'user-busy' };
  }
  return now;
}
