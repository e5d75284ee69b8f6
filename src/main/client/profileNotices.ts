/**
 * Texts for changes the user did not make themselves: an administrator's template apply or
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
import { joinTexts, text, type Text, type TextParam } from '../../shared/text';

export interface ProfileSetDiff {
  added: string[];
  removed: string[];
  changed: string[];
}

const fieldsOf = ({ id: _id, ...fields }: Profile): string => JSON.stringify(fields);

function diffProfiles(
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

function isEmptyDiff(diff: ProfileSetDiff): boolean {
  return diff.added.length + diff.removed.length + diff.changed.length === 0;
}

function list(names: readonly string[]): TextParam {
  return names.length <= 3
    ? names.join(', ')
    : text('notice.profiles.more', { names: names.slice(0, 3).join(', '), more: names.length - 3 });
}

export interface ProfileChangeNoticeInput {
  diff: ProfileSetDiff;
  /** Who or what changed them, as a clause: "Your administrator updated your profiles". */
  lead: Text;
  /** The chosen profile that disappeared, and the profile in effect now. */
  fallback: { lost: string; now: string | null } | null;
}

function profileChangeNotice({ diff, lead, fallback }: ProfileChangeNoticeInput): Text {
  const parts: Text[] = [];
  if (diff.added.length > 0) parts.push(text('notice.profiles.added', { names: list(diff.added) }));
  if (diff.removed.length > 0) parts.push(text('notice.profiles.removed', { names: list(diff.removed) }));
  if (diff.changed.length > 0) parts.push(text('notice.profiles.edited', { names: list(diff.changed) }));
  const changes = joinTexts(parts);
  const message = changes === null ? lead : text('notice.profiles.summary', { lead, changes });
  if (fallback === null) return message;
  return text('notice.profiles.fallback', {
    message,
    lost: fallback.lost,
    now: fallback.now ?? text('notice.profiles.noProfile'),
  });
}

/**
 * The notice for a change of the profiles view the user did not make. `lead` null: the user's
 * own change (another device): only a lost manual choice is worth saying.
 */
export function changeNotice(
  before: ProfilesView | null,
  after: ProfilesView | null,
  lead: Text | null,
  serverNotice: Text | null,
): { kind: Notice['kind']; text: Text } | null {
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
      text: profileChangeNotice({ diff: nothing, lead: text('notice.profiles.changed'), fallback }),
    };
  }
  const diff = diffProfiles(before.state.profiles, after.state.profiles);
  if (isEmptyDiff(diff) && fallback === null)
    return serverNotice === null ? null : { kind: 'info', text: serverNotice };
  return {
    kind: fallback === null ? 'info' : 'warning',
    text: profileChangeNotice({ diff, lead, fallback }),
  };
}

/** How a command is named when it has to be undone. */
export function describeCommand(command: PendingCommand, snapshot: UserSnapshot | null): Text {
  const profileName = (id: string): TextParam =>
    snapshot?.profiles.find((p) => p.id === id)?.name ?? text('notice.command.aProfile');
  return describeWith(command, profileName);
}

function describeWith<N extends SyncedCommandName>(
  command: { name: N; args: SyncedArgs<N> },
  profileName: (id: string) => TextParam,
): Text {
  return definitionOf(command.name).describe(command.args, profileName);
}
