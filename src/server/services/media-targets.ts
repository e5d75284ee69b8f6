/**
 * Targets of the media component (scripts/pbx/media): the request-URI user part the PBX sends a
 * call to when a route answer says `kind=media`. Only the profile server issues them, each for
 * one call:
 *
 *   <script>-<subject>-<signature>     e.g. vm-3f6c…-9a1b…  (the voicemail of user 3f6c…)
 *
 * `script` picks the component's script (scripts/pbx/media/scripts), `subject` what it is about
 * (a user id, an announcement id), and `signature` is an HMAC-SHA256 (keyed with the PBX secret,
 * first 128 bits, hex) over script, subject and the call's SIP Call-ID. So a caller cannot reach
 * anybody's mailbox (in another company or their own) by dialling a magic string: dialled
 * strings are routed as numbers and users, never as media targets, and the media component's
 * questions to the server (greeting, deposit) name the target and Call-ID, which the server
 * checks again here. A target seen by someone (it never leaves the PBX: the caller's 181 names
 * `voicemail`) works for that Call-ID only.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

const SCRIPT = /^[a-z]{1,16}$/;
const SUBJECT = /^[A-Za-z0-9_.]+(?:-[A-Za-z0-9_.]+)*$/;

function signature(secret: string, script: string, subject: string, callId: string): string {
  return createHmac('sha256', secret).update(`${script}|${subject}|${callId}`).digest('hex').slice(0, 32);
}

/** The target for `script` about `subject` in the call with SIP Call-ID `callId`. */
export function mediaTarget(secret: string, script: string, subject: string, callId: string): string {
  if (!SCRIPT.test(script)) throw new Error(`mediaTarget: bad script name ${JSON.stringify(script)}`);
  if (!SUBJECT.test(subject) || subject.length > 100) throw new Error(`mediaTarget: bad subject ${JSON.stringify(subject)}`);
  return `${script}-${subject}-${signature(secret, script, subject, callId)}`;
}

/** The script and subject of a target issued for this Call-ID, or null (malformed, forged, other call). */
export function verifyMediaTarget(secret: string, target: string, callId: string): { script: string; subject: string } | null {
  const first = target.indexOf('-');
  const last = target.lastIndexOf('-');
  if (first <= 0 || last <= first) return null;
  const script = target.slice(0, first);
  const subject = target.slice(first + 1, last);
  const given = Buffer.from(target.slice(last + 1));
  if (!SCRIPT.test(script) || !SUBJECT.test(subject)) return null;
  const expected = Buffer.from(signature(secret, script, subject, callId));
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  return { script, subject };
}
