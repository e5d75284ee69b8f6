/**
 * The media component's voicemail questions (src/shared/pbx.ts), in the PBX area (loopback and
 * X-Pbx-Secret, checked by the area's hook in routes/pbx.ts). Answers are JSON; the greeting is
 * audio/wav. A target not issued for the named call is "not found", like an unknown user.
 */
import type { Readable } from 'node:stream';
import { z } from 'zod';
import type { ServerContext } from '../services/context';
import { mailboxFeed, mailboxOfTarget, summaryOfAccount } from '../services/pbx-voicemail';
import { listenerOfTarget, listenMailbox } from '../services/pbx-listen';
import { MESSAGE_MAX_BYTES, deleteMessageOf, greetingFor, messageAudioOf, setHeardOf, storeMessage } from '../services/voicemail';
import type { ZodApp } from './http';

const WAV_TYPES = ['audio/wav', 'audio/x-wav', 'audio/wave'];
const LONG_POLL_MAX_SECONDS = 25;

const TargetQuery = z.object({
  target: z.string().min(1).max(200),
  call_id: z.string().min(1).max(300),
});

const MessageQuery = TargetQuery.extend({ message: z.string().min(1).max(100) });

const notFound = { error: 'not_found', message: 'No mailbox for this target and call' };

/** Reads an upload stream, refusing more than `max` bytes (null then). */
async function readCapped(stream: Readable, max: number): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
    size += buffer.length;
    if (size > max) return null;
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

export function registerPbxVoicemailRoutes(app: ZodApp, ctx: ServerContext): void {
  const tags = ['pbx'];
  // a closing server answers the waiting long polls rather than wait for them
  app.addHook('preClose', (done) => {
    mailboxFeed(ctx).close();
    done();
  });

  app.get(
    '/pbx/v1/voicemail/greeting',
    { schema: { tags, summary: "The greeting a caller hears before leaving a message (the user's own or the default in their language)", querystring: TargetQuery } },
    async (request, reply) => {
      const user = await mailboxOfTarget(ctx, request.query.target, request.query.call_id);
      if (!user) return reply.code(404).send(notFound);
      const greeting = await greetingFor(ctx, user);
      return reply.code(200).type('audio/wav').header('x-greeting-custom', greeting.custom ? '1' : '0').send(greeting.wav);
    },
  );

  app.post(
    '/pbx/v1/voicemail',
    {
      schema: {
        tags,
        summary: 'A message the media component recorded (WAV) for the mailbox a voicemail target names',
        querystring: TargetQuery.extend({
          caller: z.string().min(1).max(200),
          caller_name: z.string().max(200).optional(),
          called: z.string().max(200).optional(),
          started_at: z.iso.datetime({ offset: true }).optional(),
        }),
      },
    },
    async (request, reply) => {
      if (!WAV_TYPES.includes((request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase())) {
        return reply.code(415).send({ error: 'invalid_argument', message: 'body: a message is audio/wav' });
      }
      const { target, call_id: callId, caller, caller_name: callerName, called, started_at: startedAt } = request.query;
      const user = await mailboxOfTarget(ctx, target, callId);
      if (!user) return reply.code(404).send(notFound);
      const wav = await readCapped(request.body as Readable, MESSAGE_MAX_BYTES);
      if (!wav) return reply.code(413).send({ error: 'invalid_argument', message: `body: larger than ${MESSAGE_MAX_BYTES} bytes` });
      const message = await storeMessage(
        ctx,
        user,
        {
          callerNumber: caller,
          callerName: callerName || null,
          calledNumber: called || null,
          ...(startedAt ? { receivedAt: new Date(startedAt).toISOString() } : {}),
          sipCallId: callId,
        },
        wav,
      );
      return reply.code(200).send({ stored: 1, id: message.id });
    },
  );

  // Listening by phone (services/pbx-listen.ts): the caller's own mailbox only. A message of
  // anyone else is not found (an ApiError 404 from services/voicemail.ts).
  app.get(
    '/pbx/v1/voicemail/listen',
    { schema: { tags, summary: 'The mailbox a listening call plays (new messages first, each oldest first)', querystring: TargetQuery } },
    async (request, reply) => {
      const user = await listenerOfTarget(ctx, request.query.target, request.query.call_id);
      if (!user) return reply.code(404).send(notFound);
      return reply.code(200).send(await listenMailbox(ctx, user));
    },
  );

  app.get(
    '/pbx/v1/voicemail/listen/audio',
    { schema: { tags, summary: 'A message of the listening user (WAV)', querystring: MessageQuery } },
    async (request, reply) => {
      const user = await listenerOfTarget(ctx, request.query.target, request.query.call_id);
      if (!user) return reply.code(404).send(notFound);
      return reply.code(200).type('audio/wav').send(await messageAudioOf(ctx, user, request.query.message));
    },
  );

  app.post(
    '/pbx/v1/voicemail/listen/heard',
    { schema: { tags, summary: 'A message played to its end in a listening call: heard', querystring: MessageQuery } },
    async (request, reply) => {
      const user = await listenerOfTarget(ctx, request.query.target, request.query.call_id);
      if (!user) return reply.code(404).send(notFound);
      await setHeardOf(ctx, user, request.query.message, true);
      return reply.code(200).send({ heard: 1 });
    },
  );

  app.post(
    '/pbx/v1/voicemail/listen/delete',
    { schema: { tags, summary: 'A message deleted with 7 in a listening call', querystring: MessageQuery } },
    async (request, reply) => {
      const user = await listenerOfTarget(ctx, request.query.target, request.query.call_id);
      if (!user) return reply.code(404).send(notFound);
      await deleteMessageOf(ctx, user, request.query.message);
      return reply.code(200).send({ deleted: 1 });
    },
  );

  app.get(
    '/pbx/v1/voicemail/summary',
    { schema: { tags, summary: "Message counts of the mailbox a SIP account's user has (message-waiting indication)", querystring: z.object({ account: z.string().min(1).max(200) }) } },
    async (request, reply) => {
      const summary = await summaryOfAccount(ctx, request.query.account);
      if (!summary) return reply.code(404).send({ error: 'not_found', message: 'account: no such SIP account' });
      return reply.code(200).send(summary);
    },
  );

  app.get(
    '/pbx/v1/voicemail/changes',
    {
      schema: {
        tags,
        summary: 'Mailboxes that changed after a sequence number (long poll, for message-waiting indication)',
        querystring: z.object({
          after: z.coerce.number().int().nonnegative().optional(),
          wait: z.coerce.number().int().min(0).max(LONG_POLL_MAX_SECONDS).default(LONG_POLL_MAX_SECONDS),
        }),
      },
    },
    async (request, reply) => {
      // the media component stopped (or the server closes): stop waiting
      const gone = new Promise<void>((resolve) => reply.raw.once('close', () => resolve()));
      const changes = await mailboxFeed(ctx).since(request.query.after ?? null, request.query.wait * 1000, gone);
      return reply.code(200).send(changes);
    },
  );
}
