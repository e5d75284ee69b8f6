import { describe, expect, it } from 'vitest';
import {
  matchesTriggerWord,
  normaliseText,
  triggerMatcher,
} from '../../../src/shared/rules/triggers';

describe('normaliseText', () => {
  it.each([
    ['Möte', 'mote'],
    ['MÖTE', 'mote'],
    ['Café', 'cafe'],
    ['Zoë', 'zoe'],
    ['Ångström', 'angstrom'],
    // Letters without a decomposition keep their identity.
    ['Łukasz', 'łukasz'],
    ['Søren', 'søren'],
  ])('%s -> %s', (input, expected) => {
    expect(normaliseText(input)).toBe(expected);
  });
});

describe('matchesTriggerWord', () => {
  it.each([
    // Seed example: Swedish meeting with accents and case.
    ['Möte med kund', 'möte', true],
    ['Möte med kund', 'mote', true],
    ['möte med kund', 'MÖTE', true],
    ['Kundmöte', 'möte', false],
    // Whole words only.
    ['Lunch with Bo', 'Lunch', true],
    ['lunch with Bo', 'LUNCH', true],
    ['Clean the lunchroom', 'lunch', false],
    ['Team lunch-meeting', 'lunch', true],
    ['(Lunch)', 'lunch', true],
    // Multi-word phrases must appear in order and adjacent.
    ['Anna out of office', 'out of office', true],
    ['Out-of-office: Anna', 'out of office', true],
    ['Out of the office', 'out of office', false],
    ['office out of', 'out of office', false],
    ['Out  of   office', 'out of office', true],
    // Degenerate triggers never match.
    ['Anything', '', false],
    ['Anything', '  - ', false],
    ['', 'lunch', false],
    // Digits are word characters.
    ['Meeting room 2', '2', true],
    ['Meeting room 22', '2', false],
  ])('%j with %j -> %s', (title, word, expected) => {
    expect(matchesTriggerWord(title, word)).toBe(expected);
  });
});

describe('triggerMatcher', () => {
  const match = triggerMatcher([['meeting', 'möte'], ['lunch'], [], ['out of office', 'möte']]);
  it.each<[string, number[]]>([
    ['Möte med kund', [0, 3]],
    ['Lunch with Bo', [1]],
    ['Out of office', [3]],
    ['Lunchroom cleaning', []],
  ])('%j triggers profiles %j', (title, expected) => {
    expect(match(title)).toEqual(expected);
  });
});
