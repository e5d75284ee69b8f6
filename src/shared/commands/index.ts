/**
 * The registry of the user's own synced commands. Adding one: a definition file beside this one
 * and its line in `syncedCommands`; the IPC contract takes its argument schema from here, the
 * client's queue and the server's routes are generic over the registry.
 */
import type { z } from 'zod';
import type { UserSnapshot } from '../model/state';
import { callerIdChoose } from './caller-id-choose';
import type { SyncedCommand } from './define';
import { profilesClearManual } from './profiles-clear-manual';
import { profilesSwitch } from './profiles-switch';
import { profilesUpdate } from './profiles-update';
import { queuesSetStatus } from './queues-set-status';

export const syncedCommands = {
  [profilesSwitch.name]: profilesSwitch,
  [profilesClearManual.name]: profilesClearManual,
  [profilesUpdate.name]: profilesUpdate,
  [queuesSetStatus.name]: queuesSetStatus,
  [callerIdChoose.name]: callerIdChoose,
} as const;

type Registry = typeof syncedCommands;
export type SyncedCommandName = keyof Registry;
/** A command's arguments as parsed (and as queued and persisted by the client). */
export type SyncedArgs<N extends SyncedCommandName> = z.output<Registry[N]['args']>;

/** The registry seen through one command name at a time, so generic code needs no casts. */
type Definitions = { [N in SyncedCommandName]: SyncedCommand<N, z.ZodType<SyncedArgs<N>>> };
const definitions: Definitions = syncedCommands;

export const syncedCommandNames = Object.keys(syncedCommands) as SyncedCommandName[];

/**
 * One entry per synced command, made the same way for each from its definition: the IPC
 * contract's lines and the client command table's rows come from here, so a new command needs
 * neither. TypeScript cannot relate a name taken from a list to its own entry type (a
 * correlated union), so the mapped type `T` is asserted once, here, for code that is the same
 * for every command; its uses are typed per command.
 */
export function perSyncedCommand<T extends { [N in SyncedCommandName]: unknown }>(
  make: (definition: Registry[SyncedCommandName]) => unknown,
): T {
  const entries: Partial<Record<SyncedCommandName, unknown>> = {};
  for (const name of syncedCommandNames) entries[name] = make(syncedCommands[name]);
  return entries as T;
}

export function definitionOf<N extends SyncedCommandName>(name: N): Definitions[N] {
  return definitions[name];
}

/**
 * Validates a command against the snapshot at `now` and applies it: the resolved arguments and
 * the snapshot after. Throws a `CommandRefusal`.
 */
export function runSyncedCommand<N extends SyncedCommandName>(
  name: N,
  snapshot: UserSnapshot,
  args: SyncedArgs<N>,
  now: Date,
): { args: SyncedArgs<N>; snapshot: UserSnapshot } {
  const definition = definitionOf(name);
  const resolved = definition.validate(snapshot, args, now);
  return { args: resolved, snapshot: definition.apply(snapshot, resolved, now) };
}

export * from './define';
