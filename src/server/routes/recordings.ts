/**
 * Call recordings: a user's own (the `me` area: list, audio, delete) and the company's for its
 * admins (the `admin` area). A recording someone may not hear is answered 404, as if it did not
 * exist. The PBX's upload is in pbx.ts.
 */
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { Id } from '../../shared/model';
import { ApiErrorBody, CompanyRecording, Recording } from '../../shared/server-api';
import type { ServerContext } from '../services/context';
import {
  companyRecordings,
  deleteRecording,
  ownRecordings,
  recordingAudio,
  type RecordingScope,
} from '../services/recordings';
import type { Caller } from '../services/auth';
import type { ZodApp } from './http';

const errors = { 400: ApiErrorBody, 401: ApiErrorBody, 403: ApiErrorBody, 404: ApiErrorBody };
const Params = z.object({ recordingId: Id });
const Deleted = z.object({ ok: z.literal(true) });

async function sendAudio(ctx: ServerContext, caller: Caller, id: string, scope: RecordingScope, reply: FastifyReply): Promise<FastifyReply> {
  const audio = await recordingAudio(ctx, caller, id, scope);
  return reply
    .type(audio.contentType)
    .header('content-length', String(audio.size))
    .header('content-disposition', `attachment; filename="recording-${id}.wav"`)
    .header('cache-control', 'private, no-store')
    .header('x-content-type-options', 'nosniff')
    .send(audio.stream);
}

export function registerMeRecordingRoutes(app: ZodApp, ctx: ServerContext): void {
  const base = { tags: ['me: recordings'], security: [{ bearer: [] }] };

  app.get(
    '/api/v1/me/recordings',
    { schema: { ...base, summary: 'Your recorded calls, newest first', response: { 200: z.array(Recording), ...errors } } },
    async (request) => ownRecordings(ctx, request.caller),
  );

  app.get(
    '/api/v1/me/recordings/:recordingId/audio',
    { schema: { ...base, summary: "A recorded call's audio (WAV, both directions)", params: Params } },
    async (request, reply) => sendAudio(ctx, request.caller, request.params.recordingId, 'own', reply),
  );

  app.delete(
    '/api/v1/me/recordings/:recordingId',
    { schema: { ...base, summary: 'Delete one of your recorded calls', params: Params, response: { 200: Deleted, ...errors } } },
    async (request) => {
      await deleteRecording(ctx, request.caller, request.params.recordingId, 'own');
      return { ok: true as const };
    },
  );
}

export function registerAdminRecordingRoutes(app: ZodApp, ctx: ServerContext): void {
  const base = { tags: ['admin: recordings'], security: [{ bearer: [] }] };

  app.get(
    '/api/v1/admin/recordings',
    { schema: { ...base, summary: "The company's recorded calls, newest first", response: { 200: z.array(CompanyRecording), ...errors } } },
    async (request) => companyRecordings(ctx, request.caller),
  );

  app.get(
    '/api/v1/admin/recordings/:recordingId/audio',
    { schema: { ...base, summary: "A company recording's audio (WAV)", params: Params } },
    async (request, reply) => sendAudio(ctx, request.caller, request.params.recordingId, 'company', reply),
  );

  app.delete(
    '/api/v1/admin/recordings/:recordingId',
    { schema: { ...base, summary: "Delete one of the company's recorded calls", params: Params, response: { 200: Deleted, ...errors } } },
    async (request) => {
      await deleteRecording(ctx, request.caller, request.params.recordingId, 'company');
      return { ok: true as const };
    },
  );
}
