import { describe, expect, it } from 'vitest';
import { DialStringError, parseDialString } from '../../../src/main/sip/dialString';

const plan = { domain: 'pbx.example', countryCode: '46' };

describe('parseDialString', () => {
  it.each([
    ['+46 (8) 123 45-67', '+4681234567'],
    ['+46 (0)8 123 45 67', '+4681234567'],
    ['08-123 45 67', '+4681234567'],
    ['0046 8 123 45 67', '+4681234567'],
    ['070.555 00 01', '+46705550001'],
    ['1002', '1002'],
    ['*41', '*41'],
  ])('turns %s into %s', (typed, user) => {
    expect(parseDialString(typed, plan)).toMatchObject({ user, uri: `sip:${user}@pbx.example` });
  });

  it('keeps national numbers as typed when no country code is configured', () => {
    expect(parseDialString('08-123 45 67', { domain: 'pbx.example' }).user).toBe('081234567');
  });

  it('takes SIP addresses with or without the scheme, and bare user names in the own domain', () => {
    expect(parseDialString('sip:bob@example.com', plan)).toEqual({
      uri: 'sip:bob@example.com',
      user: 'bob',
      display: 'bob@example.com',
    });
    expect(parseDialString('bob@example.com', plan).uri).toBe('sip:bob@example.com');
    expect(parseDialString('alice', plan)).toEqual({
      uri: 'sip:alice@pbx.example',
      user: 'alice',
      display: 'alice',
    });
  });

  it('names what is wrong with input it cannot call', () => {
    expect(() => parseDialString('   ', plan)).toThrow(
      new DialStringError('Enter a number or SIP address to call'),
    );
    expect(() => parseDialString('sip:', plan)).toThrow('is not a complete SIP address');
    expect(() => parseDialString('call me maybe', plan)).toThrow(
      'is not a phone number or SIP address',
    );
  });
});
