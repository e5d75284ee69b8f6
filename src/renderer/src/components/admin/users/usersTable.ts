/**
 * The users table's rules as plain functions (unit-tested): what a cell says, which users a
 * search and the filters keep, and the order a column sorts them in.
 */
import type { Role, User } from '../../../../../shared/model';
import type { UserColumn } from '../../../../../shared/admin-users-api';

export interface UserFilters {
  /** Matched against names, user name, email and every number. */
  search: string;
  role: Role | 'any';
  status: 'any' | 'enabled' | 'disabled';
  /** A custom field (1–3) and the text it must contain. */
  custom: { index: 0 | 1 | 2; text: string };
  /** Issue 13: a site's id, `none` (in no site), or absent / '' for any. */
  site?: string;
}

export const noFilters: UserFilters = { search: '', role: 'any', status: 'any', custom: { index: 0, text: '' } };

export interface Sort {
  column: UserColumn;
  direction: 'ascending' | 'descending';
}

/** How a cell reads: words come from `say` (yes/no, roles, enabled/disabled). */
export type Say = (what: 'yes' | 'no' | 'enabled' | 'disabled' | `role.${Role}` | 'language.en' | 'language.sv') => string;

export function cellText(user: User, column: UserColumn, say: Say, formatDate: (iso: string) => string, siteName: (siteId: string) => string = () => ''): string {
  switch (column) {
    case 'site':
      return user.siteId ? siteName(user.siteId) : '';
    case 'role':
      return say(`role.${user.role}`);
    case 'language':
      return say(`language.${user.language}`);
    case 'extension':
    case 'landline':
    case 'mobile':
      return user.numbers[column] ?? '';
    case 'custom1':
    case 'custom2':
    case 'custom3':
      return user.customFields[Number(column.slice(-1)) - 1] ?? '';
    case 'disabled':
      return say(user.disabled ? 'disabled' : 'enabled');
    case 'softphoneEnabled':
    case 'confirmed':
      return say(user[column] ? 'yes' : 'no');
    case 'createdAt':
      return formatDate(user.createdAt);
    default:
      return user[column];
  }
}

const fold = (s: string) => s.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
const digits = (s: string) => s.replace(/[^\d+]/g, '');

/** A number typed as people write it (`070-555 00 01`, `+46 70…`, `1001`) is searched as one. */
const looksLikeNumber = (s: string) => /^[\d\s\-+()]+$/.test(s) && /\d{2}/.test(s.replace(/\D/g, ''));

function matchesSearch(user: User, search: string): boolean {
  const { extension, landline, mobile, extraExtensions } = user.numbers;
  const numbers = [extension, landline, mobile, ...extraExtensions].filter((n): n is string => Boolean(n));
  if (looksLikeNumber(search.trim())) {
    const wanted = digits(search).replace(/^0/, '');
    return numbers.some((n) => digits(n).includes(wanted));
  }
  const words = fold(search).split(/\s+/).filter(Boolean);
  if (words.length === 0) return true;
  const haystack = fold([user.firstName, user.lastName, user.userName, user.email].join(' '));
  return words.every((word) => {
    if (haystack.includes(word)) return true;
    const wanted = digits(word).replace(/^0/, '');
    return wanted.length >= 2 && numbers.some((n) => digits(n).includes(wanted));
  });
}

export function filterUsers(users: readonly User[], filters: UserFilters): User[] {
  const customText = fold(filters.custom.text.trim());
  return users.filter(
    (user) =>
      matchesSearch(user, filters.search) &&
      (filters.role === 'any' || user.role === filters.role) &&
      (filters.status === 'any' || user.disabled === (filters.status === 'disabled')) &&
      (customText === '' || fold(user.customFields[filters.custom.index] ?? '').includes(customText)) &&
      (!filters.site || (filters.site === 'none' ? !user.siteId : user.siteId === filters.site)),
  );
}

/** Sorted by the column's cell text in the language's order (dates by time); empty cells last either way. */
export function sortUsers(users: readonly User[], sort: Sort | null, text: (user: User, column: UserColumn) => string, locale?: string): User[] {
  if (!sort) return [...users];
  const collator = new Intl.Collator(locale, { numeric: true, sensitivity: 'base' });
  const key = (user: User) => (sort.column === 'createdAt' ? user.createdAt : text(user, sort.column));
  const sign = sort.direction === 'ascending' ? 1 : -1;
  return [...users].sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    if (ka === '' || kb === '') return ka === kb ? 0 : ka === '' ? 1 : -1;
    return sign * collator.compare(ka, kb);
  });
}
