/**
 * Issue 11: the media component's announcement script fetches the audio of the announcement a
 * signed target names (pbx area: loopback + secret), and learns in `X-Then-Target` where the
 * call goes on to afterwards (the forwarding user's voicemail; absent: the call ends).
 */
import { z } from 'zod';
import type { ServerContext } from '../services/context';
import { announcementForPbx } from '../services/pbx-destinations';
import type { ZodApp } from './http';

export function registerPbxDestinationRoutes(app: ZodApp, ctx: ServerContext): void {
  app.get(
    '/pbx/v1/announcements/audio',
    {
      schema: {
        tags: ['pbx'],
        summary: "The audio (WAV, 8 kHz mono) of the announcement a target signed for this call names; X-Then-Target: the voicemail target after it",
        querystring: z.object({ target: z.string().min(1).max(300), call_id: z.string().min(1).max(300) }),
      },
    },
    async (request, reply) => {
      const found = await announcementForPbx(ctx, request.query.target, request.query.call_id);
      if (!found) return reply.code(404).type('text/plain; charset=utf-8').send('error=not_found');
      if (found.then) reply.header('x-then-target', found.then);
      return reply.type('audio/wav').send(found.wav);
    },
  );
}
