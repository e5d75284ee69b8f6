/**
 * Keeps established calls reachable across a lost connection to the PBX (PBX restart, dead
 * path, network change).
 *
 * The in-dialog requests of a call (BYE, re-INVITE, INFO) reach each side over the WebSocket
 * connection it had when the call was set up; after a reconnect that connection is gone. Once
 * the engine is registered again (the PBX knows the new connection), every established call
 * gets a target refresh: a re-INVITE along the dialog's route set that keeps the call as it is
 * (same hold state) and tells the PBX and the other side how to reach this side now.
 *
 * - The other side may still be reconnecting itself: a refresh it cannot receive yet (408,
 *   480, 477, 503, ...) is tried again every `retryEveryMs` until `giveUpAfterMs` has passed.
 * - 481 (the other side no longer knows the call) or giving up ends the call with
 *   "The connection to the other party was lost"; so does a connection that is not back
 *   within `giveUpAfterMs`: the call has no path, and neither side is left in a silent call.
 */
import { SessionState } from 'sip.js';
import { reInvite } from './sessionRequests';
import type { CallBook } from './callBook';
import type { CallRecord } from './callRecord';
import { text } from '../../shared/text';
import type { RegistrationSnapshot, SipEngineEvents, SipLogger } from './types';

export interface CallPathOptions {
  /** How long a call may be without a path (no connection, or refreshes failing) before it ends. */
  giveUpAfterMs?: number;
  /** Wait between refreshes the other side could not receive yet. */
  retryEveryMs?: number;
}

export interface CallPathHooks {
  book: Pick<CallBook, 'all' | 'finish'>;
  /** Ends the call as its state requires (a BYE, for an established call). */
  end(record: CallRecord): Promise<void>;
  emit(event: 'callRefreshed', payload: SipEngineEvents['callRefreshed']): void;
  logger: SipLogger;
}

const DEFAULT_PATH_GIVE_UP_MS = 30_000;

export class CallPaths {
  private readonly giveUpAfterMs: number;
  private readonly retryEveryMs: number;
  /** Set while the connection is down: when it went down. */
  private lostAt: number | null = null;
  private lostTimer: ReturnType<typeof setTimeout> | null = null;
  private disposed = false;

  constructor(
    private readonly hooks: CallPathHooks,
    options: CallPathOptions = {},
  ) {
    this.giveUpAfterMs = options.giveUpAfterMs ?? DEFAULT_PATH_GIVE_UP_MS;
    this.retryEveryMs = options.retryEveryMs ?? 2_000;
  }

  /**
   * Follows the registration: once it is lost (connection dropped or found dead, registration
   * lapsed) nothing may reach this side; registered again, every call that outlived that is
   * refreshed.
   */
  follow(status: RegistrationSnapshot['status']): void {
    if (this.disposed) return;
    if (status === 'registered') this.registered();
    // ("failed": the PBX refused a REGISTER, so the connection itself still works)
    else if (status === 'registering') this.connectionLost();
  }

  private connectionLost(): void {
    if (this.lostAt !== null) return;
    this.lostAt = Date.now();
    this.lostTimer = setTimeout(() => {
      this.lostTimer = null;
      for (const record of this.established()) {
        this.hooks.logger.warn(`Call ${record.id}: not registered for ${this.giveUpAfterMs} ms`);
        this.lose(record);
      }
    }, this.giveUpAfterMs);
  }

  private registered(): void {
    if (this.lostAt === null) return;
    const deadline = this.lostAt + this.giveUpAfterMs;
    this.lostAt = null;
    if (this.lostTimer) clearTimeout(this.lostTimer);
    this.lostTimer = null;
    for (const record of this.established()) void this.refresh(record, deadline);
  }

  dispose(): void {
    this.disposed = true;
    if (this.lostTimer) clearTimeout(this.lostTimer);
    this.lostTimer = null;
  }

  private established(): CallRecord[] {
    return this.hooks.book
      .all()
      .filter((record) => record.isEstablished && record.session.state === SessionState.Established);
  }

  private async refresh(record: CallRecord, deadline: number): Promise<void> {
    const session = record.session;
    let status = 0;
    for (let attempt = 0; ; attempt++) {
      if (this.disposed || record.session !== session || session.state !== SessionState.Established)
        return;
      // a re-INVITE that cannot be sent now (one in progress, ours or theirs) counts as glare
      status = await reInvite(session, record.held).catch(() => 491);
      if (status >= 200 && status < 300) break;
      // A re-INVITE crossing one from the other side (both refresh at once): retry soon. A
      // 500 may be that too (RFC 5407 §3.1.5), or the PBX failing to deliver: retried soon once.
      const glare = status === 491 || (status === 500 && attempt === 0);
      if (status === 481 || Date.now() >= deadline || attempt >= 100) break;
      this.hooks.logger.info(`Call ${record.id}: target refresh answered ${status}; trying again`);
      await delay(glare ? 100 + Math.random() * 900 : this.retryEveryMs);
    }
    const ok = status >= 200 && status < 300;
    this.hooks.emit('callRefreshed', { callId: record.id, ok, status });
    if (!ok && !this.disposed && record.session === session && session.state === SessionState.Established) {
      this.hooks.logger.warn(`Call ${record.id}: target refresh failed (${status}); ending the call`);
      this.lose(record);
    }
  }

  /**
   * Ends a call that has no path. The BYE is sent if it can be, but nothing waits for it: with
   * no path its transaction would only time out (32 s).
   */
  private lose(record: CallRecord): void {
    record.endReason = text('callEnd.pathLost');
    this.hooks.end(record).catch(() => undefined);
    this.hooks.book.finish(record);
  }
}


function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
