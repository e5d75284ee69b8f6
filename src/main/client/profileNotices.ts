/**
 * Sentences for changes the user did not make themselves: an administrator's template apply or
 * edit, and the fallback when the profile they had chosen no longer exists, e.g.
 * "Your administrator updated your profiles: added Focus, removed Meeting; Meeting no longer
 * exists, now Available".
 */
import type { Profile } from '../../shared/model/profile';

export interface ProfileSetDiff {
  added: string[];
  removed: string[];
  changed: string[];
}

export function diffProfiles(
  before: readonly Profile[],
  after: readonly Profile[],
): ProfileSetDiff {
  const beforeById = new Map(before.map((p) => [p.id, p]));
  const afterIds = new Set(after.map((p) => p.id));
  const beforeNames = new Set(before.map((p) => p.name));
  const afterNames = new Set(after.map((p) => p.name));
  const added: string[] = [];
  const changed: string[] = [];
  for (const profile of after) {
    const old = beforeById.get(profile.id);
    if (old === undefined) {
      // A template apply gives profiles new ids; a profile that keeps its name was replaced, not added.
      if (beforeNames.has(profile.name)) changed.push(profile.name);
      else added.push(profile.name);
    } else if (JSON.stringify(old) !== JSON.stringify(profile)) {
      changed.push(profile.name);
    }
  }
  const removed = before
    .filter((p) => !afterIds.has(p.id) && !afterNames.has(p.name))
    .map((p) => p.name);
  return { added, removed, changed };
}

export function isEmptyDiff(diff: ProfileSetDiff): boolean {
  return diff.added.length + diff.removed.length + diff.changed.length === 0;
}

function list(names: readonly string[]): string {
  return names.length <= 3
    ? names.join(', ')
    : `${names.slice(0, 3).join(', ')} and ${names.length - 3} more`;
}

export interface ProfileChangeNoticeInput {
  diff: ProfileSetDiff;
  /** Who or what changed them, as a clause: "Your administrator updated your profiles". */
  lead: string;
  /** The chosen profile that disappeared, and the profile in effect now. */
  fallback: { lost: string; now: string | null } | null;
}

export function profileChangeNotice({ diff, lead, fallback }: ProfileChangeNoticeInput): string {
  const parts: string[] = [];
  if (diff.added.length > 0) parts.push(`added ${list(diff.added)}`);
  if (diff.removed.length > 0) parts.push(`removed ${list(diff.removed)}`);
  if (diff.changed.length > 0) parts.push(`changed ${list(diff.changed)}`);
  let message = parts.length > 0 ? `${lead}: ${parts.join(', ')}` : lead;
  if (fallback !== null) {
    message += `; ${fallback.lost} no longer exists, now ${fallback.now ?? 'no profile'}`;
  }
  return message.slice(0, 500);
}
