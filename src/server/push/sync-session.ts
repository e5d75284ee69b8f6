/**
 * One client's sync socket after the upgrade: the hello (authenticates with its token or the
 * one the handshake carried, says which revision the client holds), the catch-up (the changes
 * it missed, or a snapshot), then every committed change the hub pushes, with liveness pings.
 * Pushes that arrive while the catch-up is being read are buffered and sent after it, minus
 * the ones the catch-up already covered.
 *
 * The user's changes go out in revision order with no gap and no double, however the hub
 * hands them over (other instances' changes come over the bus, possibly out of order or as a
 * bare revision): a change right after the last one sent goes as it is, an older one is
 * dropped, and anything else makes the session read the change log from its last sent revision
 * (or send a snapshot when the log no longer has it all). After an interruption of the bus the
 * session checks its token again (a sign-out it missed) and catches up.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { WebSocket } from 'ws';
import { ClientHello, type ServerMessage } from '../../shared/server-api';
import type { UserRecord } from '../db/store';
import { authenticate } from '../services/auth';
import type { ServerContext } from '../services/context';
import { buildSnapshot } from '../services/snapshot';
import { mailboxOf } from '../services/voicemail';
import { companyPresence } from '../services/presence';
import type { PushTarget } from './hub';
import { text as sayText, type Text } from '../../shared/text';

const HELLO_TIMEOUT_MS = 10_000;
const PING_INTERVAL_MS = 30_000;
/** WebSocket close code 1001: the server is shutting down; clients reconnect, sessions stay. */
const GOING_AWAY = 1001;
/** Beyond this many missed changes a snapshot is smaller and simpler than the list. */
const MAX_CATCH_UP = 100;
const MAX_BUFFERED_BYTES = 8 * 1024 * 1024;

export interface SyncSessionOptions {
  /** A token the handshake carried (`?token=` or a `bearer.<token>` subprotocol). */
  presetToken: string | undefined;
  log: FastifyBaseLogger;
}

/** Runs the sync protocol on an upgraded socket until it closes. */
export function startSyncSession(
  ctx: ServerContext,
  socket: WebSocket,
  options: SyncSessionOptions,
): void {
  new SyncSession(ctx, socket, options).start();
}

const MAX_TIMER_MS = 2 ** 31 - 1;

class SyncSession implements PushTarget {
  private greeted = false;
  private closed = false;
  /** Pushes are sent as they come once the catch-up went out; before that they wait here. */
  private live = false;
  private sentRevision = 0;
  /** Pushes waiting for the catch-up after the hello (a change carries its revision). */
  private readonly buffered: { text: string | null; revision?: number }[] = [];
  /** The highest revision the hub said exists; beyond `sentRevision` the log is read. */
  private wantedRevision = 0;
  private catchingUp = false;
  private userId: string | null = null;
  private role: string | null = null;
  private token: string | null = null;
  private cleanup: (() => void)[] = [];
  private alive = true;
  private helloTimer: NodeJS.Timeout | undefined;
  private expiryTimer: NodeJS.Timeout | undefined;
  private pinger: NodeJS.Timeout | undefined;

  constructor(
    private readonly ctx: ServerContext,
    private readonly socket: WebSocket,
    private readonly options: SyncSessionOptions,
  ) {}

  start(): void {
    const { socket } = this;
    this.helloTimer = setTimeout(() => this.close(4408, 'No hello received'), HELLO_TIMEOUT_MS);
    this.pinger = setInterval(() => this.ping(), PING_INTERVAL_MS);
    socket.on('pong', () => (this.alive = true));
    socket.on('close', () => this.onClose());
    socket.on('error', () => socket.terminate());
    socket.on('message', (data) => this.onMessage(String(data)));
  }

  // PushTarget: what the hub calls.

  send(text: string): void {
    const { socket } = this;
    if (socket.readyState !== socket.OPEN) return;
    // A client that stopped reading would make the server hold every push for it; drop it
    // instead: it reconnects and resumes from its revision.
    if (socket.bufferedAmount > MAX_BUFFERED_BYTES || this.buffered.length > MAX_CATCH_UP) {
      socket.terminate();
      return;
    }
    if (!this.live) this.buffered.push({ text });
    else socket.send(text);
  }

