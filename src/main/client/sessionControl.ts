/**
 * The session with the profile server: sign in, resume, sign out, expiry, and the sync socket
 * that lives as long as the session. Sign-in and sign-out never overlap.
 */
import { SoftphoneError, type Account, type SessionState } from '../../shared/ipc';
import type { SipCredentials } from '../../shared/server-api';
import type { Notices } from './notices';
import type { PersistedState, RememberedAccount, SipAccount } from './persistedState';
import type { SecretPort } from './ports';
import type { ProfileSync } from './profileSync';
import { ServerApi, ServerApiError } from './serverApi';
import type { SliceStore } from './sliceStore';
import { text, textOfError, type Text } from '../../shared/text';
import { SyncConnection, type CallDtmf, type SyncOptions } from './syncConnection';
import { withPresence } from '../../shared/people';

export interface SessionDeps {
  slices: SliceStore;
  notices: Notices;
  profiles: ProfileSync;
  secrets: SecretPort;
  save(patch: Partial<PersistedState>): void;
  startSip(credentials: SipCredentials): void;
  /** A DTMF digit the PBX saw in one of the user's calls (for the SIP engine). */
  callDtmf(dtmf: CallDtmf): void;
  stopSip(): Promise<void>;
  fetch?: typeof fetch;
  sync?: Pick<SyncOptions, 'initialDelayMs' | 'maxDelayMs' | 'silenceMs'>;
  signOutGraceMs: number;
  now: () => Date;
}

const within = <T>(promise: Promise<T>, ms: number): Promise<T | 'timeout'> =>
  Promise.race([
    promise,
    new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), ms).unref?.()),
  ]);

function sameAccount(a: RememberedAccount | null, b: RememberedAccount): boolean {
  return (
    a !== null &&
    a.serverUrl === b.serverUrl &&
    a.userName.toLowerCase() === b.userName.toLowerCase() &&
    // User names are unique per company only; accounts remembered before that name no company.
    (a.companyName === undefined || b.companyName === undefined || a.companyName === b.companyName)
  );
}

export class SessionControl {
  private client: ServerApi | null = null;
  private sync: SyncConnection | null = null;
  private sipRunning = false;
  /** The SIP account a resumed session registered with before the server answered. */
  private savedSip: SipCredentials | null = null;
  /** While the user's own password change is under way (it ends this session too). */
  private changingPassword = false;
  private busy = false;

  constructor(private readonly deps: SessionDeps) {}

  api(): ServerApi {
    if (this.client === null) throw new SoftphoneError('unauthenticated', 'Sign in first');
    return this.client;
  }

  requireSignedIn(): void {
    if (this.deps.slices.get('session').status !== 'signedIn')
      throw new SoftphoneError('unauthenticated', 'Sign in first');
  }

  private setSession(patch: Partial<SessionState>): SessionState {
    this.deps.slices.update('session', (session) => ({ ...session, ...patch }));
    return this.deps.slices.get('session');
  }

  /** At start: a saved account with its token in the SecretPort signs in again without a password. */
  async restore(state: PersistedState): Promise<void> {
    this.setSession({ remembered: state.remembered });
    if (state.account === null) return;
    const token = await this.deps.secrets.get('sessionToken');
    if (token === null) {
      // The account is on disk but the token is gone (keychain reset, memory-only secrets).
      this.deps.save({ account: null, sipAccount: null, snapshot: null, revision: 0, pendingCommands: [] });
      if (state.pendingCommands.length > 0) {
        this.deps.notices.add(
          'warning',
          text('notice.offlineChangesLost', { n: state.pendingCommands.length }),
        );
      }
      this.deps.profiles.reset();
      return;
    }
    try {
      this.client = new ServerApi({ serverUrl: state.account.serverUrl, token, fetch: this.deps.fetch });
    } catch (error) {
      // An account saved by an older version against a server this one refuses (plain http://
      // beyond this computer): signed out, saying why, rather than sending the token in clear.
      if (!(error instanceof ServerApiError) || error.text === undefined) throw error;
      this.deps.save({ account: null, sipAccount: null, snapshot: null, revision: 0, pendingCommands: [] });
      this.deps.notices.add('warning', error.text);
      this.deps.profiles.reset();
      return;
    }
    this.deps.profiles.setBase(state.snapshot);
    this.setSession({ status: 'signedIn', account: state.account, error: null });
    this.startSync(state.account.serverUrl, token);
    // Offline first for calls too: the saved SIP account and HA1 register without the
    // profile server (a password rotated meanwhile fails as "wrong password" until sign-in).
    const sipHa1 = state.sipAccount === null ? null : await this.deps.secrets.get('sipHa1');
    if (state.sipAccount !== null && sipHa1 !== null && !this.sipRunning) {
      this.runSip({ ...state.sipAccount, ha1: sipHa1 });
      this.savedSip = { ...state.sipAccount, ha1: sipHa1 };
    }
  }

