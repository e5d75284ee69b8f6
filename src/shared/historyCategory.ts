/**
 * What a history entry means to the user (issue 14, "History that is right"), from the outcome
 * main recorded and, for entries stored by older versions, the reason it kept:
 *
 * - missed: an incoming call nobody here answered: it rang out, the caller gave up, it went to
 *   voicemail or elsewhere unanswered (the PBX's forward), or it was turned away (busy rule,
 *   not available) without the user choosing so;
 * - declined: the user pressed Decline (even when the PBX then forwarded the call);
 * - transferred: the user transferred the call (blind or attended), never "forwarded";
 * - answered: talked (an outgoing call the callee's profile forwarded counts when answered);
 * - forwarded: an outgoing call the callee's profile sent elsewhere, unanswered;
 * - busy / failed / cancelled: outgoing calls that did not connect; "elsewhere" is an incoming
 *   queue call a colleague answered first.
 *
 * The missed badge counts `missed` entries that started after the user last looked.
 */
import type { HistoryEntry } from './ipc';

type HistoryCategory =
  | 'missed'
  | 'declined'
  | 'transferred'
  | 'answered'
  | 'forwarded'
  | 'busy'
  | 'failed'
  | 'cancelled'
  | 'elsewhere';

type Entry = Pick<HistoryEntry, 'direction' | 'outcome' | 'answeredAt' | 'reason'>;

function reasonKey(entry: Entry): string | null {
  const reason = entry.reason;
  return reason && typeof reason === 'object' && 'key' in reason ? reason.key : null;
}

export function historyCategory(entry: Entry): HistoryCategory {
  const key = reasonKey(entry);
  if (entry.outcome === 'declined' || key === 'callEnd.youDeclined') return 'declined';
  if (entry.outcome === 'transferred') return 'transferred';
  if (entry.direction === 'incoming') {
    if (entry.outcome === 'cancelled') return key === 'callEnd.answeredElsewhere' ? 'elsewhere' : 'missed';
    if (entry.answeredAt || entry.outcome === 'answered') return 'answered';
    return 'missed';
  }
  switch (entry.outcome) {
    case 'answered':
    case 'missed':
      return entry.answeredAt ? 'answered' : 'failed';
    case 'rejected':
    case 'busy':
      return 'busy';
    case 'forwarded':
      return entry.answeredAt ? 'answered' : 'forwarded';
    case 'failed':
      return 'failed';
    case 'cancelled':
      return 'cancelled';
  }
}

/** Missed calls that started after `seenAt` (all of them when the user never looked). */
export function unseenMissed(
  history: readonly (Entry & Pick<HistoryEntry, 'startedAt'>)[],
  seenAt: string | null | undefined,
): number {
  const since = seenAt ? Date.parse(seenAt) : -Infinity;
  return history.filter((entry) => historyCategory(entry) === 'missed' && Date.parse(entry.startedAt) > since).length;
}
