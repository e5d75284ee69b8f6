/**
 * The PBX tells a caller that the callee's profile forwards the call with a provisional
 * `181 Call Is Being Forwarded` carrying `X-Forwarded-To: <target user part>` (and a
 * `Diversion` header, RFC 5806). Each further forwarding hop adds another pair, so the last
 * X-Forwarded-To names where the call is going now.
 */

interface HeaderSource {
  getHeaders(name: string): string[];
}

/** Where the PBX says the call was forwarded to, in words a user reads; null if it was not. */
export function forwardedTargetOf(message: HeaderSource): string | null {
  const target = message.getHeaders('X-Forwarded-To').at(-1)?.trim();
  return target ? readableTarget(target) : null;
}

/**
 * SIP user parts as people say them: voicemail stays "voicemail", numbers and colleagues'
 * user names stay as they are, the profile server's message/application targets get a word.
 */
export function readableTarget(userPart: string): string {
  if (/^message-/i.test(userPart)) return 'a recorded message';
  if (/^app-/i.test(userPart)) return 'an application';
  return userPart;
}
