/** Who is calling and what they called, read from an incoming INVITE. */
import type { Invitation } from 'sip.js';
import type { CalledType, IncomingCallInfo } from './types';

const CALLED_TYPES: readonly CalledType[] = ['landline', 'internal', 'mobile', 'queue'];

export function callerOf(invitation: Invitation): IncomingCallInfo['from'] {
  const privacy = invitation.request.getHeader('Privacy') ?? '';
  if (/\bid\b/i.test(privacy)) return { number: 'anonymous', displayName: null };
  const asserted = invitation.assertedIdentity;
  const identity = asserted ?? invitation.remoteIdentity;
  const number = identity.uri.user ?? identity.uri.toString();
  if (number === 'anonymous') return { number: 'anonymous', displayName: null };
  return { number, displayName: identity.displayName || null };
}

export function calledNumberOf(invitation: Invitation): string | null {
  return (
    invitation.request.getHeader('X-Called-Number')?.trim() ||
    invitation.request.to.uri.user ||
    null
  );
}

export function calledTypeOf(invitation: Invitation): CalledType | null {
  const header = invitation.request.getHeader('X-Called-Type')?.trim().toLowerCase();
  return CALLED_TYPES.find((type) => type === header) ?? null;
}
