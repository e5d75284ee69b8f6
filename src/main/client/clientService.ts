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
import {
  Settings,
  SoftphoneError,
  parseArgs,
  type ClientSnapshot,
  type CommandName,
  type CommandResult,
  type EventName,
  type EventPayload,
  type Notice,
  type ParsedArgs,
  type SessionState,
  type SoftphoneApi,
} from '../../shared/ipc';
import type { SipCredentials } from '../../shared/server-api';
import { initialSlices } from '../../shared/defaults';
import type { Session } from 'sip.js';
import { serverRoutes } from './adminApi';
import { recordHistory } from './callsBinding';
import { CallControls } from './callControls';
import { runRow, type CommandRows, type CommandTable, type DuplicateRows } from './commandTable';
import { Notices } from './notices';
import type { PersistedState } from './persistedState';
import { perSyncedCommand, type SyncedArgs, type SyncedCommandName } from '../../shared/commands';
import type { PersistencePort, SecretPort } from './ports';
import { ProfileSync } from './profileSync';
import { registrationInfo } from './registrationLink';
import { ServerApiError, type ServerApi } from './serverApi';
import { SessionControl, type SessionDeps } from './sessionControl';
import type { SipEngineFactory } from './sipPort';
import { SliceStore } from './sliceStore';
import { text, type Text, textOfError } from '../../shared/text';
import type { SyncOptions } from './syncConnection';
import type { Logger } from '../logging/logger';

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
  /** Where warnings and errors go (the shell's rotating log file; stderr in the harness). */
  logger?: Logger;
}

const done = (): { ok: true } => ({ ok: true });

/** One row per synced command, each typed with its own arguments. */
type SyncedRows = { [N in SyncedCommandName]: (args: SyncedArgs<N>) => { ok: true } };

/** Each command has one row in one area (a type error names the duplicates otherwise). */
type Areas = [ClientService['localRows'], ClientService['syncedRows'], CallControls['commands'], typeof serverRoutes];
const noDuplicateRows: [DuplicateRows<Areas>] extends [never] ? true : DuplicateRows<Areas> = true;
void noDuplicateRows;

export class ClientService implements SoftphoneApi {
  readonly slices: SliceStore;
  private readonly notices: Notices;
  private readonly profiles: ProfileSync;
  private readonly session: SessionControl;
  private readonly calls: CallControls;
  private readonly table: CommandTable;
  private readonly now: () => Date;
  private readonly fetchOption: typeof fetch | undefined;
  private started = false;
  private lastSave: Promise<void> = Promise.resolve();

  constructor(private readonly options: ClientServiceOptions) {
    this.now = options.now ?? (() => new Date());
    this.slices = new SliceStore(initialSlices(), options.logger);
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
      requireSignedIn: () => this.session.requireSignedIn(),
    });
    const deps: SessionDeps = {
      slices: this.slices,
      notices: this.notices,
      profiles: this.profiles,
      secrets: options.secrets,
      save: (patch) => this.save(patch),
      startSip: (credentials) => this.startSip(credentials),
      stopSip: () => this.calls.stopEngine(),
      callDtmf: (dtmf) => this.calls.callDtmf(dtmf),
      fetch: options.fetch,
      sync: options.sync,
      signOutGraceMs: options.signOutGraceMs ?? 3000,
      now: this.now,
    };
    this.session = new SessionControl(deps);
    this.fetchOption = options.fetch;
    this.table = { ...this.localRows, ...this.syncedRows, ...this.calls.commands, ...serverRoutes };
  }

  /** Loads what was saved (reporting unreadable data as notices) and resumes a saved session. */
  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    const { state, problems } = await this.options.persistence.load();
    for (const problem of problems) {
      this.options.logger?.warn(problem.message);
      this.notices.add('warning', problem.text);
    }
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
    return this.execute(name, parseArgs(name, args));
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

  notify(kind: Notice['kind'], text: Text, topic?: string): void {
    this.notices.add(kind, text, topic);
  }

  /** The problem a `topic` notice told about is over (see `Notices.resolve`). */
  resolveNotice(topic: string): void {
    this.notices.resolve(topic);
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
  async execute<N extends CommandName>(name: N, args: ParsedArgs<N>): Promise<CommandResult<N>> {
    try {
      return await runRow(name, this.table[name], args, () => this.signedInApi());
    } catch (error) {
      throw this.toCommandError(error);
    }
  }

  /** Server routes need a session (its token). */
  private signedInApi(): ServerApi {
    this.session.requireSignedIn();
    return this.session.api();
  }

  // -------------------------------------------------------------------------------------------
  // The command table's rows for the session and local state; calls are in callControls.ts,
  // server routes (admin, directory) in adminApi.ts. Only these work while signed out.

  private readonly localRows = {
    'session.signIn': (a) => this.session.signIn(a),
    'session.signOut': async () => {
      await this.session.signOut();
      return done();
    },
    'session.requestPasswordReset': (a) => this.session.requestPasswordReset(a),
    'session.registrationInfo': (a) => registrationInfo(a.link, this.fetchOption),
    'account.changePassword': (a) => this.session.changePassword(a),
    'notices.dismiss': (a) => {
      this.notices.dismiss(a.id);
      return done();
    },
    'settings.update': (a) => this.updateSettings(a),
    'history.clear': () => {
      this.slices.set('history', []);
      this.save({ history: [] });
      return done();
    },
  } satisfies CommandRows;

  /** The user's own synced commands: queued, applied at once locally, sent when online. */
  private readonly syncedRows = perSyncedCommand<SyncedRows>(
    (definition) => (args: SyncedArgs<SyncedCommandName>) => this.submit(definition.name, args),
  ) satisfies CommandRows;

  private submit<N extends SyncedCommandName>(name: N, args: SyncedArgs<N>): { ok: true } {
    this.session.requireSignedIn();
    this.profiles.submit(name, args);
    return done();
  }

  private updateSettings(patch: ParsedArgs<'settings.update'>): Settings {
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
      if (error.kind === 'unauthenticated') void this.session.expired(textOfError(error));
      return new SoftphoneError(error.commandCode, error.message, error.text, error.fields);
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