  change(revision: number, text: string | null): void {
    if (this.socket.readyState !== this.socket.OPEN) return;
    if (!this.live) {
      if (this.buffered.length > MAX_CATCH_UP) return this.socket.terminate();
      this.buffered.push({ text, revision });
      return;
    }
    if (revision <= this.sentRevision) return;
    if (revision === this.sentRevision + 1 && text !== null && !this.catchingUp) {
      if (this.socket.bufferedAmount > MAX_BUFFERED_BYTES) return this.socket.terminate();
      this.socket.send(text);
      this.sentRevision = revision;
      return;
    }
    this.wantedRevision = Math.max(this.wantedRevision, revision);
    this.catchUp();
  }

  resync(): void {
    if (!this.live || this.closed) return;
    void this.recheck().catch((error: unknown) => this.options.log.error({ err: error }, 'The sync socket could not check its session after a bus interruption'));
  }

  end(reason: string, text: Text): void {
    this.message({ type: 'signed-out', reason, text });
    this.close(4401, reason);
  }

  goAway(reason: string): void {
    this.close(GOING_AWAY, reason);
  }

  // The session.

  /** After a bus interruption: a sign-out or role change it missed, and the changes. */
  private async recheck(): Promise<void> {
    if (!this.token || !this.userId) return;
    const caller = await authenticate(this.ctx, this.token);
    if (!caller) return this.end('Your session ended; sign in again', sayText('auth.sessionEnded'));
    if (caller.user.role !== this.role) return this.goAway('Your role changed');
    const current = await this.ctx.store.getUser(this.userId);
    if (current && current.revision > this.sentRevision) {
      this.wantedRevision = Math.max(this.wantedRevision, current.revision);
      this.catchUp();
    }
  }

  /** Reads what the log has beyond the last sent revision and sends it (one reader at a time). */
  private catchUp(): void {
    if (this.catchingUp || !this.userId) return;
    this.catchingUp = true;
    const userId = this.userId;
    const run = async (): Promise<void> => {
      while (!this.closed && this.wantedRevision > this.sentRevision) {
        const wanted = this.wantedRevision;
        const current = await this.ctx.store.getUser(userId);
        if (!current) return;
        const from = this.sentRevision;
        if (current.revision <= from) return;
        if (!(await this.sendChangesSince(current, from))) {
          const snapshot = await buildSnapshot(this.ctx.store, current);
          this.message({ type: 'snapshot', snapshot });
          this.sentRevision = snapshot.revision;
        }
        // Nothing newer in the log than what the hub announced: stop rather than spin.
        if (this.sentRevision < wanted && this.sentRevision === from) return;
      }
    };
    run()
      .catch((error: unknown) => {
        this.options.log.error({ err: error }, 'The sync socket could not catch up from the change log');
        this.close(1011, 'Server error');
      })
      .finally(() => {
        this.catchingUp = false;
      });
  }

  private message(message: ServerMessage): void {
    if (this.socket.readyState === this.socket.OPEN) this.socket.send(JSON.stringify(message));
  }

  private close(code: number, reason: string): void {
    if (this.socket.readyState === this.socket.OPEN) this.socket.close(code, reason.slice(0, 120));
  }

  private ping(): void {
    if (!this.alive) return this.socket.terminate();
    this.alive = false;
    this.socket.ping();
  }

  /** The socket lives no longer than its session: at the session's end it signs the client out. */
  private endAtExpiry(expiresAt: string): void {
    const left = Date.parse(expiresAt) - this.ctx.now().getTime();
    // setTimeout holds at most ~24.8 days; a longer session is checked again then
    const wait = Math.max(0, Math.min(left, MAX_TIMER_MS));
    this.expiryTimer = setTimeout(() => {
      if (Date.parse(expiresAt) - this.ctx.now().getTime() > 1000) return this.endAtExpiry(expiresAt);
      this.end('Your session ended; sign in again', sayText('auth.sessionEnded'));
    }, wait);
  }

