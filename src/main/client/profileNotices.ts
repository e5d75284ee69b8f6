/**
 * Sentences for changes the user did not make themselves: an administrator's template apply or
 * edit, and the fallback when the profile they had chosen no longer exists, e.g.
 * "Your administrator updated your profiles: added Focus, removed Meeting; Meeting no longer
 * exists, now Available".
 */
import { definitionOf, type SyncedArgs, type SyncedCommandName } from '../../shared/commands';
import type { Notice } from '../../shared/ipc';
import type { Profile } from '../../shared/model/profile';
import type { UserSnapshot } from '../../shared/model/state';
import type { PendingCommand } from './persistedState';
import type { ProfilesView } from './profilesView';

export interface ProfileSetDiff {
  added: string[];
  removed: string[];
  changed: string[];
}

const fieldsOf = ({ id: _id, ...fields }: Profile): string => JSON.stringify(fields);

export function diffProfiles(
  before: readonly Profile[],
  after: readonly Profile[],
): ProfileSetDiff {
  const beforeById = new Map(before.map((p) => [p.id, p]));
  const beforeByName = new Map(before.map((p) => [p.name, p]));
  const afterIds = new Set(after.map((p) => p.id));
  const afterNames = new Set(after.map((p) => p.name));
  const added: string[] = [];
  const changed: string[] = [];
  for (const profile of after) {
    // A template from another lineage gives profiles new ids: one that keeps its name was
    // replaced (changed only if its settings differ), not added.
    const old = beforeById.get(profile.id) ?? beforeByName.get(profile.name);
    if (old === undefined) added.push(profile.name);
    else if (fieldsOf(old) !== fieldsOf(profile)) changed.push(profile.name);
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

/**
 * The notice for a change of the profiles view the user did not make. `lead` null: the user's
 * own change (another device): only a lost manual choice is worth saying.
 */
export function changeNotice(
  before: ProfilesView | null,
  after: ProfilesView | null,
  lead: string | null,
  serverNotice: string | null,
): { kind: Notice['kind']; message: string } | null {
  if (before === null || after === null) return null;
  const chosenId = before.state.manualChoice?.profileId ?? null;
  const chosen =
    chosenId === null ? undefined : before.state.profiles.find((p) => p.id === chosenId);
  const lost = chosen !== undefined && !after.state.profiles.some((p) => p.id === chosen.id);
  const fallback =
    lost && chosen ? { lost: chosen.name, now: after.effective?.profile.name ?? null } : null;
  if (lead === null) {
    if (fallback === null) return null;
    const nothing = { added: [], removed: [], changed: [] };
    return {
      kind: 'warning',
      message: profileChangeNotice({ diff: nothing, lead: 'Your profiles changed', fallback }),
    };
  }
  const diff = diffProfiles(before.state.profiles, after.state.profiles);
  if (isEmptyDiff(diff) && fallback === null)
    return serverNotice === null ? null : { kind: 'info', message: serverNotice };
  return {
    kind: fallback === null ? 'info' : 'warning',
    message: profileChangeNotice({ diff, lead, fallback }),
  };
}

/** How a command is named when it has to be undone. */
export function describeCommand(command: PendingCommand, snapshot: UserSnapshot | null): string {
  const profileName = (id: string) =>
    snapshot?.profiles.find((p) => p.id === id)?.name ?? 'a profile';
  return describeWith(command, profileName);
}

function describeWith<N extends SyncedCommandName>(
  command: { name: N; args: SyncedArgs<N> },
  profileName: (id: string) => string,
): string {
  return definitionOf(command.name).describe(command.args, profileName);
}
