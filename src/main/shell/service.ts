/**
 * What the shell needs from the client service: run a command whose arguments are already
 * validated, read every state slice, and hear about slice changes. The composition root
 * adapts the client service to this shape, so the shell never depends on its internals.
 */
import type { ClientSnapshot, CommandName, CommandResult, EventName, EventPayload, Notice, ParsedArgs } from '../../shared/ipc';
import type { Text } from '../../shared/text';

export type SliceChange = { [N in EventName]: { name: N; payload: EventPayload<N> } }[EventName];

export interface ShellService {
  execute<N extends CommandName>(name: N, args: ParsedArgs<N>): Promise<CommandResult<N>>;
  snapshot(): ClientSnapshot;
  /** Calls the listener after every slice change; returns the unsubscribe. */
  subscribe(listener: (change: SliceChange) => void): () => void;
  /** Shows a notice in the window (shortcut conflicts, link errors, keyring missing). */
  notify(kind: Notice['kind'], text: Text): void;
}
