/**
 * A call that fails says why on its card (issue 14): what happened (the call's end reason, in
 * words) and what to do about it. Calls that ended the ordinary way (someone hung up, the user
 * cancelled, declined, transferred) say nothing: history has them.
 */
import type { CallView } from './ipc';
import type { MessageKey, Text } from './text';

/** The advice for each end reason that gets a card; a reason not listed here gets none. */
const ADVICE: Partial<Record<MessageKey, MessageKey>> = {
  'callEnd.notFound': 'callEnd.advice.checkNumber',
  'callEnd.numberGone': 'callEnd.advice.checkNumber',
  'callEnd.incomplete': 'callEnd.advice.checkNumber',
  'callEnd.badRequest': 'callEnd.advice.checkNumber',
  'callEnd.busy': 'callEnd.advice.busy',
  'callEnd.declined': 'callEnd.advice.declined',
  'callEnd.noAnswer': 'callEnd.advice.later',
  'callEnd.notAvailable': 'callEnd.advice.later',
  'callEnd.notAllowed': 'callEnd.advice.notAllowed',
  'callEnd.serviceUnavailable': 'callEnd.advice.pbxDown',
  'callEnd.pbxError': 'callEnd.advice.pbxDown',
  'callEnd.failedStatus': 'callEnd.advice.tryAgain',
  'callEnd.failed': 'callEnd.advice.tryAgain',
  'callEnd.couldNotStart': 'callEnd.advice.tryAgain',
  'callEnd.incompatible': 'callEnd.advice.tryAgain',
  'callEnd.loop': 'callEnd.advice.forwarding',
  'callEnd.tooManyRedirects': 'callEnd.advice.forwarding',
  'callEnd.invalidRedirect': 'callEnd.advice.forwarding',
  'callEnd.noMicrophone': 'callEnd.advice.microphone',
  'callEnd.microphoneRefused': 'callEnd.advice.microphoneRefused',
  'callEnd.noAudioEngine': 'callEnd.advice.restart',
  'callEnd.notConnected': 'callEnd.advice.network',
  'callEnd.audioStopped': 'callEnd.advice.callAgain',
  'callEnd.pathLost': 'callEnd.advice.callAgain',
};

/** Reasons that end a call in progress abnormally: said on the card even after answering. */
const BROKE_OFF = new Set<MessageKey>(['callEnd.audioStopped', 'callEnd.pathLost']);

export interface CallEndNotice {
  /** What happened: the call's end reason. */
  reason: Text;
  /** What to do. */
  advice: MessageKey;
}

/** What the ended call's card says, or null when the call ended the ordinary way. */
export function callEndNotice(call: Pick<CallView, 'direction' | 'state' | 'answeredAt' | 'endReason'>): CallEndNotice | null {
  const reason = call.endReason;
  if (call.state !== 'ended' || !reason) return null;
  const advice = ADVICE[reason.key];
  if (!advice) return null;
  const failedToConnect = call.direction === 'outgoing' && call.answeredAt == null;
  return failedToConnect || BROKE_OFF.has(reason.key) ? { reason, advice } : null;
}
