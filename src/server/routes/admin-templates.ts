/** Admin: templates, applying them (with the overwrite confirmation), audit, mass edits. */
import { z } from 'zod';
import { Id, ProfileFields, Template } from '../../shared/model';
import {
  ApiErrorBody,
  ApplyAudit,
  TemplateApplyAnswer,
  TemplateApplyBody,
  TemplateCloneBody,
  TemplateSaveBody,
  TemplateSummary,
  UserSelection,
} from '../../shared/server-api';
import { writeWithChanges } from '../services/changes';
import type { ServerContext } from '../services/context';
import { conflict } from '../services/errors';
import { runCommand } from '../services/idempotency';
import { EDITABLE_FIELDS, addProfileToUsers, massEditProfileField } from '../services/mass-edit';
import { applyTemplate, cloneTemplate, deleteTemplate, saveTemplate, templateInCompany, toTemplate } from '../services/templates';
import { fingerprint, idempotencyKey, replayHeader, requireAdmin, type ZodApp } from './http';

const errors = { 400: ApiErrorBody, 401: ApiErrorBody, 403: ApiErrorBody, 404: ApiErrorBody, 409: ApiErrorBody };
const base = { tags: ['admin: templates'], security: [{ bearer: [] }] };
const TemplateParams = z.object({ templateId: Id });
const MassEditResult = z.object({ changed: z.array(Id), skipped: z.array(Id) });

export function registerAdminTemplateRoutes(app: ZodApp, ctx: ServerContext): void {
  app.get('/api/v1/admin/templates', { schema: { ...base, response: { 200: z.array(TemplateSummary), ...errors } } }, async (request) => {
    const caller = await requireAdmin(ctx, request);
    return (await ctx.store.listTemplates(caller.company.id)).map((t) => ({
      id: t.id,
      name: t.name,
      builtIn: t.builtIn,
      updatedAt: t.updatedAt,
      profileCount: t.profiles.length,
    }));
  });

  app.get(
    '/api/v1/admin/templates/:templateId',
    { schema: { ...base, params: TemplateParams, response: { 200: Template, ...errors } } },
    async (request) => {
      const caller = await requireAdmin(ctx, request);
      return toTemplate(await templateInCompany(ctx.store, caller.company.id, request.params.templateId));
    },
  );

  app.post(
    '/api/v1/admin/templates/:templateId/clone',
    { schema: { ...base, summary: 'Clone a template under a new name', params: TemplateParams, body: TemplateCloneBody, response: { 200: Template, ...errors } } },
    async (request) => {
      const caller = await requireAdmin(ctx, request);
      const clone = await ctx.store.write((tx) => cloneTemplate(tx, caller.company.id, request.params.templateId, request.body.name, ctx.now()));
      return toTemplate(clone);
    },
  );

  app.put(
    '/api/v1/admin/templates/:templateId',
    {
      schema: {
        ...base,
        summary: 'Rename a template and replace its (ordered) profiles: add, edit, remove, reorder',
        params: TemplateParams,
        body: TemplateSaveBody,
        response: { 200: Template, ...errors },
      },
    },
    async (request) => {
      const caller = await requireAdmin(ctx, request);
      const saved = await ctx.store.write((tx) =>
        saveTemplate(tx, caller.company.id, request.params.templateId, request.body.name, request.body.profiles, ctx.now()),
      );
      return toTemplate(saved);
    },
  );

  app.delete(
    '/api/v1/admin/templates/:templateId',
    { schema: { ...base, params: TemplateParams, response: { 200: z.object({ ok: z.literal(true) }), ...errors } } },
    async (request) => {
      const caller = await requireAdmin(ctx, request);
      await ctx.store.write((tx) => deleteTemplate(tx, caller.company.id, request.params.templateId));
      return { ok: true as const };
    },
  );

  app.post(
    '/api/v1/admin/templates/:templateId/apply',
    {
      schema: {
        ...base,
        summary: "Replace the chosen users' profiles with the template's (needs confirmOverwrite: true)",
        params: TemplateParams,
        body: TemplateApplyBody,
        response: { 200: TemplateApplyAnswer, ...errors },
      },
    },
    async (request, reply) => {
      const caller = await requireAdmin(ctx, request);
      if (request.body.confirmOverwrite !== true) {
        throw conflict(
          "Applying a template removes all existing profiles of the chosen users and replaces them with the template's. Send confirmOverwrite: true to go ahead.",
          { needs: 'confirmOverwrite' },
        );
      }
      const answer = await runCommand(ctx, caller.user.id, idempotencyKey(request), fingerprint(request), (tx, changes) =>
        applyTemplate(ctx, tx, changes, caller.company.id, request.params.templateId, request.body.userIds, caller.user.id),
      );
      replayHeader(reply, answer.replayed);
      return answer.body;
    },
  );

  app.get('/api/v1/admin/template-applications', { schema: { ...base, summary: 'Who applied which template to whom, newest first', response: { 200: z.array(ApplyAudit), ...errors } } }, async (request) => {
    const caller = await requireAdmin(ctx, request);
    const applications = await ctx.store.listTemplateApplications(caller.company.id);
    const names = new Map((await ctx.store.listUsers(caller.company.id)).map((u) => [u.id, u.userName]));
    return applications.map((a) => ({
      id: a.id,
      templateId: a.templateId,
      templateName: a.templateName,
      appliedBy: names.get(a.appliedBy) ?? a.appliedBy,
      appliedAt: a.appliedAt,
      userIds: a.userIds,
    }));
  });

  app.post(
    '/api/v1/admin/profiles/mass-edit',
    {
      schema: {
        ...base,
        summary: 'Set one field of one profile (by template key or name) for many users',
        body: z
          .object({
            userIds: UserSelection,
            profileKey: z.string().min(1).optional(),
            profileName: z.string().min(1).optional(),
            field: z.enum(EDITABLE_FIELDS),
            value: z.unknown(),
          })
          .refine((b) => b.profileKey !== undefined || b.profileName !== undefined, 'Name the profile by profileKey or profileName'),
        response: { 200: MassEditResult, ...errors },
      },
    },
    async (request) => {
      const caller = await requireAdmin(ctx, request);
      const { userIds, profileKey, profileName, field, value } = request.body;
      return writeWithChanges(ctx, (tx, changes) =>
        massEditProfileField(tx, changes, caller.company.id, userIds, { key: profileKey, name: profileName }, field, value),
      );
    },
  );

  app.post(
    '/api/v1/admin/profiles/add',
    {
      schema: {
        ...base,
        summary: 'Add a profile to chosen users or everyone',
        body: z.object({ userIds: UserSelection.default('all'), profile: ProfileFields }),
        response: { 200: MassEditResult.extend({ key: z.string() }), ...errors },
      },
    },
    async (request) => {
      const caller = await requireAdmin(ctx, request);
      return writeWithChanges(ctx, (tx, changes) => addProfileToUsers(tx, changes, caller.company.id, request.body.userIds, request.body.profile));
    },
  );
}
