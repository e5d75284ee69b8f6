/**
 * The client service: the one place that owns the session with the profile server, the SIP
 * engine and the local state, and implements the IPC contract (SoftphoneApi) over them. No
 * Electron here; the shell and the development harness both compose it (compose.ts).
 *
 * Sign in: credentials → token → snapshot + SIP credentials → SIP engine + sync socket.
 * Sign out: unregister, revoke the token, forget the token and SIP password (nothing secret
 * stays on disk), keep only the remembered server address and user name.
 * A saved session (account on disk, token in the SecretPort) resumes at start, offline first.
 */
import type { z } from 'zod';
import {
  Settings,
  SoftphoneError,
  parseCommand,
  type commands,
  type ClientSnapshot,
  type CommandName,
  type CommandResult,
  type EventName,
  type EventPayload,
  type Notice,
  type SessionState,
  type SoftphoneApi,
} from '../../shared/ipc';
import type { SipCredentials } from '../../shared/server-api';
import type { Session } from 'sip.js';
import { isServerCommand, runServerCommand } from './adminApi';
import { recordHistory } from './callsBinding';
import { CallControls } from './callControls';
import { Notices } from './notices';
import {
  SYNCED_COMMANDS,
  emptyPersistedState,
  type PersistedState,
  type SyncedCommandName,
} from './persistedState';
import type { PersistencePort, SecretPort } from './ports';
import { ProfileSync } from './profileSync';
import { ServerApiError } from './serverApi';
import { SessionControl, type SessionDeps } from './sessionControl';
import type { SipEngineFactory } from './sipPort';
import { SliceStore } from './sliceStore';
import { plainText, text, type Text } from '../../shared/text';
import type { SyncOptions } from './syncConnection';

export interface ClientServiceOptions {
  persistence: PersistencePort;
  secrets: SecretPort;
  /** Null: no SIP (profile sync only). */
  sipEngineFactory: SipEngineFactory | null;
  now?: () => Date;
  /** SIP user the PBX routes voicemail to; must match the profile server's setting. */
  voicemailUser?: string;
  fetch?: typeof fetch;
  /** Backoff and liveness of the sync socket (tests shorten them). */
  sync?: Pick<SyncOptions, 'initialDelayMs' | 'maxDelayMs' | 'silenceMs'>;
  /** How long sign-out waits for queued commands and the SIP unregister. */
  signOutGraceMs?: number;
  logger?: { warn(message: string): void; error(message: string): void };
}

type Parsed<N extends CommandName> = z.output<(typeof commands)[N]['args']>;

function isSynced(name: CommandName): name is SyncedCommandName {
  return (SYNCED_COMMANDS as readonly string[]).includes(name);
}

export class ClientService implements SoftphoneApi {
  readonly slices: SliceStore;
  private readonly notices: Notices;
  private readonly profiles: ProfileSync;
  private readonly session: SessionControl;
  private readonly calls: CallControls;
  private readonly now: () => Date;
  private started = false;
  private lastSave: Promise<void> = Promise.resolve();

  constructor(private readonly options: ClientServiceOptions) {
    this.now = options.now ?? (() => new Date());
    const empty = emptyPersistedState();
    this.slices = new SliceStore({
      session: { status: 'signedOut', account: null, error: null, remembered: null },
      registration: { status: 'unregistered', reason: null, since: null },
      connection: { status: 'offline', pendingCommands: 0, lastSyncedAt: null, error: null },
      profiles: null,
      calls: [],
      history: [],
      settings: empty.settings,
      notices: [],
    });
    this.notices = new Notices(this.slices, this.now);
    this.profiles = new ProfileSync({
      slices: this.slices,
      notices: this.notices,
      save: (patch) => this.save(patch),
      send: (command) => this.session.api().sendCommand(command),
      onSessionExpired: (message) => void this.session.expired(message),
      onGap: () => this.session.resync(),
      now: this.now,
    });
    this.calls = new CallControls({
      slices: this.slices,
      profiles: this.profiles,
      voicemailUser: options.voicemailUser ?? 'voicemail',
      now: this.now,
    });
    const deps: SessionDeps = {
      slices: this.slices,
      notices: this.notices,
      profiles: this.profiles,
      secrets: options.secrets,
      save: (patch) => this.save(patch),
      startSip: (credentials) => this.startSip(credentials),
      stopSip: () => this.calls.stopEngine(),
      fetch: options.fetch,
      sync: options.sync,
      signOutGraceMs: options.signOutGraceMs ?? 3000,
      now: this.now,
    };
    this.session = new SessionControl(deps);
  }

