/**
 * Issue 11: the company's announcements, applications and feature codes. Admins manage them
 * (admin area); any signed-in user of the company reads what a profile editor may pick by name
 * (`GET /me/destinations`, the me area). The PBX's media component fetches an announcement's
 * audio from the pbx area (pbx-destinations.ts).
 */
import { z } from 'zod';
import {
  ANNOUNCEMENT_MAX_BODY,
  Announcement,
  AnnouncementInput,
  AnnouncementPatch,
  Application,
  ApplicationInput,
  CompanyCodes,
  CompanyDestinations,
  Id,
} from '../../shared/model';
import { ApiErrorBody } from '../../shared/server-api';
import type { ServerContext } from '../services/context';
import {
  announcementAudio,
  companyDestinations,
  createAnnouncement,
  createApplication,
  deleteAnnouncement,
  deleteApplication,
  listAnnouncements,
  listApplications,
  updateAnnouncement,
  updateApplication,
} from '../services/destinations-admin';
import { companyCodes, setCompanyCodes } from '../services/company-codes';
import type { ZodApp } from './http';

const errors = { 400: ApiErrorBody, 401: ApiErrorBody, 403: ApiErrorBody, 404: ApiErrorBody, 409: ApiErrorBody };
const Deleted = z.object({ ok: z.literal(true) });
const AnnouncementParams = z.object({ announcementId: Id });
const ApplicationParams = z.object({ applicationId: Id });

export function registerAdminDestinationRoutes(app: ZodApp, ctx: ServerContext): void {
  const base = { tags: ['admin: announcements, applications, codes'], security: [{ bearer: [] }] };

  app.get(
    '/api/v1/admin/announcements',
    { schema: { ...base, summary: "The company's announcements, with the profiles that play them", response: { 200: z.array(Announcement), ...errors } } },
    async (request) => listAnnouncements(ctx, request.caller),
  );
  app.post(
    '/api/v1/admin/announcements',
    {
      bodyLimit: ANNOUNCEMENT_MAX_BODY,
      schema: { ...base, summary: 'Upload a named announcement (WAV, converted to 8 kHz mono)', body: AnnouncementInput, response: { 200: Announcement, ...errors } },
    },
    async (request) => createAnnouncement(ctx, request.caller, request.body),
  );
  app.patch(
    '/api/v1/admin/announcements/:announcementId',
    {
      bodyLimit: ANNOUNCEMENT_MAX_BODY,
      schema: { ...base, summary: 'Rename an announcement, change what follows it, or replace its audio', params: AnnouncementParams, body: AnnouncementPatch, response: { 200: Announcement, ...errors } },
    },
    async (request) => updateAnnouncement(ctx, request.caller, request.params.announcementId, request.body),
  );
  app.delete(
    '/api/v1/admin/announcements/:announcementId',
    { schema: { ...base, summary: 'Delete an announcement no profile or template uses (409 naming them otherwise)', params: AnnouncementParams, response: { 200: Deleted, ...errors } } },
    async (request) => {
      await deleteAnnouncement(ctx, request.caller, request.params.announcementId);
      return { ok: true as const };
    },
  );
  app.get(
    '/api/v1/admin/announcements/:announcementId/audio',
    { schema: { ...base, summary: "An announcement's audio as the phone line plays it (WAV, 8 kHz mono)", params: AnnouncementParams } },
    async (request, reply) => {
      const audio = await announcementAudio(ctx, request.caller, request.params.announcementId);
      return reply.type('audio/wav').header('cache-control', 'private, no-store').header('x-content-type-options', 'nosniff').send(audio);
    },
  );

  app.get(
    '/api/v1/admin/applications',
    { schema: { ...base, summary: "The company's applications (name and SIP address)", response: { 200: z.array(Application), ...errors } } },
    async (request) => listApplications(ctx, request.caller),
  );
  app.post(
    '/api/v1/admin/applications',
    { schema: { ...base, summary: 'Define an application by name and SIP address', body: ApplicationInput, response: { 200: Application, ...errors } } },
    async (request) => createApplication(ctx, request.caller, request.body),
  );
  app.put(
    '/api/v1/admin/applications/:applicationId',
    { schema: { ...base, summary: "Change an application's name or SIP address", params: ApplicationParams, body: ApplicationInput, response: { 200: Application, ...errors } } },
    async (request) => updateApplication(ctx, request.caller, request.params.applicationId, request.body),
  );
  app.delete(
    '/api/v1/admin/applications/:applicationId',
    { schema: { ...base, summary: 'Delete an application no profile or template uses (409 naming them otherwise)', params: ApplicationParams, response: { 200: Deleted, ...errors } } },
    async (request) => {
      await deleteApplication(ctx, request.caller, request.params.applicationId);
      return { ok: true as const };
    },
  );

  app.get(
    '/api/v1/admin/feature-codes',
    { schema: { ...base, summary: "The company's feature codes (null: off)", response: { 200: CompanyCodes, ...errors } } },
    async (request) => companyCodes(ctx.store, request.caller.company.id),
  );
  app.put(
    '/api/v1/admin/feature-codes',
    { schema: { ...base, summary: "Replace the company's feature codes", body: CompanyCodes, response: { 200: CompanyCodes, ...errors } } },
    async (request) => setCompanyCodes(ctx, request.caller, request.body),
  );
}

/** The me area: what a profile editor may pick by name. */
export function registerMeDestinationRoutes(app: ZodApp, ctx: ServerContext): void {
  app.get(
    '/api/v1/me/destinations',
    {
      schema: {
        tags: ['me'],
        security: [{ bearer: [] }],
        summary: "Your company's announcements and applications (by name) and its feature codes",
        response: { 200: CompanyDestinations, ...errors },
      },
    },
    async (request) => companyDestinations(ctx, request.caller),
  );
}