  private onClose(): void {
    this.closed = true;
    clearTimeout(this.helloTimer);
    clearTimeout(this.expiryTimer);
    clearInterval(this.pinger);
    for (const fn of this.cleanup) fn();
    this.cleanup = [];
  }

  /** A socket that closed while the hello was being answered must not stay subscribed. */
  private subscribe(unsubscribe: () => void): void {
    if (this.closed) unsubscribe();
    else this.cleanup.push(unsubscribe);
  }

  private onMessage(data: string): void {
    if (this.greeted) return; // After the hello the socket is push-only; commands go over REST.
    this.greeted = true;
    let hello: ClientHello;
    try {
      hello = ClientHello.parse(JSON.parse(data));
    } catch {
      this.message({
        type: 'error',
        message: 'The first message must be {"type":"hello", "token"?, "resumeFrom"?}',
      });
      return this.close(4400, 'Bad hello');
    }
    this.onHello(hello).catch((error: unknown) => {
      this.options.log.error({ err: error }, 'The sync socket failed to start');
      this.message({ type: 'error', message: 'The server failed to start the sync' });
      this.close(1011, 'Server error');
    });
  }

  private async onHello(hello: ClientHello): Promise<void> {
    const { ctx } = this;
    const token = hello.token ?? this.options.presetToken;
    const caller = token ? await authenticate(ctx, token) : null;
    if (!caller) {
      this.message({
        type: 'signed-out',
        reason: 'Sign in again: the token is missing, expired or revoked',
        text: sayText('auth.sessionEnded'),
      });
      return this.close(4401, 'Unauthenticated');
    }
    clearTimeout(this.helloTimer);
    this.endAtExpiry(caller.sessionExpiresAt);
    const { user } = caller;
    this.userId = user.id;
    this.role = user.role;
    this.token = token ?? null;
    // Subscribe first, then read: a change committed in between is buffered, not lost.
    this.subscribe(ctx.hub.addUserSocket(user.id, caller.tokenHash, this, user.companyId));
    if (hello.watchCompany && user.role === 'admin')
      this.subscribe(ctx.hub.watchCompany(user.companyId, this));
    const current = await ctx.store.getUser(user.id);
    if (!current) return this.close(4401, 'Unknown user');
    if (!(await this.sendChangesSince(current, hello.resumeFrom))) {
      const snapshot = await buildSnapshot(ctx.store, current);
      this.message({ type: 'snapshot', snapshot });
      this.sentRevision = snapshot.revision;
    }
    this.message({ type: 'voicemail', mailbox: await mailboxOf(ctx, current) });
    this.message({ type: 'presence', complete: true, people: await companyPresence(ctx, current.companyId, current), removed: [] });
    this.live = true;
    for (const { text, revision } of this.buffered.splice(0)) {
      if (revision !== undefined) this.change(revision, text);
      else if (text !== null) this.socket.send(text);
    }
  }

  /** Sends what the client missed since `resumeFrom` when the log still has all of it and it is short. */
  private async sendChangesSince(
    current: UserRecord,
    resumeFrom: number | undefined,
  ): Promise<boolean> {
    if (resumeFrom === undefined || resumeFrom > current.revision) return false;
    const missing = current.revision - resumeFrom;
    if (missing > MAX_CATCH_UP) return false;
    const changes = missing === 0 ? [] : (await this.ctx.store.changesSince(current.id, resumeFrom)).filter((c) => c.revision <= current.revision);
    const complete =
      changes.length === missing && (missing === 0 || changes[0]?.revision === resumeFrom + 1);
    if (!complete || missing > MAX_CATCH_UP) return false;
    this.message({
      type: 'changes',
      userId: current.id,
      changes: changes.map((c) => ({
        revision: c.revision,
        at: c.at,
        reason: c.reason,
        patch: c.patch,
      })),
    });
    this.sentRevision = current.revision;
    return true;
  }
}
