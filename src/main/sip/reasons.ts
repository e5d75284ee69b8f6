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
