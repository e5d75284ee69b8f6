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
import { text, type Text } from '../../shared/text';

const REASONS: Record<PbxCallEvent['reason'], Text> = {
  profile: text('callEnd.pbx.profile'),
  noanswer: text('callEnd.pbx.noanswer'),
  busy: text('callEnd.pbx.busy'),
  unreachable: text('callEnd.pbx.unreachable'),
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
    sipCallId: call.sipCallId ?? null,
  };
}

/**
 * The softphone's own entry of a call the PBX then forwarded (it rang: missed, busy, signed
 * out) with the PBX's word on where the call went; keeps the softphone's id and times.
 */
export function mergedWithForward(own: HistoryEntry, forwarded: HistoryEntry): HistoryEntry {
  // Declining makes the PBX apply the busy rule: the call was still declined, not "you were busy".
  if (own.outcome === 'declined') return { ...own, forwardedTo: forwarded.forwardedTo };
  return {
    ...own,
    outcome: 'forwarded',
    forwardedTo: forwarded.forwardedTo,
    reason: forwarded.reason,
  };
}

/** The entry in `history` for the same SIP call as `entry` (another id), if any. */
export function sameSipCall(
  history: readonly HistoryEntry[],
  entry: HistoryEntry,
): HistoryEntry | undefined {
  if (!entry.sipCallId) return undefined;
  return history.find((h) => h.id !== entry.id && h.sipCallId === entry.sipCallId);
}

/**
 * History with the calls merged in: de-duplicated by id, a call the softphone already has (same
 * SIP Call-ID) updated in place, newest first, capped.
 */
export function withForwardedCalls(
  history: readonly HistoryEntry[],
  calls: readonly PbxCallEvent[],
): HistoryEntry[] {
  const ids = new Set(history.map((entry) => entry.id));
  let merged = [...history];
  const added: HistoryEntry[] = [];
  for (const call of calls) {
    if (ids.has(call.id)) continue;
    const entry = forwardedCallEntry(call);
    const own = sameSipCall(merged, entry);
    if (own) merged = merged.map((h) => (h === own ? mergedWithForward(own, entry) : h));
    else added.push(entry);
  }
  return [...added, ...merged]
    .sort((a, b) => Date.parse(b.startedAt) - Date.parse(a.startedAt))
    .slice(0, HISTORY_LIMIT);
}
