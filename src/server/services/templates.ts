/**
 * Templates (seed 000): built-in sets per company, clone/rename/edit, and applying one to users,
 * which replaces their profiles. Profiles keep their id across applies when the template
 * profile has the same key, so a manual choice of "Lunch" survives re-applying a template that
 * still has Lunch, and falls back (visibly: the push says so) when it does not.
 */
import { randomUUID } from 'node:crypto';
import type { ProfileFields, Template } from '../../shared/model';
import type { StoreReader, StoreWriter, StoredProfile, TemplateRecord, UserRecord } from '../db/store';
import type { ChangeRecorder } from './changes';
import type { ServerContext } from './context';
import { conflict, notFound } from './errors';
import { toProfile } from './snapshot';
import { explainStoreConflict } from './user-records';
import { text } from '../../shared/text';

export type TemplateProfile = ProfileFields & { key: string };

export interface BuiltInTemplate {
  name: string;
  profiles: TemplateProfile[];
}

export function toTemplate(record: TemplateRecord): Template {
  return { id: record.id, name: record.name, builtIn: record.builtIn, profiles: record.profiles, updatedAt: record.updatedAt };
}

/** Adds the built-in templates a company does not have yet (by name); returns all of them. */
export async function ensureBuiltInTemplates(
  tx: StoreWriter,
  companyId: string,
  builtIns: readonly BuiltInTemplate[],
  now: Date,
): Promise<TemplateRecord[]> {
  const existing = await tx.listTemplates(companyId);
  for (const builtIn of builtIns) {
    if (existing.some((t) => t.builtIn && t.name.toLowerCase() === builtIn.name.toLowerCase())) continue;
    await tx.insertTemplate({
      id: randomUUID(),
      companyId,
      name: builtIn.name,
      builtIn: true,
      profiles: builtIn.profiles,
      updatedAt: now.toISOString(),
      createdAt: now.toISOString(),
    });
  }
  return tx.listTemplates(companyId);
}

export async function templateInCompany(tx: StoreWriter | ServerContext['store'], companyId: string, id: string): Promise<TemplateRecord> {
  const template = await tx.getTemplate(id);
  if (!template || template.companyId !== companyId) throw notFound('template');
  return template;
}

export async function cloneTemplate(tx: StoreWriter, companyId: string, id: string, name: string, now: Date): Promise<TemplateRecord> {
  const source = await templateInCompany(tx, companyId, id);
  const clone: TemplateRecord = {
    id: randomUUID(),
    companyId,
    name,
    builtIn: false,
    // New keys: the clone's profiles are its own, even though they start as copies.
    profiles: source.profiles.map((p) => ({ ...p, key: randomUUID() })),
    updatedAt: now.toISOString(),
    createdAt: now.toISOString(),
  };
  try {
    await tx.insertTemplate(clone);
  } catch (error) {
    explainStoreConflict(error);
  }
  return clone;
}

export async function saveTemplate(
  tx: StoreWriter,
  companyId: string,
  id: string,
  name: string,
  profiles: TemplateProfile[],
  now: Date,
): Promise<TemplateRecord> {
  const template = await templateInCompany(tx, companyId, id);
  if (template.builtIn) throw conflict('Built-in templates cannot be changed; clone the template and edit the clone', undefined, text('error.builtInTemplateChanged'));
  const keys = new Set<string>();
  for (const profile of profiles) {
    if (keys.has(profile.key)) throw conflict(`Two profiles share the key ${profile.key}`, undefined, text('error.profileKeyTwice', { key: profile.key }));
    keys.add(profile.key);
  }
  const names = new Set<string>();
  for (const profile of profiles) {
    const lower = profile.name.toLowerCase();
    if (names.has(lower)) throw conflict(`Two profiles are called "${profile.name}"; profile names must differ`, undefined, text('error.profileNameTwice', { name: profile.name }));
    names.add(lower);
  }
  const updated = { ...template, name, profiles, updatedAt: now.toISOString() };
  try {
    await tx.updateTemplate(updated);
  } catch (error) {
    explainStoreConflict(error);
  }
  return updated;
}

export async function deleteTemplate(tx: StoreWriter, companyId: string, id: string): Promise<void> {
  const template = await templateInCompany(tx, companyId, id);
  if (template.builtIn) throw conflict('Built-in templates cannot be deleted', undefined, text('error.builtInTemplateDeleted'));
  // Refused rather than quietly leaving new users without profiles: the admin chooses another first.
  if ((await tx.getCompany(companyId))?.settings.newUserTemplateId === id) {
    throw conflict(
      `newUserTemplateId: "${template.name}" gives new users their profiles; choose another template for new users in the company settings first`,
      { field: 'newUserTemplateId' },
      text('error.newUserTemplateDeleted', { template: template.name }),
    );
  }
  await tx.deleteTemplate(id);
}

/**
 * What applying `template` does to one user, computed without writing: the profiles they will
 * have (ids kept for the same template key), the new default, and whether their manual choice,
 * queue toggles and caller-ID pick survive. The apply and its preview both use it, so the
 * preview cannot say anything the apply would not do.
 */
export interface UserApplyPlan {
  previous: StoredProfile[];
  profiles: StoredProfile[];
  defaultProfileId: string | null;
  fellBack: boolean;
}

