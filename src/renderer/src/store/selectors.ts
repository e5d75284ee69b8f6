/**
 * Narrow selectors. Each returns either a primitive or an object that already lives in the
 * store, so components re-render only when that thing changes; derived arrays go through
 * `memoOn`, which recomputes only when its input slice is replaced.
 */
import type { CallView } from '../../../shared/ipc';
import type { Language, Profile } from '../../../shared/model';
import type { SoftphoneState } from './slices';
import { unseenMissed } from '../../../shared/historyCategory';
import { callEndNotice } from '../../../shared/callEndNotice';

function memoOn<I, O>(input: (s: SoftphoneState) => I, compute: (value: I) => O): (s: SoftphoneState) => O {
  let lastInput: I | typeof unset = unset;
  let lastOutput: O;
  return (s) => {
    const value = input(s);
    if (value !== lastInput) {
      lastInput = value;
      lastOutput = compute(value);
    }
    return lastOutput;
  };
}
const unset = Symbol('unset');

const liveStates = new Set<CallView['state']>(['dialing', 'ringing', 'early', 'active', 'held']);

/** The incoming call waiting for an answer (the oldest one, when several ring at once). */
export const selectRingingCall = (s: SoftphoneState): CallView | undefined =>
  s.calls.find((c) => c.direction === 'incoming' && c.state === 'incoming');

/** The call the user is talking on: answered and not held, or the newest outgoing attempt. */
export const selectActiveCall = (s: SoftphoneState): CallView | undefined =>
  s.calls.find((c) => c.state === 'active' && !c.held) ?? s.calls.find((c) => c.direction === 'outgoing' && liveStates.has(c.state) && c.state !== 'held');

export const selectInCall = (s: SoftphoneState): boolean => s.calls.some((c) => liveStates.has(c.state));

/** Calls shown in the call panel: everything not ended and not still waiting to be answered. */
export const selectPanelCalls = memoOn(
  (s) => s.calls,
  (calls) => calls.filter((c) => c.state !== 'ended' && c.state !== 'incoming'),
);

/** Ended calls whose card says why they failed and what to do (issue 14), oldest first. */
export const selectEndedCalls = memoOn(
  (s) => s.calls,
  (calls) =>
    calls.flatMap((call) => {
      const notice = callEndNotice(call);
      return notice ? [{ call, notice }] : [];
    }),
);

export const selectEffectiveProfile = (s: SoftphoneState): Profile | undefined => {
  const effective = s.profiles?.effective;
  return effective ? s.profiles?.profiles.find((p) => p.id === effective.profileId) : undefined;
};

/** Settings win; otherwise the account's language from the server; otherwise English. */
export const selectLanguage = (s: SoftphoneState): Language => s.settings.language ?? s.session.account?.language ?? 'en';

export const selectIsAdmin = (s: SoftphoneState): boolean => s.session.account?.role === 'admin';

/** The last distinct numbers the user talked to, newest first, for the dialer. */
export const selectRecentNumbers = memoOn(
  (s) => s.history,
  (history) => {
    const seen = new Set<string>();
    const recent: { number: string; displayName: string | null }[] = [];
    const newestFirst = [...history].sort((a, b) => b.startedAt.localeCompare(a.startedAt));
    for (const entry of newestFirst) {
      if (seen.has(entry.party.number)) continue;
      seen.add(entry.party.number);
      recent.push(entry.party);
      if (recent.length === 8) break;
    }
    return recent;
  },
);

export const selectSortedHistory = memoOn(
  (s) => s.history,
  (history) => [...history].sort((a, b) => b.startedAt.localeCompare(a.startedAt)),
);

/** Missed calls since the user last looked at their history (the History tab's badge). */
export const selectUnseenMissed = (s: SoftphoneState): number => unseenMissedOf(s.history, s.settings.historySeenAt);
const unseenMissedOf = (() => {
  let last: { history: unknown; seenAt: unknown; count: number } | null = null;
  return (history: SoftphoneState['history'], seenAt: string | null | undefined): number => {
    if (last?.history !== history || last.seenAt !== seenAt) last = { history, seenAt, count: unseenMissed(history, seenAt) };
    return last.count;
  };
})();