  async signIn(args: {
    serverUrl: string;
    userName: string;
    password: string;
    company?: string | undefined;
  }): Promise<SessionState> {
    if (this.busy)
      throw new SoftphoneError('conflict', 'A sign-in or sign-out is already in progress');
    const session = this.deps.slices.get('session');
    if (session.status === 'signedIn') {
      throw new SoftphoneError(
        'conflict',
        `Already signed in as ${session.account?.userName ?? 'someone'}; sign out first`,
      );
    }
    this.busy = true;
    let api: ServerApi | null = null;
    let token: string | null = null;
    try {
      api = new ServerApi({ serverUrl: args.serverUrl, fetch: this.deps.fetch });
      const company = args.company?.trim() || undefined;
      const remembered = { serverUrl: api.serverUrl, userName: args.userName.trim(), ...(company ? { companyName: company } : {}) };
      this.setSession({ status: 'signingIn', error: null, remembered });
      const answer = await api.signIn(remembered.userName, args.password, company);
      token = answer.token;
      api.setToken(token);
      const snapshot = await api.snapshot();
      const sip = await this.fetchSip(api);
      const account: Account = {
        serverUrl: api.serverUrl,
        userName: answer.user.userName,
        userId: answer.user.id,
        displayName:
          `${answer.user.firstName} ${answer.user.lastName}`.trim() || answer.user.userName,
        role: answer.user.role,
        companyName: answer.companyName,
        language: answer.user.language,
      };
      await this.deps.secrets.set('sessionToken', token);
      if (sip !== null) await this.deps.secrets.set('sipHa1', sip.ha1);
      const previous = session.remembered;
      const rememberedNow = { serverUrl: account.serverUrl, userName: account.userName, companyName: account.companyName };
      // Another person's history and unsent commands do not belong to this account. (What was
      // typed names no company: it only counts for accounts remembered without one.)
      const switchedAccount =
        !sameAccount(previous, rememberedNow) &&
        (previous?.companyName !== undefined || !sameAccount(previous, remembered));
      if (switchedAccount) {
        this.deps.profiles.reset();
        this.deps.slices.set('history', []);
      }
      this.deps.save({
        account,
        sipAccount: sip === null ? null : withoutSecret(sip),
        remembered: rememberedNow,
        snapshot,
        revision: snapshot.revision,
        ...(switchedAccount ? { history: [], pendingCommands: [] } : {}),
      });
      this.client = api;
      this.deps.profiles.setBase(snapshot);
      const state = this.setSession({
        status: 'signedIn',
        account,
        error: null,
        remembered: rememberedNow,
      });
      this.startSync(account.serverUrl, token);
      if (sip !== null) this.runSip(sip);
      return state;
    } catch (error) {
      if (token !== null && api !== null) {
        await api.signOut().catch(() => undefined);
        await this.forgetSecrets();
      }
      return this.setSession({ status: 'signedOut', account: null, error: textOfError(error) });
    } finally {
      this.busy = false;
    }
  }

