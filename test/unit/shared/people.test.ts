import { describe, expect, it } from 'vitest';
import { describeParty, readableNumber, withPresence } from '../../../src/shared/people';
import type { Colleague } from '../../../src/shared/server-api';

const carol: Colleague = {
  id: 'u-carol',
  firstName: 'Carol',
  lastName: 'Carlsson',
  userName: 'carol',
  numbers: { extension: '1003', landline: '+46855501003', mobile: null, extraExtensions: [] },
  profile: { name: 'Available', available: true, until: null },
  inCall: false,
};

describe('describeParty', () => {
  it.each([
    ['by extension', { number: '1003', displayName: null }, 'Carol Carlsson', '1003'],
    ['by landline in national format', { number: '08-555 010 03', displayName: null }, 'Carol Carlsson', '08-555 010 03'],
    ['by landline without +', { number: '46855501003', displayName: null }, 'Carol Carlsson', '08-555 010 03'],
    ['by SIP user name', { number: 'carol', displayName: null }, 'Carol Carlsson', 'carol'],
    ['an outsider with a presented name', { number: '+442071234567', displayName: 'Kim' }, 'Kim', '+44 20 7123 4567'],
    ['an outsider whose display name is the number', { number: '+46701234567', displayName: '+46701234567' }, null, '070-123 45 67'],
    ['withheld', { number: 'anonymous', displayName: null }, null, ''],
  ])('%s', (_name, party, name, number) => {
    expect(describeParty(party, [carol], '46')).toMatchObject({ name, number });
  });
});

describe('readableNumber', () => {
  it('leaves extensions and codes as they are', () => {
    expect(readableNumber('1003', '46')).toBe('1003');
    expect(readableNumber('*98', '46')).toBe('*98');
  });
});

describe('withPresence', () => {
  it('replaces the list when complete, else updates, adds and removes', () => {
    const bob: Colleague = { ...carol, id: 'u-bob', firstName: 'Bob', lastName: 'Berg', userName: 'bob' };
    const list = withPresence([], { complete: true, people: [carol, bob], removed: [] });
    expect(list.map((p) => p.userName)).toEqual(['bob', 'carol']);
    const busy = { ...carol, inCall: true };
    expect(withPresence(list, { complete: false, people: [busy], removed: ['u-bob'] })).toEqual([busy]);
  });
});
