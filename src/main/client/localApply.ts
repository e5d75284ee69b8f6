/**
 * What the user's own commands do to their snapshot, applied locally before the server has
 * confirmed them. The view the user sees is always `confirmed snapshot + unconfirmed commands`,
 * so a rejected command disappears from the view simply by leaving the list (its rollback),
 * and a change pushed from elsewhere never erases a command that is still on its way.
 *
 * Each command runs its shared definition (src/shared/commands), the very one the server runs,
 * as of the instant it was made (`queuedAt`), like the server does with its own clock when the
 * command arrives; for a command sent at once the two agree. A command that no longer fits (its
 * profile was removed meanwhile) changes nothing here; the server will refuse it.
 */
import { CommandRefusal, runSyncedCommand } from '../../shared/commands';
import type { UserSnapshot } from '../../shared/model/state';
import type { PendingCommand } from './persistedState';

function applyCommand(snapshot: UserSnapshot, command: PendingCommand): UserSnapshot {
  try {
    return runSyncedCommand(command.name, snapshot, command.args, new Date(command.queuedAt))
      .snapshot;
  } catch (error) {
    if (error instanceof CommandRefusal) return snapshot;
    throw error;
  }
}

export function applyCommands(
  snapshot: UserSnapshot,
  commands: readonly PendingCommand[],
): UserSnapshot {
  return commands.reduce(applyCommand, snapshot);
}
