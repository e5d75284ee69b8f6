/**
 * The one phone-number module, and every place that used to read numbers its own way: caller-ID
 * matching, the dial string, tel: links, the renderer's paste cleaning and the stored-number validation
 * must agree on the same spellings (the `+46 (0)8 …` trunk zero included).
 */
import { describe, expect, it } from 'vitest';
import {
  compactNumber,
  formatForDisplay,
  isServiceCode,
  numberKey,
  sameNumber,
  toDialable,
  toE164,
} from '../../../src/shared/phone';
import { permittedIdentity } from '../../../src/shared/rules/callerId';
import { validatePhoneNumber } from '../../../src/shared/rules/validation';
import { CompanyNumber } from '../../../src/shared/model/directory';
import { parseDialString } from '../../../src/main/sip/dialString';
import { cleanDialInput } from '../../../src/renderer/src/store/actions/calls';
import { parseCallLink } from '../../../src/main/shell/links';

describe('toE164', () => {
  it.each<[string, string | undefined, string | null]>([
    ['+46 (0)8 123 45 67', undefined, '+4681234567'],
    ['+46 (0)8 123 45 67', '46', '+4681234567'],
    ['+46 (8) 123 45-67', undefined, '+4681234567'],
    ['0046 8 123 45 67', undefined, '+4681234567'],
    ['0046 (0)8 123 45 67', undefined, '+4681234567'],
    ['08-123 45 67', '46', '+4681234567'],
    ['070-123 45 67', '46', '+46701234567'],
    ['070.555 00 01', '46', '+46705550001'],
    ['+46812345678', undefined, '+46812345678'],
    ['+1 (415) 555-0123', '46', '+14155550123'],
    ['+44 (0)20 7946 0018', undefined, '+442079460018'],
    ['08-123 45 67', undefined, null], // national, and no country to read it in
    ['1002', '46', null], // an extension is not a phone number
    ['*41', '46', null],
    ['+46 12', undefined, null], // too short to be possible
    ['sip:bob@example.com', '46', null],
    ['call me on 08-123 45 67', '46', null], // numbers are not fished out of sentences
    ['', '46', null],
  ])('%j (country %s) → %s', (input, country, expected) => {
    expect(toE164(input, country)).toBe(expected);
  });

  it('only ever answers numbers the stored-number validation accepts', () => {
    for (const input of ['+46 (0)8 123 45 67', '070-123 45 67', '0046 8 123 45 67', '+1 415 555 0123']) {
      const e164 = toE164(input, '46');
      expect(e164).not.toBeNull();
      expect(validatePhoneNumber(e164!)).toBeNull();
    }
  });
});

describe('one reading across the former call sites', () => {
  const plan = { domain: 'pbx.example', countryCode: '46' };
  const office = CompanyNumber.parse({ id: 'n1', number: '+4681234567', type: 'landline', label: 'Office' });

  it.each([
    '+46 (0)8 123 45 67',
    '+46 (0)8-123 45 67',
    '+46 8 123 45 67',
    '0046 8 123 45 67',
    '0046 (0)8 123 45 67',
    '08-123 45 67',
    '+4681234567',
  ])('%j is +4681234567 everywhere', (typed) => {
    expect(toE164(typed, '46')).toBe('+4681234567');
    expect(toDialable(typed, { countryCallingCode: '46' })).toBe('+4681234567');
    expect(parseDialString(typed, plan).user).toBe('+4681234567');
    expect(parseDialString(cleanDialInput(typed), plan).user).toBe('+4681234567');
    const link = parseCallLink(`tel:${encodeURIComponent(typed)}`);
    expect(link.ok && parseDialString(link.target, plan).user).toBe('+4681234567');
    expect(sameNumber(typed, '+4681234567', '46')).toBe(true);
    if (!typed.startsWith('08')) {
      // Caller-ID matching knows no country: national spellings are not compared there.
      expect(numberKey(typed)).toBe('+4681234567');
      expect(permittedIdentity(typed, [office], { kind: 'hidden' })).toMatchObject({ number: '+4681234567' });
    }
  });

  it('the stored form stays strict: only E.164 and extensions are saved', () => {
    expect(validatePhoneNumber('+46 (0)8 123 45 67')).not.toBeNull();
    expect(validatePhoneNumber('+4681234567')).toBeNull();
    expect(validatePhoneNumber('1002')).toBeNull();
  });
});

describe('toDialable', () => {
  it.each<[string, string | undefined, string | null]>([
    ['1002', '46', '1002'],
    ['  1002 ', '46', '1002'],
    ['*41', '46', '*41'],
    ['#31#', '46', '#31#'],
    ['*21*1002#', '46', '*21*1002#'],
    ['*21* 1002 #', '46', '*21*1002#'],
    ['0046', '46', '0046'], // short: an extension, not a country code
    ['08-123 45 67', undefined, '081234567'],
    ['81234567', '46', '81234567'], // no trunk zero: dialled as typed
    ['+999 1234 5678', '46', '+99912345678'], // unknown country code: compacted, not refused
    ['bob', '46', null],
    ['bob@example.com', '46', null],
    ['+', '46', null],
  ])('%j (country %s) → %s', (typed, country, expected) => {
    expect(toDialable(typed, { countryCallingCode: country })).toBe(expected);
  });
});

describe('compactNumber, numberKey and sameNumber', () => {
  it.each([
    ['+46 8-123 456 78', '+46812345678'],
    ['0046 (8) 123.456.78', '+46812345678'],
    ['+46 (0)8 123 45 67', '+4681234567'],
    ['08-123 45 67', '081234567'],
    ['1234', '1234'],
    ['0012', '0012'], // too short for 00 + country + number
    ['*41#', '*41#'],
    ['* 41 #', '*41#'],
    [' alice ', 'alice'],
  ])('compactNumber(%j) = %j', (raw, compact) => {
    expect(compactNumber(raw)).toBe(compact);
  });

  it('compares extensions as digits and names exactly', () => {
    expect(sameNumber('1234', ' 1234')).toBe(true);
    expect(sameNumber('1234', '1235')).toBe(false);
    expect(sameNumber('alice', 'bob')).toBe(false);
    expect(sameNumber('+46 (0)8 123 45 67', '+46 8 123 45 68')).toBe(false);
  });

  it('knows service codes', () => {
    expect(isServiceCode('*41')).toBe(true);
    expect(isServiceCode('1002')).toBe(false);
  });
});

describe('formatForDisplay', () => {
  it.each<[string, string | undefined, string]>([
    ['+4681234567', undefined, '+46 8 123 45 67'],
    ['+4681234567', '46', '08-123 45 67'],
    ['+46701234567', '46', '070-123 45 67'],
    ['+14155550123', '46', '+1 415 555 0123'],
    ['1002', '46', '1002'],
    ['*41', '46', '*41'],
    ['bob@example.com', '46', 'bob@example.com'],
    ['+46 12', '46', '+46 12'],
  ])('%j (own country %s) → %j', (stored, own, shown) => {
    expect(formatForDisplay(stored, own)).toBe(shown);
  });
});
