import { describe, expect, it } from 'vitest';
import { judgeAddress } from '../../../src/server/calendar/address-policy';

describe('calendar address policy: public unicast only', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.9.9.9', 'loopback'],
    ['10.0.0.1', 'private'],
    ['172.31.255.1', 'private'],
    ['192.168.0.1', 'private'],
    ['169.254.169.254', 'linkLocal'],
    ['100.100.100.200', 'carrierGradeNat'],
    ['0.0.0.0', 'unspecified'],
    ['224.0.0.251', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    ['192.0.2.10', 'reserved'],
    ['::1', 'loopback'],
    ['::', 'unspecified'],
    ['fd00::1', 'uniqueLocal'],
    ['fd00:ec2::254', 'uniqueLocal'],
    ['fe80::1', 'linkLocal'],
    ['ff02::1', 'multicast'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:169.254.169.254', 'linkLocal'],
    ['::ffff:10.1.1.1', 'private'],
    ['64:ff9b::a00:1', 'rfc6052'],
    ['2002:a00:1::1', '6to4'],
    ['2001:0:a00:1::1', 'teredo'],
    ['[::1]', 'loopback'],
    ['not-an-address', 'invalid'],
  ])('refuses %s (%s)', (address, range) => {
    expect(judgeAddress(address, false)).toEqual({ allowed: false, range });
  });

  it.each(['93.184.216.34', '8.8.8.8', '2606:4700:4700::1111', '::ffff:8.8.8.8'])('allows the public address %s', (address) => {
    expect(judgeAddress(address, false)).toEqual({ allowed: true });
  });

  it('admits loopback, and only loopback, with the development switch', () => {
    for (const address of ['127.0.0.1', '::1', '::ffff:127.0.0.1']) expect(judgeAddress(address, true)).toEqual({ allowed: true });
    for (const address of ['10.0.0.1', '169.254.169.254', 'fd00::1', '0.0.0.0']) expect(judgeAddress(address, true).allowed).toBe(false);
  });
});
