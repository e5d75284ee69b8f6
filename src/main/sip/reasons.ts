/** SIP outcomes as texts people understand (shown in the call screen and history). */
import { text, type Text } from '../../shared/text';

const withPhrase = (statusCode: number, reasonPhrase?: string): string =>
  `${statusCode}${reasonPhrase ? ` ${reasonPhrase}` : ''}`;

export function failureReason(statusCode: number, reasonPhrase?: string): Text {
  switch (statusCode) {
    case 400:
      return text('callEnd.badRequest');
    case 401:
    case 407:
    case 403:
      return text('callEnd.notAllowed');
    case 404:
    case 604:
      return text('callEnd.notFound');
    case 408:
      return text('callEnd.noAnswer');
    case 410:
      return text('callEnd.numberGone');
    case 480:
      return text('callEnd.notAvailable');
    case 482:
    case 483:
      return text('callEnd.loop');
    case 484:
      return text('callEnd.incomplete');
    case 486:
    case 600:
      return text('callEnd.busy');
    case 487:
      return text('callEnd.cancelled');
    case 488:
    case 606:
      return text('callEnd.incompatible');
    case 603:
      return text('callEnd.declined');
    case 503:
      return text('callEnd.serviceUnavailable');
    default:
      return text(statusCode >= 500 ? 'callEnd.pbxError' : 'callEnd.failedStatus', {
        status: withPhrase(statusCode, reasonPhrase),
      });
  }
}

export function registrationFailureReason(statusCode: number, reasonPhrase?: string): Text {
  switch (statusCode) {
    case 401:
    case 403:
    case 407:
      return text('registration.wrongCredentials');
    case 404:
      return text('registration.unknownUser');
    case 408:
      return text('registration.noAnswer');
    case 423:
      return text('registration.intervalRejected');
    case 503:
      return text('registration.pbxUnavailable');
    default:
      return text('registration.refused', { status: withPhrase(statusCode, reasonPhrase) });
  }
}

export function isBusyStatus(statusCode: number): boolean {
  return statusCode === 486 || statusCode === 600;
}

/**
 * Why an outgoing call could not even be sent, in the user's words (the browser's or sip.js's
 * own message is for the log only): no microphone, the microphone not allowed, no media engine
 * to carry the sound, no connection to the PBX, else "could not be started".
 */
export function startFailureReason(error: unknown): Text {
  const words = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  if (/NotAllowedError|PermissionDenied|Permission denied|SecurityError/i.test(words)) return text('callEnd.microphoneRefused');
  if (/NotFoundError|NotReadableError|OverconstrainedError|device not found|Could not start audio source/i.test(words))
    return text('callEnd.noMicrophone');
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  if (code === 'disconnected' || code === 'timeout') return text('callEnd.noAudioEngine');
  if (/transport|not connected|websocket/i.test(words)) return text('callEnd.notConnected');
  return text('callEnd.couldNotStart');
}

/**
 * Why a ringing call was cancelled: RFC 3326's `Reason: SIP;cause=200` is the PBX cancelling
 * the other legs of a forked (queue) call that someone else answered; anything else is the
 * caller hanging up, a missed call.
 */
export function cancelledCall(reasonHeader: string | undefined): { endReason: Text; outcome: 'cancelled' | 'missed' } {
  const elsewhere = /cause\s*=\s*200\b/i.test(reasonHeader ?? '');
  return { endReason: text(elsewhere ? 'callEnd.answeredElsewhere' : 'callEnd.callerHungUp'), outcome: elsewhere ? 'cancelled' : 'missed' };
}
