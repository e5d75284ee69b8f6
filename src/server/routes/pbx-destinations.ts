/** Issue 11: the media component fetches an announcement's audio (pbx area: loopback + secret). */
import { z } from 'zod';
import { Id } from '../../shared/model';
import type { ServerContext } from '../services/context';
import { announcementAudioForPbx } from '../services/pbx-destinations';
import type { ZodApp } from './http';

export function registerPbxDestinationRoutes(app: ZodApp, ctx: ServerContext): void {
  app.get(
    '/pbx/v1/announcements/:announcementId/audio',
    { schema: { tags: ['pbx'], summary: "An announcement's audio (WAV, 8 kHz mono) for the media component", params: z.object({ announcementId: Id }) } },
    async (request, reply) => {
      const audio = await announcementAudioForPbx(ctx, request.params.announcementId);
      if (!audio) return reply.code(404).type('text/plain; charset=utf-8').send('error=not_found');
      return reply.type('audio/wav').send(audio);
    },
  );
}
