/**
 * Who a transfer connects us to, from the REFER's Refer-To (issue 14: never a SIP token).
 *
 * A blind transfer names the target as dialled (`sip:1003@domain`): its user part. An attended
 * transfer (Refer-To with Replaces) names the other phone's *contact*, whose user part is a
 * random token of that phone ("jd35irdb"); sip.js puts the consultation call's identity in the
 * display name ("1003@pbx", or the name the other side presented), which is what we show.
 */
import type { Referral } from 'sip.js';

/** A number, an extension, a `*NN` code or a SIP user name: something the directory can match. */
const IDENTITY = /^[\w.+*#-]{1,64}$/;

export function referredParty(referral: Pick<Referral, 'referTo' | 'replaces'>): {
  number: string;
  displayName: string | null;
} {
  const { uri, displayName } = referral.referTo;
  const name = (displayName ?? '').trim();
  if (!referral.replaces) return { number: uri.user ?? uri.toString(), displayName: name || null };
  // sip.js's friendly name: the display name, else the address of record ("1003@pbx.example").
  const user = /^(?:sips?:)?([^@\s]+)@[^@\s]+$/.exec(name)?.[1] ?? name;
  if (IDENTITY.test(user)) return { number: user, displayName: null };
  return { number: '', displayName: name || null };
}
