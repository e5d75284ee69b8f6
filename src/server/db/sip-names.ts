/**
 * SIP account names of users (issue 12): separate from user names, which are unique per company
 * only and may be email addresses. A user's SIP name (`users.sip_user`) is unique across all
 * companies and shares one namespace with desk phones' SIP names (`devices.sip_user`), because
 * the PBX authenticates, registers and rings by it.
 *
 * A new user's SIP name is their user name when that is a plain SIP user part (letters, digits,
 * `.`, `_`, `-`; not only digits, which would read as a number; not a name the PBX reserves)
 * and free; otherwise a readable generated one: the name's local part, lower-cased and cut to
 * SIP-safe characters, and a short random suffix (`anna-k7mq2x`).
 */
import { randomBytes } from 'node:crypto';

const PLAIN_SIP_USER = /^[A-Za-z0-9_-](?:[A-Za-z0-9._-]*[A-Za-z0-9_-])?$/;
const MAX_LENGTH = 64;
/** Names and prefixes the PBX and the server give a meaning of their own (route answers, media targets, desk phones). */
const RESERVED = new Set(['voicemail', 'anonymous', 'invalid']);
const RESERVED_PREFIXES = ['desk-', 'message-', 'app-', 'vm-', 'listen-', 'announcement-'];
const SUFFIX_ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789';
const SUFFIX_LENGTH = 6;
const BASE_MAX_LENGTH = 24;

/** Whether a user name can be used as it is as a SIP account name (when free). */
export function isPlainSipUser(name: string): boolean {
  const lower = name.toLowerCase();
  return (
    name.length <= MAX_LENGTH &&
    PLAIN_SIP_USER.test(name) &&
    /[A-Za-z]/.test(name) &&
    !RESERVED.has(lower) &&
    !RESERVED_PREFIXES.some((prefix) => lower.startsWith(prefix))
  );
}

/** A readable generated SIP name for a user name: its local part (SIP-safe, lower case) and a random suffix. */
export function generatedSipUser(userName: string): string {
  const local = userName.split('@')[0] ?? '';
  const base =
    local
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, BASE_MAX_LENGTH)
      .replace(/-+$/, '') || 'user';
  const safeBase = /[a-z]/.test(base) && isPlainSipUser(`${base}-x`) ? base : `user-${base}`.slice(0, BASE_MAX_LENGTH).replace(/-+$/, '');
  let suffix = '';
  for (const byte of randomBytes(SUFFIX_LENGTH)) suffix += SUFFIX_ALPHABET[byte % SUFFIX_ALPHABET.length];
  return `${safeBase}-${suffix}`;
}

/** The SIP name to try first for a user name: itself when plain, else a generated one. */
export function preferredSipUser(userName: string): string {
  return isPlainSipUser(userName) ? userName : generatedSipUser(userName);
}
