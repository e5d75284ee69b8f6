/** Admin: templates, applying them (with the overwrite confirmation), audit, mass edits (the `admin` area). */
import { z } from 'zod';
import { Id, Template } from '../../shared/model';
import { AddProfileAnswer, AddProfileBody, MassEditAnswer, MassEditBody } from '../../shared/admin-users-api';
import {
  ApiErrorBody,
  ApplyAudit,
  TemplateApplyAnswer,
  TemplateApplyBody,
  TemplateApplyPreview,
  TemplateApplyPreviewBody,
  TemplateCloneBody,
  TemplateSaveBody,
  TemplateSummary,
} from '../../shared/server-api';
import type { ServerContext } from '../services/context';
import {
  addProfile,
  applyCompanyTemplate,
  cloneCompanyTemplate,
  companyTemplate,
  deleteCompanyTemplate,
  listTemplateSummaries,
  massEdit,
  saveCompanyTemplate,
  templateApplications,
} from '../services/templates-admin';
import { previewTemplateApply } from '../services/template-preview';
import { fingerprint, idempotencyKey, replayHeader, type ZodApp } from './http';

const errors = { 400: ApiErrorBody, 401: ApiErrorBody, 403: ApiErrorBody, 404: ApiErrorBody, 409: ApiErrorBody };
const base = { tags: ['admin: templates'], security: [{ bearer: [] }] };
const TemplateParams = z.object({ templateId: Id });

export function registerAdminTemplateRoutes(app: ZodApp, ctx: ServerContext): void {
  app.get('/api/v1/admin/templates', { schema: { ...base, response: { 200: z.array(TemplateSummary), ...errors } } }, async (request) =>
    listTemplateSummaries(ctx, request.caller),
  );

  app.get(
    '/api/v1/admin/templates/:templateId',
    { schema: { ...base, params: TemplateParams, response: { 200: Template, ...errors } } },
    async (request) => companyTemplate(ctx, request.caller, request.params.templateId),
  );

  app.post(
    '/api/v1/admin/templates/:templateId/clone',
    { schema: { ...base, summary: 'Clone a template under a new name', params: TemplateParams, body: TemplateCloneBody, response: { 200: Template, ...errors } } },
    async (request) => cloneCompanyTemplate(ctx, request.caller, request.params.templateId, request.body.name),
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
    async (request) => saveCompanyTemplate(ctx, request.caller, request.params.templateId, request.body.name, request.body.profiles),
  );

  app.delete(
    '/api/v1/admin/templates/:templateId',
    { schema: { ...base, params: TemplateParams, response: { 200: z.object({ ok: z.literal(true) }), ...errors } } },
    async (request) => {
      await deleteCompanyTemplate(ctx, request.caller, request.params.templateId);
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
      const answer = await applyCompanyTemplate(
        ctx,
        request.caller,
        { templateId: request.params.templateId, ...request.body },
        { key: idempotencyKey(request), fingerprint: fingerprint(request) },
      );
      replayHeader(reply, answer.replayed);
      return answer.body;
    },
  );

  app.post(
    '/api/v1/admin/templates/:templateId/apply-preview',
    {
      schema: {
        ...base,
        summary: 'Dry run of an apply: per user, the profiles added, changed (which fields), removed, and whose manual choice falls back',
        params: TemplateParams,
        body: TemplateApplyPreviewBody,
        response: { 200: TemplateApplyPreview, ...errors },
      },
    },
    async (request) => previewTemplateApply(ctx, request.caller, request.params.templateId, request.body.userIds),
  );

  app.get('/api/v1/admin/template-applications', { schema: { ...base, summary: 'Who applied which template to whom, newest first', response: { 200: z.array(ApplyAudit), ...errors } } }, async (request) =>
    templateApplications(ctx, request.caller),
  );

  app.post(
    '/api/v1/admin/profiles/mass-edit',
    {
      schema: {
        ...base,
        summary: 'Set one field of one profile (by template key or name) for many users; dryRun: true previews who would change',
        body: MassEditBody,
        response: { 200: MassEditAnswer, ...errors },
      },
    },
    async (request) => massEdit(ctx, request.caller, request.body),
  );

  app.post(
    '/api/v1/admin/profiles/add',
    {
      schema: {
        ...base,
        summary: 'Add a profile to chosen users or everyone',
        body: AddProfileBody,
        response: { 200: AddProfileAnswer, ...errors },
      },
    },
    async (request) => addProfile(ctx, request.caller, request.body.userIds, request.body.profile),
  );
}
