/**
 * One call as the user sees it. A call can span several sip.js sessions (an outgoing call that
 * follows a 302 redirect gets a new Inviter), so the record, not the session, carries the id,
 * the times and the outcome, and produces the serialisable snapshot and history entry.
 */
import { randomUUID } from 'node:crypto';
import type { Session } from 'sip.js';
import type { Text } from '../../shared/text';
import type { CallHistoryRecord, CallSnapshot, CalledType } from './types';

type CallState = CallSnapshot['state'];
type Outcome = CallHistoryRecord['outcome'];

export class CallRecord {
  readonly id = randomUUID();
  readonly startedAt = new Date();
  state: CallState;
  session: Session;
  party: { number: string; displayName: string | null };
  calledNumber: string | null = null;
  calledType: CalledType | null = null;
  held = false;
  /** The other party holds the call (their last offer was sendonly or inactive). */
  heldByOther = false;
  /** Digits received from the other party (the last 64). */
  dtmfReceived = '';
  muted = false;
  answeredAt: Date | null = null;
  endedAt: Date | null = null;
  endReason: Text | null = null;
  outcome: Outcome | null = null;
  forwardedTo: string | null = null;
  /** SIP Call-ID (the PBX reports forwarded calls with it; recordings are found by it). */
  sipCallId: string | null = null;
  /** Set once the record has been finished (history written, callEnded emitted). */
  finished = false;
  /**
   * The dialog is confirmed: our ACK went out (outgoing) or the caller's ACK arrived
   * (incoming). Until then a re-INVITE crosses the ACK (RFC 5407 §3.1.5) and is lost.
   */
  confirmed = false;
  /** The answer in progress (`answer()` called, the 200 OK not sent yet). */
  answering: Promise<void> | null = null;
  private readonly confirmWaiters = new Set<() => void>();

  constructor(
    readonly direction: 'incoming' | 'outgoing',
    session: Session,
    party: { number: string; displayName: string | null },
    state: CallState,
  ) {
    this.session = session;
    this.party = party;
    this.state = state;
  }

  get isLive(): boolean {
    return !this.finished;
  }

  /** Answered and not yet ended. */
  get isEstablished(): boolean {
    return this.answeredAt !== null && !this.finished;
  }

  /** Marks the dialog confirmed (or the call over) and wakes whoever waits for it. */
  markConfirmed(): void {
    this.confirmed = true;
    for (const wake of [...this.confirmWaiters]) wake();
  }

  /**
   * Resolves once the dialog is confirmed, the call is over, or `maxWaitMs` passed (an ACK
   * that never comes must not freeze the call's controls: the caller's re-INVITE retries
   * then cover a late ACK).
   */
  untilConfirmed(maxWaitMs: number): Promise<void> {
    if (this.confirmed || this.finished) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.confirmWaiters.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, maxWaitMs);
      this.confirmWaiters.add(wake);
    });
  }

  snapshot(): CallSnapshot {
    return {
      id: this.id,
      direction: this.direction,
      state: this.state,
      party: { ...this.party },
      calledNumber: this.calledNumber,
      calledType: this.calledType,
      queueName: null,
      held: this.held,
      muted: this.muted,
      startedAt: this.startedAt.toISOString(),
      answeredAt: this.answeredAt?.toISOString() ?? null,
      endedAt: this.endedAt?.toISOString() ?? null,
      endReason: this.endReason,
      forwardedTo: this.forwardedTo,
      heldByOther: this.heldByOther,
      dtmfReceived: this.dtmfReceived,
    };
  }

  /**
   * An outgoing call the callee's profile forwarded (PBX 181, or the callee's 302) reads
   * "Forwarded to …" unless the target answered ("answered", with forwardedTo kept).
   */
  private finalOutcome(): Outcome {
    if (this.direction === 'outgoing' && this.forwardedTo && !this.answeredAt) return 'forwarded';
    return (
      this.outcome ??
      (this.answeredAt ? 'answered' : this.direction === 'incoming' ? 'missed' : 'failed')
    );
  }

  historyEntry(): CallHistoryRecord {
    return {
      id: this.id,
      direction: this.direction,
      party: { ...this.party },
      calledNumber: this.calledNumber,
      startedAt: this.startedAt.toISOString(),
      answeredAt: this.answeredAt?.toISOString() ?? null,
      endedAt: this.endedAt?.toISOString() ?? null,
      outcome: this.finalOutcome(),
      forwardedTo: this.forwardedTo,
      reason: this.endReason,
      ...(this.sipCallId ? { sipCallId: this.sipCallId } : {}),
    };
  }
}

/** Seconds between answer and end (or now, for a call still running); 0 if never answered. */
export function callDurationSeconds(
  call: Pick<CallSnapshot, 'answeredAt' | 'endedAt'>,
  now: Date = new Date(),
): number {
  if (!call.answeredAt) return 0;
  const end = call.endedAt ? new Date(call.endedAt) : now;
  return Math.max(0, Math.round((end.getTime() - new Date(call.answeredAt).getTime()) / 1000));
}
