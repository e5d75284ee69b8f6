import { describe, expect, it } from 'vitest';
import type { User } from '../../../src/shared/model';
import { cellText, filterUsers, noFilters, sortUsers, type Say } from '../../../src/renderer/src/components/admin/users/usersTable';

const user = (userName: string, firstName: string, lastName: string, extra: Partial<User> = {}): User => ({
  id: `u-${userName}`,
  companyId: 'acme',
  userName,
  email: `${userName}@example.test`,
  firstName,
  lastName,
  language: 'en',
  role: 'user',
  numbers: { extension: null, landline: null, mobile: null, extraExtensions: [] },
  customFields: [null, null, null],
  softphoneEnabled: true,
  disabled: false,
  confirmed: true,
  createdAt: '2026-11-01T10:00:00.000Z',
  ...extra,
});

const users = [
  user('alice', 'Alice', 'Andersson', { numbers: { extension: '1001', landline: '+46855501001', mobile: '+46705550001', extraExtensions: [] }, customFields: ['Sales', null, null] }),
  user('bob', 'Bob', 'Berg', { role: 'admin', disabled: true }),
  user('cecilia', 'Cecilia', 'Åberg', { customFields: ['Support', null, null] }),
];
const say: Say = (what) => what;
const text = (u: User, column: Parameters<typeof cellText>[1]) => cellText(u, column, say, (iso) => iso);
const names = (list: User[]) => list.map((u) => u.userName);

describe('users table rules', () => {
  it('searches names (accents folded), user names, email and numbers, national or international', () => {
    expect(names(filterUsers(users, { ...noFilters, search: 'aberg' }))).toEqual(['cecilia']);
    expect(names(filterUsers(users, { ...noFilters, search: 'bob@' }))).toEqual(['bob']);
    expect(names(filterUsers(users, { ...noFilters, search: '070-555 00 01' }))).toEqual(['alice']);
    expect(names(filterUsers(users, { ...noFilters, search: '1001' }))).toEqual(['alice']);
    expect(names(filterUsers(users, { ...noFilters, search: 'alice berg' }))).toEqual([]);
  });

  it('filters by role, status and a custom field', () => {
    expect(names(filterUsers(users, { ...noFilters, role: 'admin' }))).toEqual(['bob']);
    expect(names(filterUsers(users, { ...noFilters, status: 'enabled' }))).toEqual(['alice', 'cecilia']);
    expect(names(filterUsers(users, { ...noFilters, custom: { index: 0, text: 'supp' } }))).toEqual(['cecilia']);
  });

  it('sorts by a column either way, empty cells last', () => {
    // Swedish puts Å after Z; English sorts it with A
    expect(names(sortUsers(users, { column: 'lastName', direction: 'descending' }, text, 'sv'))).toEqual(['cecilia', 'bob', 'alice']);
    expect(names(sortUsers(users, { column: 'lastName', direction: 'ascending' }, text, 'en'))).toEqual(['cecilia', 'alice', 'bob']);
    expect(names(sortUsers(users, { column: 'mobile', direction: 'descending' }, text))).toEqual(['alice', 'bob', 'cecilia']);
    expect(names(sortUsers(users, { column: 'mobile', direction: 'ascending' }, text))).toEqual(['alice', 'bob', 'cecilia']);
    expect(text(users[1] as User, 'disabled')).toBe('disabled');
    expect(text(users[0] as User, 'custom1')).toBe('Sales');
  });
});
