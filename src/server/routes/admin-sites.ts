/**
 * Issue 13: a company's sites and each user's directory scope (seed 002), admin area. Every
 * route is scoped to the caller's company: another company's site or user is "not found", so a
 * site of company A is never assignable in company B.
 */
import { z } from 'zod';
import { Id, Site, SiteAssignAnswer, SiteAssignBody, SiteInput, SitePatch } from '../../shared/model';
import { ApiErrorBody } from '../../shared/server-api';
import type { ServerContext } from '../services/context';
import { assignSite, createSite, deleteSite, listSites, updateSite } from '../services/sites-admin';
import type { ZodApp } from './http';

const errors = { 400: ApiErrorBody, 401: ApiErrorBody, 403: ApiErrorBody, 404: ApiErrorBody, 409: ApiErrorBody };
const SiteParams = z.object({ siteId: Id });

export function registerAdminSiteRoutes(app: ZodApp, ctx: ServerContext): void {
  const base = { tags: ['admin: sites'], security: [{ bearer: [] }] };

  app.get('/api/v1/admin/sites', { schema: { ...base, summary: 'The company’s sites, with how many users are in each', response: { 200: z.array(Site), ...errors } } }, async (request) =>
    listSites(ctx, request.caller),
  );
  app.post(
    '/api/v1/admin/sites',
    { schema: { ...base, summary: 'Add a site (a name unique in the company, an optional site code)', body: SiteInput, response: { 200: Site, ...errors } } },
    async (request) => createSite(ctx, request.caller, request.body),
  );
  app.patch(
    '/api/v1/admin/sites/:siteId',
    { schema: { ...base, summary: 'Rename a site or change its code', params: SiteParams, body: SitePatch, response: { 200: Site, ...errors } } },
    async (request) => updateSite(ctx, request.caller, request.params.siteId, request.body),
  );
  app.delete(
    '/api/v1/admin/sites/:siteId',
    { schema: { ...base, summary: 'Delete a site (refused while users are in it, saying how many)', params: SiteParams, response: { 200: z.object({ ok: z.literal(true) }), ...errors } } },
    async (request) => {
      await deleteSite(ctx, request.caller, request.params.siteId);
      return { ok: true as const };
    },
  );
  app.post(
    '/api/v1/admin/users/site',
    {
      schema: {
        ...base,
        summary: 'Put many users in a site (null: none) and/or give them a directory scope; answers who changed',
        body: SiteAssignBody,
        response: { 200: SiteAssignAnswer, ...errors },
      },
    },
    async (request) => assignSite(ctx, request.caller, request.body),
  );
}
