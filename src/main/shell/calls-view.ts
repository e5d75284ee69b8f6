/** Questions the shell asks about the calls slice, answered the same way everywhere. */
import type { CallView } from '../../shared/ipc';

export const isLive = (call: CallView): boolean => call.state !== 'ended';

export const isRinging = (call: CallView): boolean => call.direction === 'incoming' && call.state === 'incoming';

export const ringingCall = (calls: readonly CallView[]): CallView | undefined => calls.find(isRinging);

/** The call "hang up" means: the one in progress (not held) first, then any live one that is not ringing in. */
export function callToHangUp(calls: readonly CallView[]): CallView | undefined {
  const live = calls.filter((call) => isLive(call) && !isRinging(call));
  return live.find((call) => call.state === 'active') ?? live.find((call) => call.state !== 'held') ?? live[0];
}

export function callerLabel(call: CallView): string {
  const name = call.party.displayName?.trim();
  return name ? `${name} (${call.party.number})` : call.party.number;
}