  async signOut(): Promise<void> {
    if (this.deps.slices.get('session').status !== 'signedIn') return;
    if (this.busy)
      throw new SoftphoneError('conflict', 'A sign-in or sign-out is already in progress');
    this.busy = true;
    try {
      // Give commands waiting for the server a moment to arrive before the token is revoked.
      if (this.deps.slices.get('connection').status === 'online')
        await within(this.deps.profiles.idle(), this.deps.signOutGraceMs);
      const unsent = this.deps.profiles.pending.length;
      await this.stopLinks();
      const api = this.client;
      if (api !== null) {
        await api.signOut().catch((error: unknown) => {
          this.deps.notices.add(
            'warning',
            text('notice.signOutNotTold', { reason: error instanceof Error ? error.message : String(error) }),
          );
        });
      }
      if (unsent > 0)
        this.deps.notices.add(
          'warning',
          text('notice.unsentAtSignOut', { n: unsent }),
        );
      await this.clearLocal(null);
    } finally {
      this.busy = false;
    }
  }

  /**
   * The user's own password change (seed 000): on success the server has ended every session
   * of the account, so this one is signed out here at once, saying why.
   */
  async changePassword(args: { currentPassword: string; newPassword: string }): Promise<{ ok: true }> {
    const api = this.api();
    // The socket's "signed out" for this change is ours to say, once, in our words.
    this.changingPassword = true;
    try {
      await api.changePassword(args.currentPassword, args.newPassword);
    } finally {
      this.changingPassword = false;
    }
    await this.expired(text('auth.passwordChangedSelf'));
    return { ok: true };
  }

  /** Asks the server at `serverUrl` to mail a reset link (works signed out). */
  async requestPasswordReset(args: { serverUrl: string; login: string }): Promise<{ ok: true }> {
    return new ServerApi({ serverUrl: args.serverUrl, fetch: this.deps.fetch }).requestPasswordReset(args.login);
  }

  /** The server ended the session (expired, revoked, account disabled). */
  async expired(reason: Text): Promise<void> {
    if (this.deps.slices.get('session').status !== 'signedIn') return;
    await this.stopLinks();
    this.deps.notices.add('warning', text('notice.signedOut', { reason }));
    await this.clearLocal(reason);
  }

  async shutdown(): Promise<void> {
    this.deps.profiles.stop();
    await this.stopLinks();
  }

  reconnectNow(): void {
    this.sync?.reconnectNow();
  }

  resync(): void {
    this.sync?.resync();
  }

  // -------------------------------------------------------------------------------------------

  private startSync(serverUrl: string, token: string): void {
    this.sync?.stop();
    const { profiles } = this.deps;
    this.sync = new SyncConnection({
      serverUrl,
      token,
      ...this.deps.sync,
      handlers: {
        resumeFrom: () => profiles.revision,
        onSnapshot: (snapshot) => profiles.applySnapshot(snapshot),
        onChanges: (changes) => profiles.applyChanges(changes),
        onStatus: (status, error) => {
          profiles.setConnection(status, error);
          if (status === 'online' && !this.sipRunning) void this.startSipWhenPossible();
          else if (status === 'online' && this.savedSip !== null) void this.refreshSavedSip();
        },
        onSessionEnded: (reason) => void this.confirmSessionEnded(reason),
        onCallDtmf: (dtmf) => this.deps.callDtmf(dtmf),
        onVoicemail: (mailbox) => this.deps.slices.set('voicemail', mailbox),
        onCompanyChange: (note) => this.deps.slices.set('companyChange', note),
        onPresence: (presence) => this.deps.slices.update('people', (people) => withPresence(people, presence)),
      },
    });
    this.sync.start();
  }

  /**
   * The socket says the session ended. Before discarding the session, ask the server: only a
   * 401 means it is over; a server that is restarting says the same to every socket.
   */
  private async confirmSessionEnded(reason: Text): Promise<void> {
    const api = this.client;
    const sync = this.sync;
    if (api === null || this.changingPassword) return;
    try {
      await api.me();
    } catch (error) {
      if (error instanceof ServerApiError && error.kind === 'unauthenticated') {
        await this.expired(reason);
        return;
      }
    }
    if (this.sync === sync) sync?.resumeAfterFalseAlarm();
  }

