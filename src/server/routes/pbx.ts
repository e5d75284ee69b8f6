/**
 * The PBX's questions (src/shared/pbx.ts), an area of their own: loopback callers with the
 * shared secret only, checked by the area's hook.
 * Answers are `key=value;…` text (what Kamailio's `{param.value,KEY}` reads), or JSON when the
 * request's Accept asks for it.
 */
import { timingSafeEqual } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { PBX_SECRET_HEADER, PbxDtmf, encodePbxParams } from '../../shared/pbx';
import type { ServerContext } from '../services/context';
import { callerIdFor, credentialsFor, mobileCallerIdFor, routeFor, type AskedCall } from '../services/pbx-answers';
import { recordDialog, relayDtmf } from '../services/pbx-dialogs';
import { ingestRecording } from '../services/recordings';
import { recordForwardedCall } from '../services/pbx-call-events';
import type { ZodApp } from './http';
import { registerPbxDestinationRoutes } from './pbx-destinations';
import { registerPbxVoicemailRoutes } from './pbx-voicemail';

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

function secretMatches(expected: string, given: string | string[] | undefined): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The call a question is about, when the PBX names its Call-ID. */
function askedCall(callId: string | undefined, otherParty: string | undefined): AskedCall | null {
  return callId ? { sipCallId: callId, otherParty: otherParty || 'anonymous' } : null;
}

/** Content types a recording upload may have (rtpengine-recording writes WAV). */
const RECORDING_TYPES = ['audio/wav', 'audio/x-wav', 'audio/wave'];

function answer(request: FastifyRequest, reply: FastifyReply, status: number, values: Record<string, string>): FastifyReply {
  reply.code(status);
  if ((request.headers.accept ?? '').includes('application/json')) return reply.type('application/json').send(values);
  return reply.type('text/plain; charset=utf-8').send(encodePbxParams(values));
}

/** The `/pbx/v1` routes behind the loopback and shared-secret check. */
export function pbxArea(ctx: ServerContext): FastifyPluginAsync {
  return async (instance) => {
    // An async hook that sends must return the reply, which ends the request there.
    instance.addHook('preHandler', async (request, reply): Promise<FastifyReply | undefined> => {
      if (!LOOPBACK.has(request.socket.remoteAddress ?? '')) {
        return answer(request, reply, 403, { error: 'forbidden', message: 'PBX endpoints answer loopback callers only' });
      }
      if (!secretMatches(ctx.config.pbxSecret, request.headers[PBX_SECRET_HEADER])) {
        return answer(request, reply, 401, { error: 'unauthenticated', message: 'Missing or wrong X-Pbx-Secret' });
      }
      return undefined;
    });
    // Recordings arrive as a stream, written to disk as they come (size-capped by the service),
    // never buffered whole; only this area accepts audio bodies.
    instance.addContentTypeParser(RECORDING_TYPES, (_request, payload, done) => done(null, payload));
    // An upload answered before its body was read (no secret, nobody expects the call, too
    // large) leaves bytes on the connection: close it rather than read them as the next request.
    instance.addHook('onSend', async (request, reply) => {
      const body = request.body as { readableEnded?: boolean } | undefined;
      if (body && typeof body === 'object' && body.readableEnded === false) reply.header('connection', 'close');
    });
    registerPbxRoutes(instance.withTypeProvider<ZodTypeProvider>(), ctx);
    registerPbxDestinationRoutes(instance.withTypeProvider<ZodTypeProvider>(), ctx);
    registerPbxVoicemailRoutes(instance.withTypeProvider<ZodTypeProvider>(), ctx);
  };
}

