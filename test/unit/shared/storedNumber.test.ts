/** Issue 13: numbers as admins type them (form, API, CSV) are stored in E.164 or as extensions. */
import { describe, expect, it } from 'vitest';
import { callingCodeOf, formatForDisplay, storedNumber } from '../../../src/shared/phone';

describe('storedNumber', () => {
  it.each([
    ['070-123 45 67', '+46701234567'],
    ['08-123 456 78', '+46812345678'],
    ['08 123 456 78', '+46812345678'],
    ['(08) 123 456 78', '+46812345678'],
    ['0812345678', '+46812345678'],
    ['+46 (0)8 123 456 78', '+46812345678'],
    ['0046 70 123 45 67', '+46701234567'],
    ['+46701234567', '+46701234567'],
    ['  +44 20 7946 0958 ', '+442079460958'],
  ])('reads %s (company in Sweden) as %s', (typed, stored) => {
    expect(storedNumber(typed)).toBe(stored);
    expect(storedNumber(typed, 'SE')).toBe(stored);
  });

  it('reads national numbers in the company country', () => {
    expect(storedNumber('020 7946 0958', 'GB')).toBe('+442079460958');
    expect(storedNumber('030 1234567', 'DE')).toBe('+49301234567');
    // The same digits in Sweden are a Swedish number.
    expect(storedNumber('030 1234567', 'SE')).toBe('+46301234567');
  });

  it('keeps extensions and short numbers as digits', () => {
    expect(storedNumber('1002')).toBe('1002');
    expect(storedNumber(' 10 02 ')).toBe('1002');
    expect(storedNumber('0123')).toBe('0123');
  });

  it('leaves what is not a number for the validation to name', () => {
    expect(storedNumber('call me')).toBe('call me');
    expect(storedNumber('070-12x')).toBe('070-12x');
    expect(storedNumber('')).toBe('');
    // a national number typed too short is not taken for an extension
    expect(storedNumber('070-12')).toBe('070-12');
    // impossible length: compacted, and refused later as not E.164
    expect(storedNumber('+46 12')).toBe('+4612');
  });

  it('an unknown country leaves national numbers as digits', () => {
    expect(callingCodeOf('SE')).toBe('46');
    expect(callingCodeOf('XX')).toBeNull();
    expect(storedNumber('070-123 45 67', 'XX')).toBe('0701234567');
  });

  it('what is stored reads back in national form and stores the same again', () => {
    for (const typed of ['070-123 45 67', '08-123 456 78']) {
      const stored = storedNumber(typed);
      const shown = formatForDisplay(stored, '46');
      expect(shown.startsWith('0')).toBe(true);
      expect(storedNumber(shown)).toBe(stored);
    }
  });
});