export function planTemplateForUser(previous: StoredProfile[], user: UserRecord, template: TemplateRecord): UserApplyPlan {
  const idByKey = new Map(previous.filter((p) => p.templateKey).map((p) => [p.templateKey as string, p.id]));
  const profiles: StoredProfile[] = template.profiles.map(({ key, ...fields }, position) => ({
    id: idByKey.get(key) ?? randomUUID(),
    userId: user.id,
    position,
    templateKey: key,
    fields,
  }));
  const ids = new Set(profiles.map((p) => p.id));
  const fellBack = user.manualChoice !== null && !ids.has(user.manualChoice.profileId);
  return { previous, profiles, defaultProfileId: profiles[0]?.id ?? null, fellBack };
}

/** Replaces the user's profiles with the template's; returns whether the manual choice fell back. */
export async function applyTemplateToUser(
  tx: StoreWriter,
  changes: ChangeRecorder,
  user: UserRecord,
  template: TemplateRecord,
): Promise<boolean> {
  return (await applyTemplateToUsers(tx, changes, [user], template)).length > 0;
}

/**
 * Replaces each user's profiles with the template's, in a few statements however many users
 * (the records must be the ones this write read: `getUsers` locks them on PostgreSQL); answers
 * the users whose manual choice fell back.
 */
async function applyTemplateToUsers(
  tx: StoreWriter,
  changes: ChangeRecorder,
  users: readonly UserRecord[],
  template: TemplateRecord,
): Promise<string[]> {
  const previous = await tx.listProfilesOfUsers(users.map((u) => u.id));
  const plans = users.map((user) => ({ user, ...planTemplateForUser(previous.get(user.id) ?? [], user, template) }));
  await tx.replaceProfilesOfUsers(plans.map(({ user, profiles }) => ({ userId: user.id, profiles })));
  const fellBackUsers: string[] = [];
  for (const { user, profiles, defaultProfileId, fellBack } of plans) {
    const ids = new Set(profiles.map((p) => p.id));
    user.defaultProfileId = defaultProfileId;
    if (fellBack) {
      user.manualChoice = null;
      fellBackUsers.push(user.id);
    }
    user.queueOverrides = user.queueOverrides.filter((o) => ids.has(o.profileId));
    if (user.callerIdOverride && !ids.has(user.callerIdOverride.profileId)) user.callerIdOverride = null;
  }
  const applied = text('notice.templateApplied', { template: template.name });
  const fellBackNotice = text('notice.templateAppliedFellBack', { template: template.name });
  await changes.saveAndRecordMany(
    plans.map(({ user, profiles, fellBack }) => ({ user, notice: fellBack ? fellBackNotice : applied, known: { profiles: profiles.map(toProfile) } })),
    'template-applied',
    ['profiles', 'defaultProfileId', 'manualChoice', 'queueOverrides', 'callerIdOverride'],
  );
  return fellBackUsers;
}

/**
 * The template whose profiles a new user gets (company setting `newUserTemplateId`): null when
 * the setting is "none"; absent, the company's first built-in template, which is the one the
 * company's creation applied (seed-company.ts).
 */
async function newUserTemplate(reader: StoreReader, companyId: string): Promise<TemplateRecord | null> {
  const chosen = (await reader.getCompany(companyId))?.settings.newUserTemplateId;
  if (chosen === null) return null;
  if (chosen === undefined) return (await reader.listTemplates(companyId)).find((t) => t.builtIn) ?? null;
  const template = await reader.getTemplate(chosen);
  return template?.companyId === companyId ? template : null;
}

/**
 * Gives a user who has just been inserted (same transaction) the profiles of the company's
 * template for new users, through the same code as an apply; their default profile is its
 * first. Returns the template's name, or null when the company gives none.
 */
export async function giveNewUserProfiles(tx: StoreWriter, changes: ChangeRecorder, user: UserRecord): Promise<string | null> {
  const template = await newUserTemplate(tx, user.companyId);
  if (!template) return null;
  await applyTemplateToUser(tx, changes, user, template);
  return template.name;
}

/** The users an apply is for: every enabled user, or the named ones (each once; an unknown id is 404). */
export async function chosenUsers(reader: StoreReader, companyId: string, userIds: string[] | 'all'): Promise<UserRecord[]> {
  const users = await reader.listUsers(companyId);
  if (userIds === 'all') return users.filter((u) => !u.disabled);
  // a user named twice gets the template once
  const byId = new Map(users.map((u) => [u.id, u]));
  return [...new Set(userIds)].map((id) => {
    const user = byId.get(id);
    if (!user) throw notFound('user', id);
    return user;
  });
}

export async function applyTemplate(
  ctx: ServerContext,
  tx: StoreWriter,
  changes: ChangeRecorder,
  companyId: string,
  templateId: string,
  userIds: string[] | 'all',
  appliedBy: string,
): Promise<{ applied: number; auditId: string; userIds: string[] }> {
  const template = await templateInCompany(tx, companyId, templateId);
  const chosen = await chosenUsers(tx, companyId, userIds);
  // Read again with their rows locked (a switch on another instance waits for the apply), in
  // the order chosen.
  const locked = new Map((await tx.getUsers(chosen.map((u) => u.id))).map((u) => [u.id, u]));
  await applyTemplateToUsers(tx, changes, chosen.map((u) => locked.get(u.id) ?? u), template);
  const auditId = randomUUID();
  await tx.insertTemplateApplication({
    id: auditId,
    companyId,
    templateId,
    templateName: template.name,
    appliedBy,
    appliedAt: ctx.now().toISOString(),
    userIds: chosen.map((u) => u.id),
  });
  return { applied: chosen.length, auditId, userIds: chosen.map((u) => u.id) };
}
