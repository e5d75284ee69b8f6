/**
 * How a forwarding target (the PBX's `X-Forwarded-To`, a softphone's own redirect) is named in
 * a sentence: the catalog's "forwarded to" texts select on `voicemail`, `message` and
 * `application` and print anything else (a number, a colleague) as it is, so nobody reads the
 * PBX's `message-<id>` or the voicemail account's name.
 */
export function forwardTargetParam(target: string): string {
  if (target === 'voicemail') return 'voicemail';
  if (target.startsWith('message-')) return 'message';
  if (target.startsWith('app-')) return 'application';
  return target;
}
