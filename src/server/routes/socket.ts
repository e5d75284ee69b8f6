/**
 * `GET /api/v1/ws`: one socket per signed-in client (a `public` route: the socket authenticates
 * itself with its hello, the `?token=` query or a `bearer.<token>` subprotocol). The route
 * upgrades and hands the socket to the push layer's sync session (push/sync-session.ts).
 */
import { startSyncSession } from '../push/sync-session';
import type { ServerContext } from '../services/context';
import type { ZodApp } from './http';

function tokenFromProtocol(header: string | string[] | undefined): string | undefined {
  const value = Array.isArray(header) ? header.join(',') : header;
  return value
    ?.split(',')
    .map((p) => p.trim())
    .find((p) => p.startsWith('bearer.'))
    ?.slice('bearer.'.length);
}

export function registerSocketRoute(app: ZodApp, ctx: ServerContext): void {
  app.get('/api/v1/ws', { websocket: true, schema: { hide: true } }, (socket, request) => {
    const query = request.query as Record<string, string | undefined>;
    const presetToken = query.token ?? tokenFromProtocol(request.headers['sec-websocket-protocol']);
    startSyncSession(ctx, socket, { presetToken, log: request.log });
  });
}
