import type { CallView } from '../../../../shared/ipc';

/** The other party as the call card and its controls' labels name them. */
export function partyName(call: CallView): string {
  return call.party.displayName ? `${call.party.displayName} (${call.party.number})` : call.party.number;
}
