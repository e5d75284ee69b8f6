/**
 * What the user's own commands do to their snapshot, applied locally before the server has
 * confirmed them. The view the user sees is always `confirmed snapshot + unconfirmed commands`,
 * so a rejected command disappears from the view simply by leaving the list (its rollback),
 * and a change pushed from elsewhere never erases a command that is still on its way.
 *
 * Each command is applied as of the instant it was made (`queuedAt`), like the server does with
 * its own clock when the command arrives; for a command sent at once the two agree.
 */
import type { UserSnapshot } from '../../shared/model/state';
import { manualChoiceFor } from '../../shared/rules/effective';
import type { PendingCommand } from './persistedState';
import { effectiveAt } from './profilesView';

export function applyCommand(snapshot: UserSnapshot, command: PendingCommand): UserSnapshot {
  const at = new Date(command.queuedAt);
  switch (command.name) {
    case 'profiles.switch': {
      const profile = snapshot.profiles.find((p) => p.id === command.args.profileId);
      if (profile === undefined) return snapshot;
      const { until } = command.args;
      if (until === null)
        return {
          ...snapshot,
          manualChoice: { profileId: profile.id, setAt: command.queuedAt, until: null },
        };
      const end = until === undefined ? undefined : new Date(until);
      if (end !== undefined && end.getTime() <= at.getTime()) return snapshot;
      return { ...snapshot, manualChoice: manualChoiceFor(profile, at, end) };
    }
    case 'profiles.clearManual':
      return { ...snapshot, manualChoice: null };
    case 'profiles.update': {
      const { profileId, fields } = command.args;
      if (!snapshot.profiles.some((p) => p.id === profileId)) return snapshot;
      return {
        ...snapshot,
        profiles: snapshot.profiles.map((p) => (p.id === profileId ? { ...fields, id: p.id } : p)),
      };
    }
    case 'queues.setStatus': {
      const memberOf = snapshot.queues.map((q) => q.id);
      const { queueIds, status } = command.args;
      const chosen = queueIds === 'all' ? memberOf : queueIds.filter((id) => memberOf.includes(id));
      const effective = effectiveAt(snapshot, at);
      if (effective === null || chosen.length === 0) return snapshot;
      const kept = snapshot.queueOverrides.filter((o) => !chosen.includes(o.queueId));
      const added = chosen.map((queueId) => ({
        queueId,
        status,
        profileId: effective.profile.id,
        setAt: command.queuedAt,
      }));
      return { ...snapshot, queueOverrides: [...kept, ...added] };
    }
    case 'callerId.choose': {
      const { number } = command.args;
      if (number !== null && !snapshot.allowedCallerIds.some((n) => n.number === number))
        return snapshot;
      const effective = effectiveAt(snapshot, at);
      if (effective === null) return snapshot;
      return {
        ...snapshot,
        callerIdOverride: { number, profileId: effective.profile.id, setAt: command.queuedAt },
      };
    }
  }
}

export function applyCommands(
  snapshot: UserSnapshot,
  commands: readonly PendingCommand[],
): UserSnapshot {
  return commands.reduce(applyCommand, snapshot);
}
