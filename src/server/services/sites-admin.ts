/**
 * A company's sites as its admin manages them (issue 13, seed 002 "Directory Scope"): create,
 * rename (name and site code), delete (refused while users are in it, saying how many), put
 * users in a site and choose each user's directory scope, one user or many at once. Every
 * change is audited in its transaction. A change of who is in which site, or of a scope,
 * sends the company's connected members their colleagues again, as each may now see them
 * (presence.ts `presenceRescoped`). Another company's site is "not found".
 */
import { randomUUID } from 'node:crypto';
import type { DirectoryScope, Site, SiteAssignAnswer, SiteAssignBody, SiteInput, SitePatch } from '../../shared/model';
import { text } from '../../shared/text';
import type { SiteRecord, StoreReader, UserRecord } from '../db/store';
import { audit } from './audit';
import type { Caller } from './auth';
import type { ServerContext } from './context';
import { conflict, notFound } from './errors';
import { presenceRescoped } from './presence';

const siteSubject = (site: SiteRecord) => ({ kind: 'site' as const, id: site.id, name: site.name });

/** The company's sites, by name, with how many users are in each. */
export async function listSites(ctx: ServerContext, caller: Caller): Promise<Site[]> {
  const counts = await ctx.store.countUsersBySite(caller.company.id);
  return (await ctx.store.listSites(caller.company.id)).map((site) => toSite(site, counts.get(site.id) ?? 0));
}

function toSite(site: SiteRecord, userCount: number): Site {
  return { id: site.id, name: site.name, code: site.code, userCount };
}

/** A site of the caller's company (`companyId`); other companies' sites are not found. */
async function siteOfCompany(reader: StoreReader, companyId: string, siteId: string): Promise<SiteRecord> {
  const site = await reader.getSite(siteId);
  if (site?.companyId !== companyId) throw notFound('site');
  return site;
}

async function refuseTakenName(reader: StoreReader, companyId: string, name: string, selfId: string | null): Promise<void> {
  const clash = (await reader.listSites(companyId)).find((s) => s.id !== selfId && s.name.toLowerCase() === name.toLowerCase());
  if (clash) throw conflict(`name: there is already a site named ${clash.name}`, { field: 'name' }, text('error.siteNameTaken', { name: clash.name }));
}

const codeOf = (code: string | null | undefined): string | null => (code ? code : null);

export async function createSite(ctx: ServerContext, caller: Caller, input: SiteInput): Promise<Site> {
  return ctx.store.write(async (tx) => {
    await refuseTakenName(tx, caller.company.id, input.name, null);
    const site: SiteRecord = { id: randomUUID(), companyId: caller.company.id, name: input.name, code: codeOf(input.code), createdAt: ctx.now().toISOString() };
    await tx.insertSite(site);
    await audit(ctx, tx, caller, 'sites.create', siteSubject(site), { code: site.code });
    return toSite(site, 0);
  });
}

export async function updateSite(ctx: ServerContext, caller: Caller, siteId: string, patch: SitePatch): Promise<Site> {
  return ctx.store.write(async (tx) => {
    const site = await siteOfCompany(tx, caller.company.id, siteId);
    const next: SiteRecord = { ...site, name: patch.name ?? site.name, code: patch.code === undefined ? site.code : codeOf(patch.code) };
    if (next.name !== site.name) await refuseTakenName(tx, caller.company.id, next.name, site.id);
    const changed: Record<string, unknown> = {};
    if (next.name !== site.name) changed.name = { from: site.name, to: next.name };
    if (next.code !== site.code) changed.code = { from: site.code, to: next.code };
    if (Object.keys(changed).length > 0) {
      await tx.updateSite(next);
      await audit(ctx, tx, caller, 'sites.update', siteSubject(next), changed);
    }
    return toSite(next, (await tx.countUsersBySite(caller.company.id)).get(site.id) ?? 0);
  });
}

/** Refused (409 saying how many) while users are in the site: move them elsewhere first. */
export async function deleteSite(ctx: ServerContext, caller: Caller, siteId: string): Promise<void> {
  await ctx.store.write(async (tx) => {
    const site = await siteOfCompany(tx, caller.company.id, siteId);
    const count = (await tx.countUsersBySite(caller.company.id)).get(site.id) ?? 0;
    if (count > 0) {
      throw conflict(`${count} user(s) are in the site ${site.name}: move them to another site first`, { field: 'site', count }, text('error.siteHasUsers', { site: site.name, count }));
    }
    await tx.deleteSite(site.id);
    await audit(ctx, tx, caller, 'sites.delete', siteSubject(site));
  });
}

/** Checks a user's site and scope as given to a create or edit: the site must be the company's. */
export async function checkedSiteFields(
  reader: StoreReader,
  companyId: string,
  fields: { siteId?: string | null | undefined; directoryScope?: DirectoryScope | undefined },
): Promise<{ siteId?: string | null; directoryScope?: DirectoryScope }> {
  const out: { siteId?: string | null; directoryScope?: DirectoryScope } = {};
  if (fields.siteId !== undefined) out.siteId = fields.siteId === null ? null : (await siteOfCompany(reader, companyId, fields.siteId)).id;
  if (fields.directoryScope !== undefined) out.directoryScope = fields.directoryScope;
  return out;
}

/** Whether an edit changed whom someone's directory shows (then members get their colleagues again). */
export function scopeChanged(before: Pick<UserRecord, 'siteId' | 'directoryScope'>, after: Pick<UserRecord, 'siteId' | 'directoryScope'>): boolean {
  return (before.siteId ?? null) !== (after.siteId ?? null) || (before.directoryScope ?? 'company') !== (after.directoryScope ?? 'company');
}

/** Many users at once (ticked, or `all` enabled users) put in a site and/or given a directory scope. */
export async function assignSite(ctx: ServerContext, caller: Caller, body: SiteAssignBody): Promise<SiteAssignAnswer> {
  const answer = await ctx.store.write(async (tx) => {
    const fields = await checkedSiteFields(tx, caller.company.id, body);
    const all = await tx.listUsers(caller.company.id);
    const users =
      body.userIds === 'all'
        ? all.filter((u) => !u.disabled)
        : [...new Set(body.userIds)].map((id) => {
            const user = all.find((u) => u.id === id);
            if (!user) throw notFound('user', id);
            return user;
          });
    const changed: string[] = [];
    for (const user of users) {
      const updated: UserRecord = { ...user, ...fields };
      if (!scopeChanged(user, updated)) continue;
      await tx.updateUser(updated);
      changed.push(user.id);
    }
    if (changed.length > 0) {
      const site = fields.siteId ? await tx.getSite(fields.siteId) : null;
      await audit(ctx, tx, caller, 'users.siteAssign', { kind: 'users', id: null, name: site?.name ?? '' }, {
        ...(fields.siteId !== undefined ? { siteId: fields.siteId, site: site?.name ?? null } : {}),
        ...(fields.directoryScope !== undefined ? { directoryScope: fields.directoryScope } : {}),
        count: changed.length,
        userIds: changed,
      });
    }
    return { changed };
  });
  if (answer.changed.length > 0) await presenceRescoped(ctx, caller.company.id);
  return answer;
}
