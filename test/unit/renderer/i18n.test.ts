import { describe, expect, it } from 'vitest';
import { en, type MessageKey } from '../../../src/renderer/src/i18n/en';
import { sv } from '../../../src/renderer/src/i18n/sv';
import { translate } from '../../../src/renderer/src/i18n';
import { formatElapsed as formatDuration } from '../../../src/shared/duration';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('dictionaries', () => {
  it('Swedish has the same keys as English, none empty, with the same placeholders', () => {
    expect(Object.keys(sv).sort()).toEqual(Object.keys(en).sort());
    for (const key of Object.keys(en) as MessageKey[]) {
      expect(sv[key].trim(), key).not.toBe('');
      expect(placeholders(sv[key]), key).toEqual(placeholders(en[key]));
    }
  });

  it('fills placeholders and leaves unknown ones visible', () => {
    expect(translate('sv', 'incoming.title', { caller: 'Alice' })).toBe('Samtal från Alice');
    expect(translate('en', 'incoming.title')).toBe('Call from {caller}');
  });

  it('formats call durations', () => {
    expect(formatDuration(0)).toBe('0:00');
    expect(formatDuration(75)).toBe('1:15');
    expect(formatDuration(3725)).toBe('1:02:05');
  });
});
