/** Issue 13: whom a user's directory shows (`inDirectoryScope`), and the users table's site cell and filter. */
import { describe, expect, it } from 'vitest';
import { inDirectoryScope, type User } from '../../../src/shared/model';
import { cellText, filterUsers, noFilters } from '../../../src/renderer/src/components/admin/users/usersTable';

describe('directory scope', () => {
  const at = (id: string, siteId: string | null, directoryScope?: 'company' | 'site' | 'none') => ({ id, siteId, directoryScope });
  it('the whole company, own site only, or nobody; always oneself', () => {
    expect(inDirectoryScope(at('a', 's1'), at('b', 's2'))).toBe(true);
    expect(inDirectoryScope(at('a', 's1', 'site'), at('b', 's1'))).toBe(true);
    expect(inDirectoryScope(at('a', 's1', 'site'), at('b', 's2'))).toBe(false);
    expect(inDirectoryScope(at('a', 's1', 'site'), at('b', null))).toBe(false);
    // In no site with "own site": nobody else (not everybody without a site).
    expect(inDirectoryScope(at('a', null, 'site'), at('b', null))).toBe(false);
    expect(inDirectoryScope(at('a', 's1', 'none'), at('b', 's1'))).toBe(false);
    for (const scope of ['company', 'site', 'none'] as const) expect(inDirectoryScope(at('a', null, scope), at('a', null))).toBe(true);
  });

  it('the users table names the site and filters by it (any, none, one site)', () => {
    const user = (userName: string, siteId: string | null): User => ({
      id: userName,
      companyId: 'c',
      userName,
      email: `${userName}@example.test`,
      firstName: userName,
      lastName: 'X',
      language: 'en',
      role: 'user',
      numbers: { extension: null, landline: null, mobile: null, extraExtensions: [] },
      customFields: [null, null, null],
      softphoneEnabled: true,
      disabled: false,
      confirmed: true,
      createdAt: '2026-01-01T00:00:00.000Z',
      siteId,
    });
    const users = [user('ann', 's1'), user('ben', null), user('cid', 's2')];
    const names: Record<string, string> = { s1: 'Stockholm', s2: 'Göteborg' };
    expect(users.map((u) => cellText(u, 'site', () => '', () => '', (id) => names[id] ?? ''))).toEqual(['Stockholm', '', 'Göteborg']);
    expect(filterUsers(users, { ...noFilters, site: 's2' }).map((u) => u.userName)).toEqual(['cid']);
    expect(filterUsers(users, { ...noFilters, site: 'none' }).map((u) => u.userName)).toEqual(['ben']);
    expect(filterUsers(users, { ...noFilters, site: '' })).toHaveLength(3);
  });
});
