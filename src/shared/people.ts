/**
 * Colleagues and the parties of calls (issue 14, "People, not numbers"): who a number or SIP
 * identity is in the company directory, a number written for reading, and the pushed presence
 * list kept up to date. Pure: main (OS notifications) and the renderer (call cards, history,
 * directory) use the same answers.
 */
import { compactNumber, formatForDisplay, looksLikeNumber, numberKey, toE164 } from './phone';
import type { Colleague } from './server-api';

type Presence = { complete: boolean; people: Colleague[]; removed: string[] };

export function colleagueName(colleague: Pick<Colleague, 'firstName' | 'lastName' | 'userName'>): string {
  return `${colleague.firstName} ${colleague.lastName}`.trim() || colleague.userName;
}

function byName(a: Colleague, b: Colleague): number {
  return colleagueName(a).localeCompare(colleagueName(b));
}

/** The list after a presence message: replaced when complete, else changed ones replaced, removed ones dropped. */
export function withPresence(people: readonly Colleague[], presence: Presence): Colleague[] {
  if (presence.complete) return [...presence.people].sort(byName);
  const changed = new Map(presence.people.map((p) => [p.id, p]));
  const removed = new Set(presence.removed);
  const kept = people.filter((p) => !removed.has(p.id)).map((p) => changed.get(p.id) ?? p);
  const known = new Set(kept.map((p) => p.id));
  return [...kept, ...presence.people.filter((p) => !known.has(p.id))].sort(byName);
}

/**
 * The colleague a call's party is: by any of their numbers (any spelling: `+46 8 123 45 67`,
 * `08-1234567`, the extension) or by their SIP user name. Undefined for outsiders.
 */
function findColleague(
  people: readonly Colleague[],
  party: string,
  countryCode?: string,
): Colleague | undefined {
  const trimmed = party.trim();
  if (!trimmed) return undefined;
  const user = trimmed.replace(/^sips?:/i, '').split('@')[0] ?? trimmed;
  if (!looksLikeNumber(user)) return people.find((p) => p.userName.toLowerCase() === user.toLowerCase());
  const key = numberKey(user, countryCode);
  return people.find((p) => {
    const { extension, landline, mobile, extraExtensions } = p.numbers;
    return [extension, landline, mobile, ...extraExtensions].some((n) => n != null && numberKey(n, countryCode) === key);
  });
}

/**
 * A number for reading: national format for the user's own country, international otherwise;
 * extensions and codes as they are; a number without `+` that is a whole phone number is read
 * as one (`46812345678`). Not a number (a SIP user name): unchanged.
 */
export function readableNumber(number: string, countryCode?: string): string {
  const trimmed = number.trim();
  if (!looksLikeNumber(trimmed)) return trimmed;
  const compact = compactNumber(trimmed);
  if (compact.startsWith('+')) return formatForDisplay(compact, countryCode);
  // Extensions and short codes are read as typed; longer digit strings are phone numbers.
  if (compact.replace(/\D/g, '').length < 7) return trimmed;
  const e164 = toE164(compact, countryCode) ?? toE164(`+${compact}`);
  return e164 ? formatForDisplay(e164, countryCode) : trimmed;
}

/** The party as shown: a name when anyone knows one, and the number for reading (empty when unknown). */
export function describeParty(
  party: { number: string; displayName: string | null },
  people: readonly Colleague[],
  countryCode?: string,
): { name: string | null; number: string; colleague: Colleague | undefined } {
  const colleague = findColleague(people, party.number, countryCode) ?? (party.displayName ? findColleague(people, party.displayName, countryCode) : undefined);
  const shownNumber = party.number === 'anonymous' ? '' : readableNumber(party.number, countryCode);
  const ownName = party.displayName && party.displayName !== party.number ? party.displayName : null;
  // A display name that is itself a number says nothing more than the number.
  const name = colleague ? colleagueName(colleague) : ownName && !looksLikeNumber(ownName) ? ownName : null;
  return { name, number: shownNumber, colleague };
}
