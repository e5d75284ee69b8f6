/**
 * Sites (issue 13, seed 002 "Directory Scope"): a company's branches, each with a name and an
 * optional site code. An admin puts users in a site and chooses how much of the company each
 * user's directory shows: everyone (`company`, the default), the colleagues of their own site
 * (`site`), or nobody (`none`). The server applies the scope to the directory and to the
 * colleagues' presence it pushes; a company without sites shows no site settings at all.
 */
import { z } from 'zod';
import { Id, SafeText } from './common';

export const DIRECTORY_SCOPES = ['company', 'site', 'none'] as const;
export const DirectoryScope = z.enum(DIRECTORY_SCOPES);
export type DirectoryScope = z.infer<typeof DirectoryScope>;

const SiteName = SafeText().trim().min(1, 'A site needs a name').max(80);
const SiteCode = SafeText().trim().max(20);

export const Site = z.object({
  id: Id,
  name: z.string(),
  code: z.string().nullable(),
  /** How many users (enabled or not) are in the site. */
  userCount: z.int(),
});
export type Site = z.infer<typeof Site>;

/** `POST /admin/sites`; an empty code is no code. */
export const SiteInput = z.object({ name: SiteName, code: SiteCode.nullable().optional() });
export type SiteInput = z.infer<typeof SiteInput>;
/** `PATCH /admin/sites/:siteId`. */
export const SitePatch = SiteInput.partial();
export type SitePatch = z.infer<typeof SitePatch>;

/**
 * `POST /admin/users/site`: many users at once (ticked, filtered, or `all`) put in a site (null:
 * in none) and/or given a directory scope. Only the fields given change.
 */
export const SiteAssignBody = z
  .object({
    userIds: z.union([z.array(Id).min(1), z.literal('all')]),
    siteId: Id.nullable().optional(),
    directoryScope: DirectoryScope.optional(),
  })
  .refine((b) => b.siteId !== undefined || b.directoryScope !== undefined, 'Give siteId or directoryScope');
export type SiteAssignBody = z.infer<typeof SiteAssignBody>;
export const SiteAssignAnswer = z.object({ changed: z.array(Id) });
export type SiteAssignAnswer = z.infer<typeof SiteAssignAnswer>;

/**
 * Whether `viewer` sees `other` in their directory and colleagues' presence: always themselves;
 * with `site`, only people of their own site (nobody else while they are in no site).
 */
export function inDirectoryScope(
  viewer: { id: string; siteId?: string | null | undefined; directoryScope?: DirectoryScope | undefined },
  other: { id: string; siteId?: string | null | undefined },
): boolean {
  if (viewer.id === other.id) return true;
  const scope = viewer.directoryScope ?? 'company';
  if (scope === 'company') return true;
  if (scope === 'none') return false;
  return !!viewer.siteId && other.siteId === viewer.siteId;
}
