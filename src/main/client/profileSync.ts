/**
 * The user's profile state and its sync with the server.
 *
 * What the user sees = the last snapshot the server confirmed (`base`) + the commands the server
 * has not confirmed yet, applied in order (localApply.ts). Consequences:
 * - a command takes effect at once, online or not, and is persisted until the server has it;
 * - a rejected command leaves the list and so is rolled back, with a notice saying why;
 * - a change pushed from elsewhere (another device, an administrator) replaces the base and the
 *   user's unconfirmed commands are re-applied on top of it, in order.
 * A command the server accepted stays applied on top until the push that carries it arrives
 * (the REST answer and the push travel separately), so the view never flickers back.
 */
import type { ConnectionState } from '../../shared/ipc';
import { SoftphoneError } from '../../shared/ipc';
import type { UserSnapshot } from '../../shared/model/state';
import type { SyncChange } from '../../shared/server-api';
import type { EffectiveProfile } from '../../shared/rules/effective';
import {
  CommandRefusal,
  definitionOf,
  type SyncedArgs,
  type SyncedCommandName,
} from '../../shared/commands';
import { CommandQueue, type SendOutcome } from './commandQueue';
import { newForwardedCalls, withForwardedCalls } from './forwardedCalls';
import { applyCommands } from './localApply';
import type { Notices } from './notices';
import type { PendingCommand, PersistedState } from './persistedState';
import { changeNotice, describeCommand } from './profileNotices';
import { plainText, text, type Text, type TextParam, textOfError } from '../../shared/text';
import { buildProfilesView, type ProfilesView } from './profilesView';
import { ProfileChangeTimer } from './profileChangeTimer';
import { ServerApiError } from './serverApi';
import type { SliceStore } from './sliceStore';
import { fullJitterDelay as backoffDelay } from '../../shared/backoff';

export interface ProfileSyncOptions {
  slices: SliceStore;
  notices: Notices;
  save(patch: Partial<PersistedState>): void;
  /** Sends one command to the server; throws ServerApiError. */
  send(command: PendingCommand): Promise<void>;
  /** The server said the session is over (401 on a command). */
  onSessionExpired(reason: Text): void;
  /** Pushed changes skipped a revision: the sync must resume from ours to fetch the missing ones. */
  onGap?(): void;
  /** The profile in effect changed (the SIP engine's decisions follow it). */
  onEffectiveChange?(view: ProfilesView): void;
  now: () => Date;
  newKey?: () => string;
}

/** Reasons of pushed changes that someone other than the user made. */
const ADMIN_REASONS = new Set(['template-applied', 'admin-edit']);

export class ProfileSync {
  private base: UserSnapshot | null = null;
  private confirmed: { command: PendingCommand; revisionAtSend: number }[] = [];
  private readonly revisionAtSend = new Map<string, number>();
  private readonly queue: CommandQueue;
  private readonly timer: ProfileChangeTimer;
  private current: ProfilesView | null = null;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private retryAttempt = 0;
  /** The connection's error says a send failed (cleared by the next command that goes through). */
  private sendFailed = false;
  private connection: ConnectionState = {
    status: 'offline',
    pendingCommands: 0,
    lastSyncedAt: null,
    error: null,
  };

  constructor(private readonly options: ProfileSyncOptions) {
    this.timer = new ProfileChangeTimer({ onDue: () => this.recompute(), now: options.now });
    this.queue = new CommandQueue({
      initial: [],
      send: (command) => this.sendOne(command),
      persist: (commands) => options.save({ pendingCommands: commands }),
      onChange: () => {
        this.publishConnection({});
        this.recompute();
      },
      onApplied: (command) => {
        this.retryAttempt = 0;
        // a send that failed before (server error, 503) went through: its message is over
        if (this.sendFailed) {
          this.sendFailed = false;
          this.publishConnection({ error: null });
        }
        this.confirmed.push({ command, revisionAtSend: this.revisionAtSend.get(command.key) ?? 0 });
        this.revisionAtSend.delete(command.key);
        this.recompute();
      },
      onRejected: (command, message, reason) => this.rejected(command, reason ?? message),
      onUnreachable: (_command, message, said) => {
        this.sendFailed = true;
        this.publishConnection({ error: said ?? plainText(message) });
        this.scheduleRetry();
      },
      newKey: options.newKey,
      now: options.now,
    });
  }

  get snapshot(): UserSnapshot | null {
    return this.current === null || this.base === null ? null : this.optimistic();
  }

  get revision(): number | null {
    return this.base?.revision ?? null;
  }

  get view(): ProfilesView | null {
    return this.current;
  }

  get pending(): readonly PendingCommand[] {
    return this.queue.pending;
  }

