/** Questions the shell asks about the calls slice, answered the same way everywhere. */
import type { CallView, ClientSnapshot } from '../../shared/ipc';
import type { Language } from '../../shared/model';
import { format } from '../../shared/i18n';
import { describeParty } from '../../shared/people';

export const isLive = (call: CallView): boolean => call.state !== 'ended';

export const isRinging = (call: CallView): boolean => call.direction === 'incoming' && call.state === 'incoming';

export const ringingCall = (calls: readonly CallView[]): CallView | undefined => calls.find(isRinging);

/** The call "hang up" means: the one in progress (not held) first, then any live one that is not ringing in. */
export function callToHangUp(calls: readonly CallView[]): CallView | undefined {
  const live = calls.filter((call) => isLive(call) && !isRinging(call));
  return live.find((call) => call.state === 'active') ?? live.find((call) => call.state !== 'held') ?? live[0];
}

/** The caller as people read it: the colleague's or presented name and the number formatted (issue 14). */
export function callerLabel(call: CallView, known: Pick<ClientSnapshot, 'people' | 'settings'>, language: Language): string {
  const { name, number } = describeParty(call.party, known.people, known.settings.countryCode);
  if (!name && !number) return format(language, call.party.number === 'anonymous' ? 'party.withheld' : 'party.unknown');
  if (!name) return number;
  return number ? `${name} (${number})` : name;
}