  /** Loads what was saved (reporting unreadable data as notices) and resumes a saved session. */
  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    const { state, problems } = await this.options.persistence.load();
    for (const problem of problems) this.notices.add('warning', plainText(problem.message));
    this.slices.set('settings', state.settings);
    this.slices.set('history', state.history);
    this.profiles.restorePending(state.pendingCommands);
    await this.session.restore(state);
  }

  /** App quit: stop the links without signing out (the session resumes next start). */
  async shutdown(): Promise<void> {
    await this.session.shutdown();
    await this.lastSave;
  }

  // -------------------------------------------------------------------------------------------
  // SoftphoneApi

  async invoke<N extends CommandName>(name: N, args: unknown): Promise<CommandResult<N>> {
    const parsed = parseCommand(name, args);
    return this.execute(parsed.name as N, parsed.args as Parsed<N>);
  }

  async snapshot(): Promise<ClientSnapshot> {
    return this.slices.all();
  }

  /** The same as `snapshot()`, synchronously (the shell's tray reads it). */
  current(): ClientSnapshot {
    return this.slices.all();
  }

  on<N extends EventName>(name: N, listener: (payload: EventPayload<N>) => void): () => void {
    return this.slices.subscribe((changed, payload) => {
      if (changed === name) listener(payload as EventPayload<N>);
    });
  }

  /** Every slice change, for transports that forward all of them (IPC, the harness socket). */
  subscribe(listener: (change: { name: EventName; payload: unknown }) => void): () => void {
    return this.slices.subscribe((name, payload) => listener({ name, payload }));
  }

  notify(kind: Notice['kind'], text: Text): void {
    this.notices.add(kind, text);
  }

  /**
   * The media bridge lost a call's audio (renderer crashed or reloaded, ICE failed): the call
   * is hung up (BYE) rather than left up in silence, and the user is told.
   */
  async mediaLost(session: Session, reason: string): Promise<void> {
    try {
      const notice = await this.calls.mediaLost(session);
      if (notice !== null) this.notices.add('warning', notice);
    } catch (error) {
      this.options.logger?.error(`Could not end a call whose audio was lost (${reason}): ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /** The machine woke up or the network changed: re-evaluate the clock, reconnect now. */
  wake(): void {
    this.profiles.clockChanged();
    this.session.reconnectNow();
    this.calls.networkChanged();
  }

  /** Runs a command whose arguments the contract's schema already parsed. */
  async execute<N extends CommandName>(name: N, args: Parsed<N>): Promise<CommandResult<N>> {
    try {
      return (await this.dispatch(name, args as Parsed<CommandName>)) as CommandResult<N>;
    } catch (error) {
      throw this.toCommandError(error);
    }
  }

  private async dispatch(name: CommandName, args: Parsed<CommandName>): Promise<unknown> {
    const ok = { ok: true as const };
    if (name === 'session.signIn') return this.session.signIn(args as Parsed<'session.signIn'>);
    if (name === 'session.signOut') {
      await this.session.signOut();
      return ok;
    }
    if (name === 'notices.dismiss') {
      this.notices.dismiss((args as Parsed<'notices.dismiss'>).id);
      return ok;
    }
    if (name === 'settings.update') return this.updateSettings(args as Parsed<'settings.update'>);
    if (name === 'history.clear') {
      this.slices.set('history', []);
      this.save({ history: [] });
      return ok;
    }
    this.session.requireSignedIn();
    if (isSynced(name)) {
      this.profiles.submit(name, args as never);
      return ok;
    }
    if (isServerCommand(name)) return runServerCommand(this.session.api(), name, args as never);
    return this.calls.run(name, args);
  }

  private updateSettings(patch: Parsed<'settings.update'>): Settings {
    const merged = Settings.safeParse({ ...this.slices.get('settings'), ...patch });
    if (!merged.success) {
      const issue = merged.error.issues[0];
      throw new SoftphoneError(
        'invalid_argument',
        `settings.${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`,
      );
    }
    this.slices.set('settings', merged.data);
    this.save({ settings: merged.data });
    return merged.data;
  }

  private toCommandError(error: unknown): SoftphoneError {
    if (error instanceof SoftphoneError) return error;
    if (error instanceof ServerApiError) {
      if (error.kind === 'unauthenticated') void this.session.expired(error.message);
      return new SoftphoneError(error.commandCode, error.message, error.text);
    }
    return new SoftphoneError('failed', error instanceof Error ? error.message : String(error));
  }

  // -------------------------------------------------------------------------------------------

  private startSip(credentials: SipCredentials): void {
    const factory = this.options.sipEngineFactory;
    if (factory === null) return;
    this.calls.startEngine(factory, credentials, this.slices.get('settings').countryCode, (entry) =>
      recordHistory(this.slices, (patch) => this.save(patch), entry),
    );
  }

  private save(patch: Partial<PersistedState>): void {
    const saving = this.options.persistence.save(patch);
    this.lastSave = saving.catch(() => undefined);
    saving.catch((error: unknown) => {
      const reason = error instanceof Error ? error.message : String(error);
      this.options.logger?.error(`Could not save the client's data: ${reason}`);
      this.notices.add('error', text('notice.saveFailed', { reason }));
    });
  }

  /** Resolves when everything saved so far is on disk (saves are applied in order). */
  saved(): Promise<void> {
    return this.lastSave;
  }

  /** For tests and the harness: resolves when queued commands have been sent (or the link is down). */
  idle(): Promise<void> {
    return this.profiles.idle();
  }

  get sessionState(): SessionState {
    return this.slices.get('session');
  }
}
