/**
 * Turns what people type into something to call (numbers through `toDialable` in
 * `src/shared/phone.ts`, SIP addresses and user names here).
 *
 *   "+46 (0)8 123 45 67" → +4681234567   (spaces, dashes, dots, brackets and a bracketed
 *                                          trunk zero are dropped)
 *   "08-123 45 67"       → +4681234567   with country code 46 (the national trunk 0 goes)
 *   "0046 8 123 45 67"   → +4681234567   (00 international prefix)
 *   "1002"               → 1002          (extensions stay as typed)
 *   "sip:bob@example.com" / "bob@example.com" → that SIP URI
 *   "alice"              → alice@domain  (a SIP user name in the user's own domain)
 */
import { toDialable } from '../../shared/phone';

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

  const number = toDialable(text, {
    countryCallingCode: plan.countryCode,
    maxExtensionDigits: plan.maxExtensionDigits,
  });
  if (number) return { uri: `sip:${number}@${plan.domain}`, user: number, display: number };

  if (SIP_USER.test(text) && /[A-Za-z]/.test(text)) {
    return { uri: `sip:${text}@${plan.domain}`, user: text, display: text };
  }
  throw new DialStringError(`"${text}" is not a phone number or SIP address`);
}
