/**
 * The engine's live calls: it keeps one record per call, follows each sip.js session's state
 * (answered, ended), answers the in-dialog requests every call handles the same way (BYE,
 * DTMF INFO), shows the RFC 4733 digits the PBX reports, and on the end of a call emits
 * `callEnded` and writes the history entry.
 */
import { SessionState, type Referral, type Session } from 'sip.js';
import type { CallRecord } from './callRecord';
import { dtmfToneOf, offersHold } from './sessionRequests';
import { text } from '../../shared/text';
import type { CallHistoryPort, SipEngineEvents, SipLogger } from './types';

export interface CallBookHooks {
  emit<K extends keyof SipEngineEvents>(event: K, payload: SipEngineEvents[K]): void;
  /** The other party asks us to call someone else (REFER). */
  onRefer(record: CallRecord, referral: Referral): void;
  history?: CallHistoryPort;
  logger: SipLogger;
}

export class CallBook {
  private readonly records = new Map<string, CallRecord>();

  constructor(private readonly hooks: CallBookHooks) {}

  all(): CallRecord[] {
    return [...this.records.values()];
  }

  require(callId: string): CallRecord {
    const record = this.records.get(callId);
    if (!record) throw new Error('No such call (it may have ended)');
    return record;
  }

  /** Adds the call; `announce` emits it (calls rejected or redirected at once are not shown ringing). */
  track(record: CallRecord, announce = true): void {
    this.records.set(record.id, record);
    if (announce) this.hooks.emit('call', record.snapshot());
  }

  update(
    record: CallRecord,
    changes: Partial<Pick<CallRecord, 'state' | 'held' | 'muted' | 'heldByOther' | 'dtmfReceived'>>,
  ): void {
    if (record.finished) return;
    Object.assign(record, changes);
    this.hooks.emit('call', record.snapshot());
  }

  /**
   * A digit the PBX's media relay saw (RFC 4733) in the call with this SIP Call-ID, pushed by
   * the profile server: shown in that call unless this phone sent it (`sourceTag` is the SIP
   * tag of the sending side; ours is our dialog's local tag). Returns whether it was shown.
   */
  receivedFromPbx(sipCallId: string, tone: string, sourceTag: string): boolean {
    if (!/^[0-9*#A-D]$/.test(tone)) return false;
    const record = this.all().find((r) => r.sipCallId === sipCallId && r.isEstablished);
    const ownTag = record?.session.dialog?.localTag;
    if (!record || ownTag === undefined || ownTag === sourceTag) return false;
    this.received(record, tone);
    return true;
  }

  private received(record: CallRecord, tone: string): void {
    this.update(record, { dtmfReceived: (record.dtmfReceived + tone).slice(-64) });
    this.hooks.emit('dtmf', { callId: record.id, tone });
  }

  /** Makes `session` the call's current session and follows it. */
  attach(record: CallRecord, session: Session): void {
    record.session = session;
    session.delegate = {
      // the caller's ACK to our 200 OK: the dialog is confirmed, re-INVITEs may go out
      onAck: () => record.markConfirmed(),
      onBye: (bye) => {
        record.endReason ??= text('callEnd.otherHungUp');
        bye.accept().catch(() => undefined);
      },
      onInfo: (info) => {
        const tone = dtmfToneOf(info.request.body);
        info.accept().catch(() => undefined);
        if (tone) this.received(record, tone);
      },
      onInvite: (request, _response, statusCode) => {
        // a re-INVITE from the other side: hold (sendonly/inactive) or resume
        if (statusCode >= 300 || !request.body) return;
        const heldByOther = offersHold(request.body);
        if (heldByOther !== record.heldByOther) this.update(record, { heldByOther });
      },
      onRefer: (referral) => this.hooks.onRefer(record, referral),
    };
    session.stateChange.addListener((state) => {
      if (record.session !== session) return;
      if (state === SessionState.Established && !record.answeredAt) {
        record.answeredAt = new Date();
        if (!(record.outcome === 'forwarded' && record.direction === 'incoming'))
          record.outcome = 'answered';
        // an outgoing call is confirmed by our own ACK, sent as it becomes Established
        if (record.direction === 'outgoing') record.markConfirmed();
        this.update(record, { state: 'active' });
      } else if (state === SessionState.Terminated) {
        // sip.js reports Terminated before it hands us the final response (reject, redirect):
        // finish once those delegates have run, unless a redirect gave the call a new session.
        queueMicrotask(() => {
          if (record.session === session) this.finish(record);
        });
      }
    });
  }

  finish(record: CallRecord): void {
    if (record.finished) return;
    record.finished = true;
    record.endedAt = new Date();
    record.state = 'ended';
    record.endReason ??= record.answeredAt
      ? text('callEnd.ended')
      : record.direction === 'incoming'
        ? text('callEnd.missed')
        : text('callEnd.failed');
    this.records.delete(record.id);
    record.markConfirmed(); // nobody waits for an ACK of a call that is over
    this.hooks.emit('callEnded', record.snapshot());
    const history = this.hooks.history;
    if (history) {
      Promise.resolve(history.record(record.historyEntry())).catch((error: unknown) =>
        this.hooks.logger.error(`Could not write call history: ${String(error)}`),
      );
    }
  }
}
