/**
 * Which network addresses the server may fetch a calendar from: public unicast only. Loopback,
 * private (10/8, 172.16/12, 192.168/16), link-local (169.254/16: cloud metadata lives there),
 * carrier-grade NAT (100.64/10), multicast, unspecified, reserved, unique-local IPv6 (fc00::/7)
 * and every IPv6 range that embeds or translates IPv4 (IPv4-mapped, NAT64, 6to4, Teredo) are
 * refused. ipaddr.js names the ranges; an IPv4-mapped IPv6 address is judged as its IPv4 address.
 */
import ipaddr from 'ipaddr.js';

export type AddressVerdict = { allowed: true } | { allowed: false; range: string };

/**
 * `allowLoopback` is the development/test switch (`calendarAllowLoopback`): it admits 127/8 and
 * ::1 (also IPv4-mapped), nothing else.
 */
export function judgeAddress(address: string, allowLoopback: boolean): AddressVerdict {
  const bare = address.replace(/^\[|\]$/g, '');
  if (!ipaddr.isValid(bare)) return { allowed: false, range: 'invalid' };
  // process(): an IPv4-mapped IPv6 address (::ffff:10.0.0.1) becomes the IPv4 address it maps.
  const parsed = ipaddr.process(bare);
  const range = parsed.range();
  if (range === 'unicast') return { allowed: true };
  if (range === 'loopback' && allowLoopback) return { allowed: true };
  return { allowed: false, range };
}

/** True when `host` (a URL's hostname, IPv6 in brackets or not) is an IP address literal. */
export function isIpLiteral(host: string): boolean {
  return ipaddr.isValid(host.replace(/^\[|\]$/g, ''));
}
