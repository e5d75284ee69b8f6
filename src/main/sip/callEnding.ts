/**
 * Ending a call the way its state requires: BYE once it is connected, CANCEL while our INVITE
 * is unanswered, a final response to an incoming call that is still ringing. Hanging up,
 * declining, signing out and losing the media all end calls through `endCall`; they differ
 * only in the words recorded and the status a ringing call is turned away with.
 */
import { SessionState, type Invitation, type Inviter } from 'sip.js';
import type { CallRecord } from './callRecord';
import { text, type Text } from '../../shared/text';

/** What the call's record says afterwards (unset fields stay as they are). */
interface Words {
  outcome?: CallRecord['outcome'];
  endReason?: Text;
}

export interface Ending {
  /** Connected: BYE. */
  connected: Words;
  /** Outgoing, not answered yet: CANCEL. */
  calling: Words;
  /** Incoming, not answered yet: this final response. */
  ringing: Words & {
    statusCode: number;
    reasonPhrase: string;
    /** Refuse ("This call is not ringing") once the call is being answered. */
    onlyWhileRinging?: boolean;
  };
}

/** Declining a ringing call: 603, which the PBX treats like busy (the busy rule applies). */
const DECLINE: Ending['ringing'] = {
  outcome: 'declined',
  endReason: text('callEnd.youDeclined'),
  statusCode: 603,
  reasonPhrase: 'Decline',
  onlyWhileRinging: true,
};

export const HANG_UP: Ending = {
  connected: { endReason: text('callEnd.youHungUp') },
  calling: { outcome: 'cancelled', endReason: text('callEnd.cancelled') },
  ringing: DECLINE,
};

/** A ringing call is turned away as "not available" (480), so the PBX's unreachable rule applies. */
export const SIGN_OUT: Ending = {
  ...HANG_UP,
  ringing: {
    outcome: 'missed',
    endReason: text('callEnd.signedOutRinging'),
    statusCode: 480,
    reasonPhrase: 'Temporarily Unavailable',
    onlyWhileRinging: true,
  },
};

/** The words are set by the caller before (the ended call is reported as it was). */
export const LOST_MEDIA: Ending = {
  connected: {},
  calling: {},
  ringing: { statusCode: 480, reasonPhrase: 'Temporarily Unavailable' },
};

function record(call: CallRecord, words: Words): void {
  if (words.outcome !== undefined) call.outcome = words.outcome;
  if (words.endReason !== undefined) call.endReason = words.endReason;
}

/** Ends `call` as its state requires; a call already ending or ended is left alone. */
export async function endCall(call: CallRecord, ending: Ending): Promise<void> {
  const session = call.session;
  if (session.state === SessionState.Established) {
    record(call, ending.connected);
    await session.bye();
    return;
  }
  if (session.state !== SessionState.Initial && session.state !== SessionState.Establishing) return;
  if (call.direction === 'outgoing') {
    record(call, ending.calling);
    await (session as Inviter).cancel();
    return;
  }
  const { statusCode, reasonPhrase, onlyWhileRinging } = ending.ringing;
  if (onlyWhileRinging && session.state !== SessionState.Initial) throw new Error('This call is not ringing');
  record(call, ending.ringing);
  await (session as Invitation).reject({ statusCode, reasonPhrase });
}
