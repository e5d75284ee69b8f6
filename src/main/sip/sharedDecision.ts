/**
 * Turns the shared incoming-call rule's answer (src/shared/rules/incoming.ts) into what the
 * SIP engine enforces. Redirect targets become SIP user names the same way the profile server
 * names them for the PBX (src/server/services/pbx-answers.ts), so a call forwarded by the
 * client and one forwarded by the PBX end up in the same place.
 */
import type { RedirectTarget } from '../../shared/model';
import type { CallAction, IncomingDecision as RuleDecision } from '../../shared/rules';
import type { IncomingDecision } from './types';

export interface TargetNaming {
  /** The SIP user of the voicemail system (the profile server's `voicemailUser`). */
  voicemailUser: string;
}

export function sipTargetOf(target: RedirectTarget, naming: TargetNaming): string {
  switch (target.kind) {
    case 'number':
      return target.number;
    case 'voicemail':
      return naming.voicemailUser;
    case 'message':
      return `message-${target.messageId}`;
    case 'application':
      return `app-${target.applicationId}`;
  }
}

function actionTarget(action: CallAction, naming: TargetNaming): string | null {
  return action.kind === 'redirect' ? sipTargetOf(action.target, naming) : null;
}

/**
 * `now` decides; a ring that only reaches the mobile is the PBX's business (the softphone
 * must not ring), so the client answers 480 and lets the PBX's unreachable rule apply.
 */
export function engineDecision(decision: RuleDecision, naming: TargetNaming): IncomingDecision {
  const now = decision.now;
  if (now.kind === 'reject') return { action: 'reject', status: now.status, reason: now.reason };
  if (now.kind === 'redirect')
    return { action: 'redirect', target: sipTargetOf(now.target, naming) };
  if (!now.legs.some((leg) => leg.device !== 'mobile'))
    return { action: 'reject', status: 480, reason: 'Not available' };
  const noAnswerTarget = decision.noAnswer ? actionTarget(decision.noAnswer.action, naming) : null;
  return {
    action: 'ring',
    noAnswer:
      decision.noAnswer && noAnswerTarget
        ? { afterSeconds: decision.noAnswer.afterSeconds, target: noAnswerTarget }
        : null,
  };
}
