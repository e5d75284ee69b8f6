/**
 * Issue 13: the company's sites and users' directory scope, fetched on demand like the rest of
 * the admin area. After a change the sites (their user counts) and the users are read again.
 */
import type { SiteAssignBody, SiteInput, SitePatch } from '../../../../shared/model';
import { invoke } from './invoke';
import { useSoftphone } from '../store';
import { loadUsers } from './admin';

function setSites(sites: Awaited<ReturnType<typeof loadSitesList>>): void {
  if (sites) useSoftphone.setState((s) => ({ admin: { ...s.admin, sites } }));
}
const loadSitesList = () => invoke('admin.sites.list', null);

export async function loadSites(): Promise<void> {
  setSites(await loadSitesList());
}

/** Each returns whether it worked; a refusal goes to `onError` in the admin's language. */
export async function createSite(input: SiteInput, onError: (message: string) => void): Promise<boolean> {
  const site = await invoke('admin.sites.create', input, { onError });
  if (site) await loadSites();
  return site !== undefined;
}

export async function updateSite(siteId: string, patch: SitePatch, onError: (message: string) => void): Promise<boolean> {
  const site = await invoke('admin.sites.update', { siteId, ...patch }, { onError });
  if (site) await loadSites();
  return site !== undefined;
}

export async function deleteSite(siteId: string, onError: (message: string) => void): Promise<boolean> {
  const done = await invoke('admin.sites.delete', { siteId }, { onError });
  if (done) await loadSites();
  return done !== undefined;
}

/** Puts users in a site and/or gives them a scope; answers how many changed (null: refused). */
export async function assignSite(body: SiteAssignBody, onError: (message: string) => void): Promise<number | null> {
  const answer = await invoke('admin.users.assignSite', body, { onError });
  if (!answer) return null;
  await Promise.all([loadSites(), loadUsers()]);
  return answer.changed.length;
}
