/**
 * The dry run of a template apply (issue 13): per chosen user, the profiles the apply adds,
 * changes (which fields), removes, the default it sets and the manual choice that falls back.
 * It runs the apply's own steps (`chosenUsers`, `planTemplateForUser`) on the stored data and
 * writes nothing, so what the admin confirms is what the apply does.
 */
import type { TemplateApplyPreview } from '../../shared/server-api';
import type { StoredProfile } from '../db/store';
import type { Caller } from './auth';
import type { ServerContext } from './context';
import { chosenUsers, planTemplateForUser, templateInCompany, type UserApplyPlan } from './templates';

/** JSON with object keys sorted, so stored and template fields compare by content. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The top-level profile fields whose values differ (the name is reported apart). */
function changedFields(before: StoredProfile['fields'], after: StoredProfile['fields']): string[] {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  keys.delete('name');
  const a = before as unknown as Record<string, unknown>;
  const b = after as unknown as Record<string, unknown>;
  return [...keys].filter((key) => canonical(a[key] ?? null) !== canonical(b[key] ?? null)).sort();
}

type UserPreview = TemplateApplyPreview['users'][number];

function describePlan(plan: UserApplyPlan, manualProfileId: string | null, previousDefaultId: string | null) {
  const before = new Map(plan.previous.map((p) => [p.id, p]));
  const after = new Set(plan.profiles.map((p) => p.id));
  const added: string[] = [];
  const changed: UserPreview['changed'] = [];
  for (const profile of plan.profiles) {
    const old = before.get(profile.id);
    if (!old) {
      added.push(profile.fields.name);
      continue;
    }
    const fields = changedFields(old.fields, profile.fields);
    const renamed = old.fields.name !== profile.fields.name;
    if (fields.length > 0 || renamed) changed.push({ name: profile.fields.name, previousName: renamed ? old.fields.name : null, fields });
  }
  const removed = plan.previous.filter((p) => !after.has(p.id)).map((p) => p.fields.name);
  const nameOf = (id: string | null, list: StoredProfile[]) => list.find((p) => p.id === id)?.fields.name ?? null;
  const defaultTo = nameOf(plan.defaultProfileId, plan.profiles);
  const defaultFrom = nameOf(previousDefaultId, plan.previous);
  const defaultChanged = previousDefaultId !== plan.defaultProfileId || (defaultFrom !== defaultTo);
  return {
    added,
    changed,
    removed,
    defaultProfile: defaultChanged ? { from: defaultFrom, to: defaultTo } : null,
    fallback: plan.fellBack && manualProfileId ? { from: nameOf(manualProfileId, plan.previous) ?? '', to: defaultTo } : null,
  };
}

export async function previewTemplateApply(
  ctx: ServerContext,
  caller: Caller,
  templateId: string,
  userIds: string[] | 'all',
): Promise<TemplateApplyPreview> {
  const template = await templateInCompany(ctx.store, caller.company.id, templateId);
  const users = await chosenUsers(ctx.store, caller.company.id, userIds);
  const previews: UserPreview[] = [];
  for (const user of users) {
    const plan = planTemplateForUser(await ctx.store.listProfiles(user.id), user, template);
    previews.push({
      userId: user.id,
      userName: user.userName,
      firstName: user.firstName,
      lastName: user.lastName,
      ...describePlan(plan, user.manualChoice?.profileId ?? null, user.defaultProfileId),
    });
  }
  return { users: previews };
}
