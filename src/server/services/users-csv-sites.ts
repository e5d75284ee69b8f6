/**
 * The users CSV's Site and Directory Scope cells (issue 13): a site by its name (or its site
 * code), case-insensitive; an empty Site cell puts the user in no site; a scope is `company`,
 * `site` or `none` (empty: the whole company). A column left out keeps what the user has.
 */
import { DirectoryScope } from '../../shared/model';
import type { SiteRecord, UserRecord } from '../db/store';
import { problem, SCOPE, SITE, type Problem } from './users-csv-problems';

/** The Directory Scope cell's values: file tokens, the same in every language (texts quote them as parameters). */
export const SCOPE_WORDS = { company: 'company', site: 'site', none: 'none' } as const satisfies Record<DirectoryScope, string>;

export function siteCells(
  siteCell: string | undefined,
  scopeCell: string | undefined,
  sites: readonly SiteRecord[],
  existing: UserRecord | undefined,
  problems: Problem[],
): { siteId: string | null; directoryScope: DirectoryScope } {
  let siteId = existing?.siteId ?? null;
  if (siteCell !== undefined) {
    const wanted = siteCell.toLowerCase();
    const site = sites.find((s) => s.name.toLowerCase() === wanted) ?? sites.find((s) => s.code !== null && s.code.toLowerCase() === wanted);
    if (siteCell === '') siteId = null;
    else if (site) siteId = site.id;
    else problems.push(problem(`${SITE}: there is no site named "${siteCell}".`, 'csv.problem.unknownSite', { column: SITE, site: siteCell }));
  }
  let directoryScope: DirectoryScope = existing?.directoryScope ?? 'company';
  if (scopeCell !== undefined) {
    const parsed = DirectoryScope.safeParse(scopeCell === '' ? 'company' : scopeCell.toLowerCase());
    if (parsed.success) directoryScope = parsed.data;
    else problems.push(problem(`${SCOPE} must be company, site or none, not "${scopeCell}".`, 'csv.problem.unknownScope', { column: SCOPE, value: scopeCell, ...SCOPE_WORDS }));
  }
  return { siteId, directoryScope };
}
