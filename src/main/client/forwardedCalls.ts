/**
 * Calls the PBX forwarded for this user by the profile's rules reach the client through sync
 * (snapshot key `pbxCalls`), since the softphone may never have rung. New ones (not in the
 * previous snapshot) become incoming history entries: "Forwarded to voicemail", with why.
 * Only new ones, so a cleared history does not fill up again on the next push.
 */
import type { HistoryEntry } from '../../shared/ipc';
import type { PbxCallEvent, UserSnapshot } from '../../shared/model';
import { readableTarget } from '../sip/forwarding';
import { HISTORY_LIMIT } from './persistedState';

const REASONS: Record<PbxCallEvent['reason'], string> = {
  profile: 'Your profile forwards calls',
  noanswer: 'Not answered in time',
  busy: 'You were busy',
  unreachable: 'Your softphone was not reachable',
};

/** Forwarded calls in `after` that `before` did not have. */
export function newForwardedCalls(
  before: UserSnapshot | null,
  after: UserSnapshot,
): PbxCallEvent[] {
  const known = new Set((before?.pbxCalls ?? []).map((call) => call.id));
  return (after.pbxCalls ?? []).filter((call) => !known.has(call.id));
}

export function forwardedCallEntry(call: PbxCallEvent): HistoryEntry {
  return {
    id: call.id,
    direction: 'incoming',
    party: { number: call.from, displayName: null },
    calledNumber: call.calledNumber,
    startedAt: call.at,
    answeredAt: null,
    endedAt: call.at,
    outcome: 'forwarded',
    forwardedTo: readableTarget(call.target),
    reason: REASONS[call.reason],
  };
}

/** History with the calls merged in: de-duplicated by id, newest first, capped. */
export function withForwardedCalls(
  history: readonly HistoryEntry[],
  calls: readonly PbxCallEvent[],
): HistoryEntry[] {
  const ids = new Set(history.map((entry) => entry.id));
  const added = calls.filter((call) => !ids.has(call.id)).map(forwardedCallEntry);
  if (added.length === 0) return [...history];
  return [...added, ...history]
    .sort((a, b) => Date.parse(b.startedAt) - Date.parse(a.startedAt))
    .slice(0, HISTORY_LIMIT);
}