  /** Commands a previous run queued and never sent; replayed once online. */
  restorePending(commands: readonly PendingCommand[]): void {
    this.queue.restore(commands);
  }

  /** Starts from what was saved (or fetched at sign-in). */
  setBase(snapshot: UserSnapshot | null): void {
    this.base = snapshot;
    this.confirmed = [];
    this.recompute();
  }

  // -------------------------------------------------------------------------------------------
  // The link

  setConnection(status: ConnectionState['status'], error: Text | null): void {
    const synced = status === 'online' ? { lastSyncedAt: this.options.now().toISOString() } : {};
    this.publishConnection({ status, error, ...synced });
    if (status === 'online') void this.queue.resume();
    else {
      this.cancelRetry();
      this.queue.pause();
    }
  }

  /** After a send failed while the socket stayed up: try the queue again. */
  retryQueue(): Promise<void> {
    return this.connection.status === 'online' ? this.queue.resume() : Promise.resolve();
  }

  /**
   * A send failed but the socket is still up (a proxy hiccup, a 503): retry with backoff. When
   * the socket drops instead, its reconnect resumes the queue.
   */
  private scheduleRetry(): void {
    if (this.connection.status !== 'online' || this.retryTimer !== null) return;
    const delay = backoffDelay(this.retryAttempt, 1000, 30_000, Math.random);
    this.retryAttempt += 1;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.retryQueue();
    }, delay);
  }

  private cancelRetry(): void {
    if (this.retryTimer !== null) clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }

  idle(): Promise<void> {
    return this.queue.idle();
  }

  // -------------------------------------------------------------------------------------------
  // What the server pushes

  applySnapshot(snapshot: UserSnapshot): void {
    const before = this.current;
    this.addForwardedCalls(this.base, snapshot);
    this.base = snapshot;
    this.confirmed = this.confirmed.filter((c) => c.revisionAtSend >= snapshot.revision);
    this.options.save({ snapshot, revision: snapshot.revision });
    this.recompute();
    this.announce(before, text('notice.profiles.whileOffline'), null);
  }

  applyChanges(changes: readonly SyncChange[]): void {
    if (this.base === null) return;
    const before = this.current;
    let base = this.base;
    let adminNotice: Text | null = null;
    let adminChange = false;
    let gap = false;
    for (const change of changes) {
      if (change.revision <= base.revision) continue;
      if (change.revision !== base.revision + 1) {
        // A patch replaces whole parts; applying it over a missed change could leave another
        // part stale. Keep what is consistent and ask for the missing changes instead.
        gap = true;
        break;
      }
      base = { ...base, ...change.patch, revision: change.revision };
      if (ADMIN_REASONS.has(change.reason) || change.notice !== undefined) {
        adminChange = true;
        adminNotice = change.notice ?? adminNotice;
      }
    }
    if (gap) this.options.onGap?.();
    if (base === this.base) return;
    this.addForwardedCalls(this.base, base);
    this.base = base;
    this.confirmed = this.confirmed.filter((c) => c.revisionAtSend >= base.revision);
    this.options.save({ snapshot: base, revision: base.revision });
    this.recompute();
    if (adminChange) this.announce(before, text('notice.profiles.byAdmin'), adminNotice);
    else this.announce(before, null, null);
  }

  /** Calls the PBX forwarded for the user (their softphone may never have rung) go to history. */
  private addForwardedCalls(before: UserSnapshot | null, after: UserSnapshot): void {
    const calls = newForwardedCalls(before, after);
    if (calls.length === 0) return;
    const { slices, save } = this.options;
    slices.set('history', withForwardedCalls(slices.get('history'), calls));
    save({ history: slices.get('history') });
  }

  // -------------------------------------------------------------------------------------------
  // The user's commands

  /**
   * Validates against what the user sees with the command's shared definition (which also fixes
   * what depends on the moment, like the end of a switch), applies it locally at once, and
   * queues it for the server.
   */
  submit<N extends SyncedCommandName>(name: N, args: SyncedArgs<N>): void {
    const snapshot = this.optimisticOrThrow();
    const now = this.options.now();
    let resolved: SyncedArgs<N>;
    try {
      resolved = definitionOf(name).validate(snapshot, args, now);
    } catch (error) {
      if (error instanceof CommandRefusal) throw new SoftphoneError(error.code, error.message, error.text, error.fields && { ...error.fields });
      throw error;
    }
    this.queue.enqueue(name, resolved, now);
  }

  /**
   * The view as of `now`: the published one while it is still valid (before its next change),
   * else recomputed first. Incoming-call decisions use this, so they are exact at that instant
   * without re-running the rules for every call.
   */
  viewAt(now: Date): ProfilesView | null {
    const next = this.current?.nextChange ?? null;
    if (this.current !== null && (next === null || now.getTime() < next.getTime()))
      return this.current;
    this.recompute();
    return this.current;
  }

  /** Re-evaluates the profile in effect (clock, calendar) and publishes it. */
  recompute(): void {
    if (this.base === null) {
      this.timer.cancel();
      this.current = null;
      this.options.slices.set('profiles', null);
      return;
    }
    const previous = this.current?.effective ?? null;
    const view = buildProfilesView(this.optimistic(), this.options.now());
    this.current = view;
    this.options.slices.set('profiles', view.state);
    this.timer.arm(view.nextChange);
    if (!sameEffective(previous, view.effective)) this.options.onEffectiveChange?.(view);
  }

  /** Re-check now (the machine woke up, the clock jumped). */
  clockChanged(): void {
    this.timer.fire();
  }

  /** Signed out: forget everything, including what was not sent. */
  reset(): void {
    this.cancelRetry();
    this.queue.clear();
    this.timer.cancel();
    this.base = null;
    this.confirmed = [];
    this.current = null;
    this.connection = { status: 'offline', pendingCommands: 0, lastSyncedAt: null, error: null };
    this.options.slices.set('connection', this.connection);
    this.options.slices.set('profiles', null);
  }

  stop(): void {
    this.cancelRetry();
    this.queue.pause();
    this.timer.cancel();
  }

  // -------------------------------------------------------------------------------------------

  private optimistic(): UserSnapshot {
    if (this.base === null) throw new Error('No snapshot yet');
    return applyCommands(this.base, [
      ...this.confirmed.map((c) => c.command),
      ...this.queue.pending,
    ]);
  }

  private optimisticOrThrow(): UserSnapshot {
    // Signed in (the service checks that first) but nothing loaded yet: a resumed session whose
    // saved snapshot was unreadable, before the server could be reached.
    if (this.base === null) {
      throw new SoftphoneError(
        'offline',
        'Your profiles have not been loaded from the server yet; try again when connected',
      );
    }
    return this.optimistic();
  }

  private async sendOne(command: PendingCommand): Promise<SendOutcome> {
    // A command with nothing left to do (a switch whose end passed while it waited offline).
    if (isObsolete(command, this.options.now())) return { kind: 'applied', revision: null };
    this.revisionAtSend.set(command.key, this.base?.revision ?? 0);
    try {
      await this.options.send(command);
      return { kind: 'applied', revision: null };
    } catch (error) {
      if (!(error instanceof ServerApiError)) throw error;
      if (error.kind === 'unreachable') return { kind: 'unreachable', message: error.message };
      if (error.kind === 'unauthenticated') {
        this.options.onSessionExpired(textOfError(error));
        return { kind: 'unreachable', message: error.message };
      }
      // The server failed (5xx): the change is not refused, only not saved yet. It stays
      // queued (its idempotency key makes a retry safe) and the user is told it will be retried.
      if (error.kind === 'failed') return { kind: 'unreachable', message: error.message, text: text('sync.serverFailed') };
      this.revisionAtSend.delete(command.key);
      return { kind: 'rejected', message: error.message, text: error.text };
    }
  }

  private rejected(command: PendingCommand, message: TextParam): void {
    this.recompute();
    // A switch to a profile that has since been removed was already explained by the fallback notice.
    if (
      command.name === 'profiles.switch' &&
      this.base !== null &&
      !this.base.profiles.some((p) => p.id === command.args.profileId)
    )
      return;
    this.options.notices.add(
      'warning',
      text('notice.undone', { command: describeCommand(command, this.base), reason: message }),
    );
  }

  private publishConnection(patch: Partial<ConnectionState>): void {
    this.connection = { ...this.connection, ...patch, pendingCommands: this.queue.pending.length };
    this.options.slices.set('connection', this.connection);
  }

  /** Tells the user about profile changes they did not make, and about a lost manual choice. */
  private announce(
    before: ProfilesView | null,
    lead: Text | null,
    serverNotice: Text | null,
  ): void {
    const notice = changeNotice(before, this.current, lead, serverNotice);
    if (notice !== null) this.options.notices.add(notice.kind, notice.text);
  }
}

function isObsolete<N extends SyncedCommandName>(
  command: { name: N; args: SyncedArgs<N> },
  now: Date,
): boolean {
  return definitionOf(command.name).obsolete?.(command.args, now) ?? false;
}

function sameEffective(a: EffectiveProfile | null, b: EffectiveProfile | null): boolean {
  return (
    a?.profile.id === b?.profile.id &&
    a?.reason === b?.reason &&
    JSON.stringify(a?.profile) === JSON.stringify(b?.profile)
  );
}
