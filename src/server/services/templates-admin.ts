/**
 * The admin's template and mass-edit commands, each in its own transaction, scoped to the
 * admin's company (templates.ts and mass-edit.ts hold the work done inside the transaction).
 */
import type { ProfileFields, Template } from '../../shared/model';
import type { Caller } from './auth';
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
    await ctx.store.write((tx) =>
      cloneTemplate(tx, caller.company.id, templateId, name, ctx.now()),
    ),
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
      return saveTemplate(tx, caller.company.id, templateId, name, profiles, ctx.now());
    }),
  );
}

export async function deleteCompanyTemplate(
  ctx: ServerContext,
  caller: Caller,
  templateId: string,
): Promise<void> {
  await ctx.store.write((tx) => deleteTemplate(tx, caller.company.id, templateId));
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
  return runCommand(ctx, caller.user.id, idempotency.key, idempotency.fingerprint, (tx, changes) =>
    applyTemplate(
      ctx,
      tx,
      changes,
      caller.company.id,
      command.templateId,
      command.userIds,
      caller.user.id,
    ),
  );
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
  return writeWithChanges(ctx, (tx, changes) =>
    massEditProfileField(
      tx,
      changes,
      caller.company.id,
      userIds,
      { key: profileKey, name: profileName },
      field,
      value,
      dryRun,
    ),
  );
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
    return addProfileToUsers(tx, changes, caller.company.id, userIds, profile);
  });
}