function registerPbxRoutes(app: ZodApp, ctx: ServerContext): void {
  const tags = ['pbx'];

  app.get(
    '/pbx/v1/credentials/:sipUser',
    { schema: { tags, summary: 'SIP digest HA1 for a SIP user', params: z.object({ sipUser: z.string().min(1).max(200) }) } },
    async (request, reply) => {
      const credentials = await credentialsFor(ctx, request.params.sipUser);
      if (!credentials) return answer(request, reply, 404, { error: 'not_found' });
      return answer(request, reply, 200, credentials);
    },
  );

  app.get(
    '/pbx/v1/caller-id',
    {
      schema: {
        tags,
        summary: 'The identity a user may present for a requested number',
        querystring: z.object({
          /** The caller's SIP account, or (calls from a mobile through the trunk) `mobile`. */
          user: z.string().min(1).max(200).optional(),
          mobile: z.string().min(1).max(200).optional(),
          requested: z.string().max(200).optional(),
          /** The call's SIP Call-ID and what was dialled: the answer then says whether to record. */
          call_id: z.string().max(300).optional(),
          to: z.string().max(200).optional(),
        }),
      },
    },
    async (request, reply) => {
      const requested = request.query.requested;
      const wanted = requested === undefined || requested === '' || requested.toLowerCase() === 'anonymous' ? null : requested;
      const call = askedCall(request.query.call_id, request.query.to);
      const { user, mobile } = request.query;
      if ((user === undefined) === (mobile === undefined)) {
        return answer(request, reply, 400, { error: 'invalid_argument', field: 'user', message: 'Ask with either user or mobile' });
      }
      const callerId = user !== undefined ? await callerIdFor(ctx, user, wanted, call) : await mobileCallerIdFor(ctx, mobile ?? '', call);
      if (!callerId) return answer(request, reply, 404, { error: 'not_found' });
      return answer(request, reply, 200, callerId);
    },
  );

  app.get(
    '/pbx/v1/route',
    {
      schema: {
        tags,
        summary: 'Where a call to a dialled number goes',
        querystring: z.object({
          from: z.string().max(200).optional(),
          to: z.string().min(1).max(200),
          busy: z.enum(['0', '1']).default('0'),
          /** The call's SIP Call-ID and the caller's presented identity: the answer then says whether to record. */
          call_id: z.string().max(300).optional(),
          presented: z.string().max(200).optional(),
          /** What the previous hop of a forwarded call dialled (whose mailbox `voicemail` is, whose announcement or application). */
          via: z.string().max(200).optional(),
        }),
      },
    },
    async (request, reply) => {
      const { to, busy, call_id: callId, presented, from, via } = request.query;
      return answer(request, reply, 200, await routeFor(ctx, to, busy === '1', askedCall(callId, presented), { from, via }));
    },
  );

  app.post(
    '/pbx/v1/recordings',
    {
      schema: {
        tags,
        summary: 'A finished call recording (WAV, both directions) for the users who record that call',
        querystring: z.object({
          call_id: z.string().min(1).max(300),
          started_at: z.iso.datetime({ offset: true }).optional(),
        }),
      },
    },
    async (request, reply) => {
      if (!RECORDING_TYPES.includes((request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase())) {
        return answer(request, reply, 415, { error: 'invalid_argument', message: 'A recording is audio/wav' });
      }
      const { call_id: sipCallId, started_at: startedAt } = request.query;
      const stored = await ingestRecording(ctx, {
        sipCallId,
        startedAt: startedAt ? new Date(startedAt).toISOString() : null,
        body: request.body as Readable,
      });
      return answer(request, reply, 200, { stored: String(stored) });
    },
  );

  // A GET because Kamailio's http_client_query sends one without a body; it records an event.
  app.get(
    '/pbx/v1/call-event',
    {
      schema: {
        tags,
        summary: "A call the PBX forwarded by the called user's profile (for the user's call history)",
        querystring: z.object({
          called: z.string().min(1).max(200),
          from: z.string().min(1).max(200),
          outcome: z.literal('forwarded'),
          target: z.string().min(1).max(200),
          reason: z.enum(['profile', 'noanswer', 'busy', 'unreachable']),
          call_id: z.string().max(300).optional(),
        }),
      },
    },
    async (request, reply) => {
      const { called, from, target, reason, call_id: sipCallId } = request.query;
      const event = await recordForwardedCall(ctx, { called, from, target, reason, sipCallId });
      return answer(request, reply, 200, event ? { recorded: '1', id: event.id } : { recorded: '0' });
    },
  );

  // A GET for the same reason: Kamailio reports answered and ended calls (who is in a call).
  app.get(
    '/pbx/v1/dialog',
    {
      schema: {
        tags,
        summary: 'A call was answered (with the SIP accounts at both ends) or ended; `reset` when the PBX (re)started and knows of no call',
        querystring: z.object({
          call_id: z.string().min(1).max(300).default('-'),
          state: z.enum(['start', 'end', 'reset']),
          users: z.string().max(1000).optional(),
          // Which proxy reports (its SIP address): a restarted proxy's `reset` forgets only the
          // calls it reported, not those another proxy of a pair still carries.
          pbx: z.string().min(1).max(100).optional(),
        }),
      },
    },
    async (request, reply) => {
      const { call_id: callId, state, users, pbx } = request.query;
      const accounts = (users ?? '').split(',').filter((name) => name !== '' && name !== '-');
      const tracked = await recordDialog(ctx, callId, state, accounts, pbx);
      return answer(request, reply, 200, { users: String(tracked) });
    },
  );

  // The media relay's DTMF events (RFC 4733 seen by rtpengine, scripts/pbx/dtmfRelay.ts).
  app.post(
    '/pbx/v1/dtmf',
    { schema: { tags, summary: 'A DTMF digit seen in a call: pushed to the users in that call', body: PbxDtmf } },
    async (request, reply) => answer(request, reply, 200, { pushed: String(relayDtmf(ctx, request.body)) }),
  );
}
