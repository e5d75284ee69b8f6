/**
 * Turns what people type into something to call.
 *
 *   "+46 (8) 123 45-67"  → +4681234567   (spaces, dashes, dots, brackets and a bracketed
 *                                          trunk zero are dropped)
 *   "08-123 45 67"       → +4681234567   with country code 46 (the national trunk 0 goes)
 *   "0046 8 123 45 67"   → +4681234567   (00 international prefix)
 *   "1002"               → 1002          (extensions stay as typed)
 *   "sip:bob@example.com" / "bob@example.com" → that SIP URI
 *   "alice"              → alice@domain  (a SIP user name in the user's own domain)
 */
export interface DialPlan {
  /** The user's SIP domain: plain numbers and names are called in it. */
  domain: string;
  /** Country calling code without "+", used for national numbers that start with 0 (e.g. "46"). */
  countryCode?: string;
  /** Numbers with at most this many digits are extensions and are never made international. */
  maxExtensionDigits?: number;
}

export type DialTarget = { uri: string; user: string; display: string };

export class DialStringError extends Error {}

const SIP_USER = /^[A-Za-z0-9._~!$&'*+;=?-]+$/;

export function parseDialString(input: string, plan: DialPlan): DialTarget {
  const text = input.trim();
  if (!text) throw new DialStringError('Enter a number or SIP address to call');

  const sipMatch = /^(?:sips?:)?([^@\s]+)@([^\s;>]+)$/i.exec(text);
  if (sipMatch?.[1] && sipMatch[2]) {
    const user = sipMatch[1];
    if (!SIP_USER.test(user)) throw new DialStringError(`"${user}" is not a valid SIP user name`);
    return { uri: `sip:${user}@${sipMatch[2]}`, user, display: `${user}@${sipMatch[2]}` };
  }
  if (/^sips?:/i.test(text))
    throw new DialStringError(`"${text}" is not a complete SIP address (sip:user@domain)`);

  const number = normaliseNumber(text, plan);
  if (number) return { uri: `sip:${number}@${plan.domain}`, user: number, display: number };

  if (SIP_USER.test(text) && /[A-Za-z]/.test(text)) {
    return { uri: `sip:${text}@${plan.domain}`, user: text, display: text };
  }
  throw new DialStringError(`"${text}" is not a phone number or SIP address`);
}

/** Returns the dialable number, or null when the text does not look like a number. */
export function normaliseNumber(
  text: string,
  plan: Pick<DialPlan, 'countryCode' | 'maxExtensionDigits'>,
): string | null {
  // "(0)" is the trunk prefix written inside international numbers: +46 (0)8 ...
  const withoutTrunk = text.replace(/\(0\)/g, '');
  if (!/^\+?[\d\s().\-/]+$/.test(withoutTrunk) && !/^[\d*#]+$/.test(withoutTrunk)) return null;
  if (/^[\d*#]+$/.test(withoutTrunk) && /[*#]/.test(withoutTrunk)) return withoutTrunk; // service codes: *41, #31#
  const plus = withoutTrunk.trimStart().startsWith('+');
  const digits = withoutTrunk.replace(/\D/g, '');
  if (!digits) return null;
  if (plus) return `+${digits}`;
  if (digits.startsWith('00') && digits.length > 4) return `+${digits.slice(2)}`;
  const maxExtension = plan.maxExtensionDigits ?? 6;
  if (digits.length <= maxExtension) return digits;
  if (digits.startsWith('0') && plan.countryCode) return `+${plan.countryCode}${digits.slice(1)}`;
  return digits;
}
