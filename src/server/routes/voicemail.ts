/**
 * The signed-in user's own mailbox (`/api/v1/me/voicemail…`): list, audio, heard, delete, and
 * the greeting callers hear (get, upload a WAV, back to the default). A message of someone else
 * is answered 404, as if it did not exist. Registered in an area of its own: only these routes
 * accept audio bodies (streamed to the service, which caps their size).
 */
import { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { Id } from '../../shared/model';
import { ApiErrorBody, GreetingInfo, HeardBody, Mailbox, VoicemailMessage } from '../../shared/server-api';
import type { ServerContext } from '../services/context';
import { ApiError } from '../services/errors';
import {
  deleteVoicemail,
  greetingAudio,
  markHeard,
  ownMailbox,
  resetGreeting,
  saveGreeting,
  voicemailAudio,
} from '../services/voicemail';
import type { ZodApp } from './http';

const errors = { 400: ApiErrorBody, 401: ApiErrorBody, 403: ApiErrorBody, 404: ApiErrorBody, 413: ApiErrorBody };
const Params = z.object({ messageId: Id });
const Deleted = z.object({ ok: z.literal(true) });
/** What browsers and recorders call a WAV file. */
const WAV_TYPES = ['audio/wav', 'audio/x-wav', 'audio/wave', 'audio/vnd.wave'];

function sendWav(reply: FastifyReply, wav: Buffer, fileName: string): FastifyReply {
  return reply
    .type('audio/wav')
    .header('content-length', String(wav.length))
    .header('content-disposition', `attachment; filename="${fileName}"`)
    .header('cache-control', 'private, no-store')
    .header('x-content-type-options', 'nosniff')
    .send(wav);
}

export function registerMeVoicemailRoutes(app: ZodApp, ctx: ServerContext): void {
  const base = { tags: ['me: voicemail'], security: [{ bearer: [] }] };
  // Streamed, never buffered by Fastify: the service reads at most GREETING_MAX_BYTES.
  app.addContentTypeParser(WAV_TYPES, (_request, payload, done) => done(null, payload));

  app.get(
    '/api/v1/me/voicemail',
    { schema: { ...base, summary: 'Your mailbox: messages (newest first), counts and the greeting in use', response: { 200: Mailbox, ...errors } } },
    async (request) => ownMailbox(ctx, request.caller),
  );

  app.get(
    '/api/v1/me/voicemail/:messageId/audio',
    { schema: { ...base, summary: "A voicemail message's audio (WAV)", params: Params } },
    async (request, reply) => sendWav(reply, await voicemailAudio(ctx, request.caller, request.params.messageId), `voicemail-${request.params.messageId}.wav`),
  );

  app.put(
    '/api/v1/me/voicemail/:messageId/heard',
    {
      schema: { ...base, summary: 'Mark a message heard (or new again)', params: Params, body: HeardBody, response: { 200: VoicemailMessage, ...errors } },
    },
    async (request) => markHeard(ctx, request.caller, request.params.messageId, request.body.heard),
  );

  app.delete(
    '/api/v1/me/voicemail/:messageId',
    { schema: { ...base, summary: 'Delete a voicemail message', params: Params, response: { 200: Deleted, ...errors } } },
    async (request) => {
      await deleteVoicemail(ctx, request.caller, request.params.messageId);
      return { ok: true as const };
    },
  );

  app.get(
    '/api/v1/me/voicemail/greeting',
    { schema: { ...base, summary: 'The greeting callers hear (yours or the default in your language), as 8 kHz WAV' } },
    async (request, reply) => sendWav(reply, await greetingAudio(ctx, request.caller), 'greeting.wav'),
  );

  app.put(
    '/api/v1/me/voicemail/greeting',
    {
      config: { access: 'member' },
      schema: {
        ...base,
        summary: 'Upload your greeting: a WAV file (Content-Type: audio/wav) of 0.5 to 60 seconds; kept as 8 kHz mono',
        response: { 200: GreetingInfo, ...errors },
      },
    },
    async (request) => {
      const body = request.body;
      if (!(body instanceof Readable)) throw new ApiError(415, 'invalid_argument', 'Send the greeting as a WAV file (Content-Type: audio/wav)');
      return saveGreeting(ctx, request.caller, body);
    },
  );

  app.delete(
    '/api/v1/me/voicemail/greeting',
    { config: { access: 'member' }, schema: { ...base, summary: 'Go back to the default greeting', response: { 200: GreetingInfo, ...errors } } },
    async (request) => resetGreeting(ctx, request.caller),
  );
}
