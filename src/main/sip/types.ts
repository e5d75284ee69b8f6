/**
 * The SIP engine's public vocabulary. Snapshots are plain serialisable objects shaped like the
 * IPC contract's views (src/shared/ipc.ts), so the client service can forward them unchanged.
 */
import type { CallView, HistoryEntry, RegistrationState } from '../../shared/ipc';
import { silentLogger, type Logger } from '../logging/logger';

export type RegistrationSnapshot = RegistrationState;
export type CallSnapshot = CallView;
export type CallHistoryRecord = HistoryEntry;
export type CalledType = NonNullable<CallView['calledType']>;

/** Where call history goes (the client service persists it). */
export interface CallHistoryPort {
  record(entry: CallHistoryRecord): void | Promise<void>;
}

/** What the engine knows about an incoming call when it asks what to do with it. */
export interface IncomingCallInfo {
  /** The caller as shown (P-Asserted-Identity, else From; `anonymous` when withheld). */
  from: { number: string; displayName: string | null };
  /** The user's number the caller dialled (X-Called-Number from the PBX, else the To user). */
  calledNumber: string | null;
  /** landline / mobile / internal / queue, from the PBX's X-Called-Type header. */
  calledType: CalledType | null;
  /** The phone's state at this instant: already in (or setting up) another call. */
  inCall: boolean;
}

/**
 * What to do with an incoming call. The client service derives it from the shared
 * incoming-call rule and the profile in effect; the engine only enforces it.
 */
export type IncomingDecision =
  | { action: 'ring' }
  | { action: 'reject'; status: number; reason?: string }
  | { action: 'redirect'; target: string; reason?: RedirectReason };

/**
 * Why the softphone redirects (RFC 5806 Diversion reasons): the PBX, which carries the redirect
 * out, tells the caller and the profile server the same. The no-answer time is never the
 * softphone's business: the PBX alone forwards a call that rang too long.
 */
export type RedirectReason = 'unconditional' | 'user-busy' | 'unavailable';

/** The identity to present on an outgoing call (the shared caller-ID rule's result). */
export type CallerIdPresentation =
  { kind: 'number'; number: string; displayName?: string } | { kind: 'hidden' };

/** The SIP engine logs through the client's one Logger interface. */
export type SipLogger = Logger;
export { silentLogger };

/** A session-description handler that can also mute the microphone (the media engine does). */
export interface MuteCapable {
  setMuted(muted: boolean): void;
}

export function isMuteCapable(value: unknown): value is MuteCapable {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Partial<MuteCapable>).setMuted === 'function'
  );
}

export interface SipEngineEvents {
  registration: RegistrationSnapshot;
  /** A call appeared or changed (state, held, muted, answered...). */
  call: CallSnapshot;
  /** A call ended; the snapshot carries endedAt and endReason. */
  callEnded: CallSnapshot;
  /**
   * After a reconnect, the call's target refresh (re-INVITE) succeeded or finally failed
   * (`status`: the last answer; a failed refresh ends the call).
   */
  callRefreshed: { callId: string; ok: boolean; status: number };
  /** A DTMF tone received over SIP INFO, or by RFC 4733 as the PBX reports it. */
  dtmf: { callId: string; tone: string };
  /** Something went wrong outside a call (e.g. a transfer could not be started). */
  error: { message: string; callId: string | null };
}