  /** After a resumed session the SIP account comes from the server once it is reachable. */
  private async startSipWhenPossible(): Promise<void> {
    const api = this.client;
    if (api === null || this.sipRunning) return;
    this.sipRunning = true;
    try {
      const sip = await this.fetchSip(api);
      if (this.client !== api) return;
      if (sip === null) {
        this.sipRunning = false;
        return;
      }
      await this.deps.secrets.set('sipHa1', sip.ha1);
      this.deps.save({ sipAccount: withoutSecret(sip) });
      this.deps.startSip(sip);
    } catch (error) {
      this.sipRunning = false;
      if (error instanceof ServerApiError && error.kind === 'unauthenticated')
        await this.expired(textOfError(error));
    }
  }

  /**
   * Started offline with the saved HA1: once the server answers, ask it for the SIP account
   * once and re-register when it changed (rotated elsewhere, or a new realm: issue 12).
   */
  private async refreshSavedSip(): Promise<void> {
    const api = this.client;
    const saved = this.savedSip;
    this.savedSip = null;
    if (api === null || saved === null) return;
    const sip = await this.fetchSip(api).catch(() => null);
    if (sip === null || this.client !== api || !this.sipRunning) return;
    if (sip.ha1 === saved.ha1 && sip.realm === saved.realm && sip.wsUrl === saved.wsUrl && sameList(sip.wsUrls, saved.wsUrls)) return;
    await this.deps.secrets.set('sipHa1', sip.ha1);
    this.deps.save({ sipAccount: withoutSecret(sip) });
    await within(this.deps.stopSip(), this.deps.signOutGraceMs);
    if (this.client === api) this.deps.startSip(sip);
  }

  private runSip(sip: SipCredentials): void {
    this.sipRunning = true;
    this.deps.startSip(sip);
  }

  /** Null when the account may not use the softphone (said in the registration slice). */
  private async fetchSip(api: ServerApi): Promise<SipCredentials | null> {
    try {
      return await api.sipCredentials();
    } catch (error) {
      if (error instanceof ServerApiError && error.kind === 'rejected') {
        this.deps.slices.set('registration', {
          status: 'failed',
          reason: textOfError(error),
          since: this.deps.now().toISOString(),
        });
        return null;
      }
      throw error;
    }
  }

  private async stopLinks(): Promise<void> {
    this.sync?.stop();
    this.sync = null;
    this.savedSip = null;
    if (this.sipRunning) {
      this.sipRunning = false;
      await within(this.deps.stopSip(), this.deps.signOutGraceMs);
    }
  }

  private async clearLocal(error: Text | null): Promise<void> {
    this.client = null;
    this.deps.profiles.reset();
    this.deps.slices.set('voicemail', null);
    this.deps.slices.set('companyChange', null);
    this.deps.slices.set('people', []);
    await this.forgetSecrets();
    this.deps.save({ account: null, sipAccount: null, snapshot: null, revision: 0, pendingCommands: [] });
    this.setSession({ status: 'signedOut', account: null, error });
  }

  private async forgetSecrets(): Promise<void> {
    await this.deps.secrets.delete('sessionToken');
    await this.deps.secrets.delete('sipHa1');
  }
}

function withoutSecret(sip: SipCredentials): SipAccount {
  return {
    userName: sip.userName,
    domain: sip.domain,
    realm: sip.realm,
    displayName: sip.displayName,
    wsUrl: sip.wsUrl,
    ...(sip.wsUrls ? { wsUrls: sip.wsUrls } : {}),
  };
}

function sameList(a: readonly string[] | undefined, b: readonly string[] | undefined): boolean {
  return (a ?? []).join('\n') === (b ?? []).join('\n');
}
