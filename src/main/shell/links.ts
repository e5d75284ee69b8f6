/**
 * tel:, sip: and callto: links → the target `calls.dial` gets. Links come from other apps and
 * web pages, so everything is treated as hostile: bounded length, no control characters, only
 * dialable characters in numbers, only user@host in SIP URIs (URI headers, which could smuggle
 * SIP headers, are refused outright).
 */
import { compactNumber } from '../../shared/phone';

export const LINK_SCHEMES = ['tel', 'sip', 'callto'] as const;

export type ParsedLink = { ok: true; target: string } | { ok: false; reason: string };

const MAX_LINK_LENGTH = 512;
const DIALABLE = /^\+?[0-9*#]{1,32}$/;
const SIP_USER = /^[A-Za-z0-9._~+\-*#!$'=]{1,64}$/;
const HOST_NAME = /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;
const IPV6_LITERAL = /^\[[0-9A-Fa-f:.]{2,45}\]$/;

/** Is this command-line argument a call link (as opposed to a switch or a path)? */
function looksLikeCallLink(argument: string): boolean {
  return /^(tel|sip|callto):/i.test(argument);
}

/** The first call link among command-line arguments (first start or a second instance's). */
export function callLinkFromArgv(argv: readonly string[]): string | null {
  return argv.find(looksLikeCallLink) ?? null;
}

export function parseCallLink(raw: string): ParsedLink {
  if (typeof raw !== 'string') return fail('the link is not text');
  if (raw.length > MAX_LINK_LENGTH) return fail(`the link is longer than ${MAX_LINK_LENGTH} characters`);
  const match = /^([A-Za-z]+):(.*)$/s.exec(raw.trim());
  if (!match) return fail('the link has no scheme');
  const scheme = match[1]!.toLowerCase();
  let rest = match[2]!;
  if (rest.startsWith('//')) rest = rest.slice(2);

  let decoded: string;
  try {
    decoded = decodeURIComponent(rest);
  } catch {
    return fail('the link has broken %-escapes');
  }
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(decoded)) return fail('the link contains control characters');

  switch (scheme) {
    case 'tel':
      return parseNumber(decoded);
    case 'callto':
      return decoded.includes('@') ? parseSipAddress(decoded) : parseNumber(decoded);
    case 'sip':
      return parseSipAddress(decoded);
    default:
      return fail(`"${scheme}:" links are not handled`);
  }
}

/** A telephone number: visual separators and ";parameters" (RFC 3966) dropped. */
function parseNumber(text: string): ParsedLink {
  const number = compactNumber(withoutParameters(text));
  if (number.length === 0) return fail('the link holds no number');
  if (!DIALABLE.test(number)) return fail('the number may only hold digits, *, # and a leading +');
  return { ok: true, target: number };
}

/** `user@host[:port]`, or a bare number/extension (`sip:1002`). */
function parseSipAddress(text: string): ParsedLink {
  if (text.includes('?')) return fail('SIP links with headers are refused');
  const address = withoutParameters(text);
  const at = address.lastIndexOf('@');
  if (at === -1) return parseNumber(address);
  const user = address.slice(0, at);
  const hostPort = address.slice(at + 1);
  if (!SIP_USER.test(user)) return fail('the SIP user part has characters that are not allowed');
  const host = parseHostPort(hostPort);
  if (!host) return fail('the SIP host is not a valid host name or address');
  return { ok: true, target: `sip:${user}@${host}` };
}

function parseHostPort(text: string): string | null {
  const match = /^(\[[^\]]+\]|[^:]+)(?::(\d{1,5}))?$/.exec(text);
  if (!match) return null;
  const host = match[1]!.toLowerCase();
  const port = match[2];
  if (!HOST_NAME.test(host) && !IPV6_LITERAL.test(host)) return null;
  if (port !== undefined) {
    const value = Number(port);
    if (value < 1 || value > 65535) return null;
    return `${host}:${value}`;
  }
  return host;
}

function withoutParameters(text: string): string {
  const semicolon = text.indexOf(';');
  return (semicolon === -1 ? text : text.slice(0, semicolon)).trim();
}

function fail(reason: string): ParsedLink {
  return { ok: false, reason };
}
