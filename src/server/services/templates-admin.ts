/**
 * The admin's template and mass-edit commands, each in its own transaction, scoped to the
 * admin's company (templates.ts and mass-edit.ts hold the work done inside the transaction).
 */
import type { ProfileFields, Template } from '../../shared/model';
import type { Caller } from './auth';
import { audit } from './audit';
import { writeWithChanges } from './changes';
import { checkSpeedDials } from './company-codes';
import { checkTargetsInCompany } from './destinations-admin';
import { targetsOf } from '../../shared/rules';
import type { ServerContext } from './context';
import { conflict } from './errors';
import { text } from '../../shared/text';
import { runCommand, type CommandAnswer } from './idempotency';
import { addProfileToUsers, massEditProfileField, type FieldEditResult, type MassEditResult } from './mass-edit';
import {
  applyTemplate,
  cloneTemplate,
  deleteTemplate,
  saveTemplate,
  templateInCompany,
  toTemplate,
  type TemplateProfile,
} from './templates';

type UserSelection = string[] | 'all';

export async function listTemplateSummaries(ctx: ServerContext, caller: Caller) {
  return (await ctx.store.listTemplates(caller.company.id)).map((t) => ({
    id: t.id,
    name: t.name,
    builtIn: t.builtIn,
    updatedAt: t.updatedAt,
    profileCount: t.profiles.length,
  }));
}

export async function companyTemplate(
  ctx: ServerContext,
  caller: Caller,
  templateId: string,
): Promise<Template> {
  return toTemplate(await templateInCompany(ctx.store, caller.company.id, templateId));
}

export async function cloneCompanyTemplate(
  ctx: ServerContext,
  caller: Caller,
  templateId: string,
  name: string,
): Promise<Template> {
  return toTemplate(
    await ctx.store.write(async (tx) => {
      const clone = await cloneTemplate(tx, caller.company.id, templateId, name, ctx.now());
      const source = await tx.getTemplate(templateId);
      await audit(ctx, tx, caller, 'templates.clone', { kind: 'template', id: clone.id, name: clone.name }, { from: source?.name ?? templateId });
      return clone;
    }),
  );
}

export async function saveCompanyTemplate(
  ctx: ServerContext,
  caller: Caller,
  templateId: string,
  name: string,
  profiles: TemplateProfile[],
): Promise<Template> {
  return toTemplate(
    await ctx.store.write(async (tx) => {
      // Issue 11: speed dials unique and no company code; messages and applications of this company.
      await checkSpeedDials(tx, caller.company.id, profiles);
      await checkTargetsInCompany(tx, caller.company.id, profiles.flatMap(targetsOf));
      const before = await templateInCompany(tx, caller.company.id, templateId);
      const saved = await saveTemplate(tx, caller.company.id, templateId, name, profiles, ctx.now());
      await audit(ctx, tx, caller, 'templates.update', { kind: 'template', id: saved.id, name: saved.name }, before.name === saved.name ? { profiles: profiles.length } : { profiles: profiles.length, renamedFrom: before.name });
      return saved;
    }),
  );
}

export async function deleteCompanyTemplate(
  ctx: ServerContext,
  caller: Caller,
  templateId: string,
): Promise<void> {
  await ctx.store.write(async (tx) => {
    const template = await templateInCompany(tx, caller.company.id, templateId);
    await deleteTemplate(tx, caller.company.id, templateId);
    await audit(ctx, tx, caller, 'templates.delete', { kind: 'template', id: template.id, name: template.name });
  });
}

/** Applies a template to users (idempotent with a key); refused unless the overwrite is confirmed. */
export async function applyCompanyTemplate(
  ctx: ServerContext,
  caller: Caller,
  command: { templateId: string; userIds: UserSelection; confirmOverwrite?: boolean | undefined },
  idempotency: { key: string | undefined; fingerprint: string },
): Promise<CommandAnswer<{ applied: number; auditId: string }>> {
  if (command.confirmOverwrite !== true) {
    throw conflict(
      "Applying a template removes all existing profiles of the chosen users and replaces them with the template's. Send confirmOverwrite: true to go ahead.",
      { needs: 'confirmOverwrite' },
      text('error.confirmOverwrite'),
    );
  }
  return runCommand(ctx, caller.user.id, idempotency.key, idempotency.fingerprint, async (tx, changes) => {
    const { userIds, ...answer } = await applyTemplate(ctx, tx, changes, caller.company.id, command.templateId, command.userIds, caller.user.id);
    const template = await templateInCompany(tx, caller.company.id, command.templateId);
    await audit(ctx, tx, caller, 'templates.apply', { kind: 'template', id: template.id, name: template.name }, { count: answer.applied, userIds });
    return answer;
  });
}

/** Who applied which template to whom, newest first (appliers by user name). */
export async function templateApplications(ctx: ServerContext, caller: Caller) {
  const applications = await ctx.store.listTemplateApplications(caller.company.id);
  const names = new Map(
    (await ctx.store.listUsers(caller.company.id)).map((u) => [u.id, u.userName]),
  );
  return applications.map((a) => ({
    id: a.id,
    templateId: a.templateId,
    templateName: a.templateName,
    appliedBy: names.get(a.appliedBy) ?? a.appliedBy,
    appliedAt: a.appliedAt,
    userIds: a.userIds,
  }));
}

export function massEdit(
  ctx: ServerContext,
  caller: Caller,
  edit: {
    userIds: UserSelection;
    profileKey?: string | undefined;
    profileName?: string | undefined;
    field: keyof ProfileFields;
    value: unknown;
    dryRun?: boolean | undefined;
  },
): Promise<FieldEditResult> {
  const { userIds, profileKey, profileName, field, value, dryRun } = edit;
  return writeWithChanges(ctx, async (tx, changes) => {
    const result = await massEditProfileField(tx, changes, caller.company.id, userIds, { key: profileKey, name: profileName }, field, value, dryRun);
    // A preview changes nothing, so it is not an admin action of record.
    if (dryRun !== true)
      await audit(ctx, tx, caller, 'massEdit.field', { kind: 'users', id: null, name: profileName ?? profileKey ?? '' }, { field, value: smallValue(value), ...auditedUsers(result) });
    return result;
  });
}

export function addProfile(
  ctx: ServerContext,
  caller: Caller,
  userIds: UserSelection,
  profile: ProfileFields,
): Promise<MassEditResult & { key: string }> {
  return writeWithChanges(ctx, async (tx, changes) => {
    // Issue 11: a speed dial that is a company code, or a message or application of another company, is refused.
    await checkSpeedDials(tx, caller.company.id, [profile]);
    await checkTargetsInCompany(tx, caller.company.id, targetsOf(profile));
    const result = await addProfileToUsers(tx, changes, caller.company.id, userIds, profile);
    await audit(ctx, tx, caller, 'massEdit.addProfile', { kind: 'users', id: null, name: profile.name }, auditedUsers(result));
    return result;
  });
}

/** Who a mass change reached, for the audit row (user ids: the person filter finds them). */
function auditedUsers(result: MassEditResult): Record<string, unknown> {
  return { count: result.changed.length, userIds: result.changed, skipped: result.skipped.length };
}

/** A mass-edited value as the audit keeps it: as it is when short, else only that it was set. */
function smallValue(value: unknown): unknown {
  const json = JSON.stringify(value) ?? 'null';
  return json.length <= 300 ? value : '…';
}
