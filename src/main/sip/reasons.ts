/** SIP outcomes in words people understand (shown in the call screen and history). */

export function failureReason(statusCode: number, reasonPhrase?: string): string {
  switch (statusCode) {
    case 400:
      return 'The PBX did not understand the call request';
    case 401:
    case 407:
    case 403:
      return 'Not allowed to make this call';
    case 404:
    case 604:
      return 'Number not found';
    case 408:
      return 'No answer';
    case 410:
      return 'Number no longer in use';
    case 480:
      return 'Not available';
    case 482:
    case 483:
      return 'Forwarding loop';
    case 484:
      return 'Incomplete number';
    case 486:
    case 600:
      return 'Busy';
    case 487:
      return 'Cancelled';
    case 488:
    case 606:
      return 'The other side cannot take this kind of call';
    case 603:
      return 'Declined';
    case 503:
      return 'Service unavailable';
    default:
      if (statusCode >= 500)
        return `PBX error (${statusCode}${reasonPhrase ? ` ${reasonPhrase}` : ''})`;
      return `Call failed (${statusCode}${reasonPhrase ? ` ${reasonPhrase}` : ''})`;
  }
}

export function registrationFailureReason(statusCode: number, reasonPhrase?: string): string {
  switch (statusCode) {
    case 401:
    case 403:
    case 407:
      return 'Wrong user name or password';
    case 404:
      return 'Unknown user';
    case 408:
      return 'The PBX did not answer';
    case 423:
      return 'Registration interval rejected by the PBX';
    case 503:
      return 'PBX unavailable';
    default:
      return `Registration refused (${statusCode}${reasonPhrase ? ` ${reasonPhrase}` : ''})`;
  }
}

export function isBusyStatus(statusCode: number): boolean {
  return statusCode === 486 || statusCode === 600;
}
