/**
 * The ordered list of the user's commands that the server has not confirmed yet.
 *
 * Every synced command goes through here, online or not, so commands reach the server in the
 * order the user made them. One command is in flight at a time. Each keeps the idempotency key
 * it was given when queued, on every attempt: if a reply is lost after the server applied it,
 * the replay is answered from the server's idempotency record instead of being applied twice.
 *
 * Outcomes of one attempt:
 * - applied: removed, `onApplied` runs.
 * - rejected (the server said no, e.g. the profile no longer exists): removed, `onRejected` runs
 *   so the service can roll back and say why; the commands after it still go.
 * - unreachable (network, 5xx, timeout): kept at the head; the queue stops until `resume()`.
 * The list is persisted after every change, so a restart replays what was left.
 */
import { randomUUID } from 'node:crypto';
import type { Text } from '../../shared/text';
import type { SyncedArgs, SyncedCommandName } from '../../shared/commands';
import type { PendingCommand } from './persistedState';

export type SendOutcome =
  | { kind: 'applied'; revision: number | null }
  | { kind: 'rejected'; message: string; text?: Text }
  /** Not sent, or the server failed (5xx): the command stays queued and is tried again. */
  | { kind: 'unreachable'; message: string; text?: Text };

export interface CommandQueueOptions {
  initial: readonly PendingCommand[];
  send(command: PendingCommand): Promise<SendOutcome>;
  persist(commands: PendingCommand[]): void;
  onApplied?(command: PendingCommand, revision: number | null): void;
  onRejected?(command: PendingCommand, message: string, text?: Text): void;
  onUnreachable?(command: PendingCommand, message: string, text?: Text): void;
  /** Runs whenever the list changes (the service recomputes its optimistic view). */
  onChange?(commands: readonly PendingCommand[]): void;
  newKey?: () => string;
  now?: () => Date;
}

export class CommandQueue {
  private commands: PendingCommand[];
  private online = false;
  private draining: Promise<void> | null = null;

  constructor(private readonly options: CommandQueueOptions) {
    this.commands = [...options.initial];
  }

  get pending(): readonly PendingCommand[] {
    return this.commands;
  }

  get isOnline(): boolean {
    return this.online;
  }

  /** `at`: when the user acted (default: now), so the command applies as of that instant. */
  enqueue<N extends SyncedCommandName>(name: N, args: SyncedArgs<N>, at?: Date): PendingCommand {
    const command = {
      key: (this.options.newKey ?? randomUUID)(),
      name,
      args,
      queuedAt: (at ?? this.options.now?.() ?? new Date()).toISOString(),
    } as PendingCommand;
    this.commands = [...this.commands, command];
    this.changed();
    void this.drain();
    return command;
  }

  /** Puts back what a previous run left unsent (at start, before anything was queued). */
  restore(commands: readonly PendingCommand[]): void {
    if (this.commands.length > 0) throw new Error('restore() is only for an empty queue');
    this.commands = [...commands];
    this.options.onChange?.(this.commands);
  }

  /** The link is up: send what is waiting. */
  resume(): Promise<void> {
    this.online = true;
    return this.drain();
  }

  /** The link is down: keep queueing, send nothing. */
  pause(): void {
    this.online = false;
  }

  /** Drops everything (sign-out); what was not sent is lost on purpose. */
  clear(): void {
    this.online = false;
    this.commands = [];
    this.changed();
  }

  /** Resolves when the queue is empty or stopped; for tests and orderly shutdown. */
  async idle(): Promise<void> {
    while (this.draining !== null) await this.draining;
  }

  private drain(): Promise<void> {
    if (this.draining !== null) return this.draining;
    if (!this.online || this.commands.length === 0) return Promise.resolve();
    this.draining = this.drainLoop().finally(() => {
      this.draining = null;
    });
    return this.draining;
  }

  private async drainLoop(): Promise<void> {
    while (this.online) {
      const head = this.commands[0];
      if (head === undefined) return;
      let outcome: SendOutcome;
      try {
        outcome = await this.options.send(head);
      } catch (error) {
        outcome = {
          kind: 'unreachable',
          message: error instanceof Error ? error.message : String(error),
        };
      }
      // A clear() during the attempt emptied the list; the outcome belongs to nobody.
      if (this.commands[0] !== head) continue;
      if (outcome.kind === 'unreachable') {
        this.online = false;
        this.options.onUnreachable?.(head, outcome.message, outcome.text);
        return;
      }
      this.commands = this.commands.slice(1);
      this.changed();
      if (outcome.kind === 'applied') this.options.onApplied?.(head, outcome.revision);
      else this.options.onRejected?.(head, outcome.message, outcome.text);
    }
  }

  private changed(): void {
    this.options.persist([...this.commands]);
    this.options.onChange?.(this.commands);
  }
}
