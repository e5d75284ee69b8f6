/**
 * `GET /api/v1/ws`: one socket per signed-in client. The client authenticates (hello message,
 * `?token=`, or a `bearer.<token>` subprotocol), says which revision it holds, gets what it
 * missed (or a snapshot), then every committed change as it happens.
 */
import type { WebSocket } from 'ws';
import { ClientHello, type ServerMessage } from '../../shared/server-api';
import { authenticate, type Caller } from '../services/auth';
import type { ServerContext } from '../services/context';
import { buildSnapshot } from '../services/snapshot';
import type { PushTarget } from '../push/hub';
import type { ZodApp } from './http';

const HELLO_TIMEOUT_MS = 10_000;
const PING_INTERVAL_MS = 30_000;
/** WebSocket close code 1001: the server is shutting down; clients reconnect, sessions stay. */
const GOING_AWAY = 1001;
/** Beyond this many missed changes a snapshot is smaller and simpler than the list. */
const MAX_CATCH_UP = 100;
const MAX_BUFFERED_BYTES = 8 * 1024 * 1024;

function send(socket: WebSocket, message: ServerMessage): void {
  if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
}

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
    let caller: Caller | null = null;
    let greeted = false;
    let cleanup: (() => void)[] = [];
    let live = false;
    let sentRevision = 0;
    const buffered: string[] = [];

    const close = (code: number, reason: string): void => {
      if (socket.readyState === socket.OPEN) socket.close(code, reason.slice(0, 120));
    };
    const helloTimer = setTimeout(() => close(4408, 'No hello received'), HELLO_TIMEOUT_MS);
    let alive = true;
    const pinger = setInterval(() => {
      if (!alive) return socket.terminate();
      alive = false;
      socket.ping();
    }, PING_INTERVAL_MS);
    socket.on('pong', () => (alive = true));
    let closed = false;
    socket.on('close', () => {
      closed = true;
      clearTimeout(helloTimer);
      clearInterval(pinger);
      for (const fn of cleanup) fn();
      cleanup = [];
    });
    // A socket that closed while the hello was being answered must not stay subscribed.
    const subscribe = (unsubscribe: () => void): void => {
      if (closed) unsubscribe();
      else cleanup.push(unsubscribe);
    };
    socket.on('error', () => socket.terminate());

    const target: PushTarget = {
      send(text) {
        if (socket.readyState !== socket.OPEN) return;
        // A client that stopped reading would make the server hold every push for it; drop it
        // instead: it reconnects and resumes from its revision.
        if (socket.bufferedAmount > MAX_BUFFERED_BYTES || buffered.length > MAX_CATCH_UP) {
          socket.terminate();
          return;
        }
        if (!live) buffered.push(text);
        else socket.send(text);
      },
      end(reason) {
        send(socket, { type: 'signed-out', reason });
        close(4401, reason);
      },
      goAway(reason) {
        close(GOING_AWAY, reason);
      },
    };

    const onHello = async (hello: ClientHello): Promise<void> => {
      const token = hello.token ?? presetToken;
      caller = token ? await authenticate(ctx, token) : null;
      if (!caller) {
        send(socket, { type: 'signed-out', reason: 'Sign in again: the token is missing, expired or revoked' });
        return close(4401, 'Unauthenticated');
      }
      clearTimeout(helloTimer);
      const { user } = caller;
      // Subscribe first, then read: a change committed in between is buffered, not lost.
      subscribe(ctx.hub.addUserSocket(user.id, caller.tokenHash, target));
      if (hello.watchCompany && user.role === 'admin') subscribe(ctx.hub.watchCompany(user.companyId, target));
      const current = await ctx.store.getUser(user.id);
      if (!current) return close(4401, 'Unknown user');
      const resumeFrom = hello.resumeFrom;
      let caughtUp = false;
      if (resumeFrom !== undefined && resumeFrom <= current.revision) {
        const missing = current.revision - resumeFrom;
        const changes = missing === 0 ? [] : await ctx.store.changesSince(user.id, resumeFrom);
        const complete = changes.length === missing && (missing === 0 || changes[0]?.revision === resumeFrom + 1);
        if (complete && missing <= MAX_CATCH_UP) {
          send(socket, {
            type: 'changes',
            userId: user.id,
            changes: changes.map((c) => ({ revision: c.revision, at: c.at, reason: c.reason, patch: c.patch })),
          });
          sentRevision = current.revision;
          caughtUp = true;
        }
      }
      if (!caughtUp) {
        const snapshot = await buildSnapshot(ctx.store, current);
        send(socket, { type: 'snapshot', snapshot });
        sentRevision = snapshot.revision;
      }
      live = true;
      for (const text of buffered.splice(0)) {
        const message = JSON.parse(text) as ServerMessage;
        if (message.type === 'changes' && message.changes.every((c) => c.revision <= sentRevision)) continue;
        socket.send(text);
      }
    };

    socket.on('message', (data) => {
      if (greeted) return; // After the hello the socket is push-only; commands go over REST.
      greeted = true;
      let hello: ClientHello;
      try {
        hello = ClientHello.parse(JSON.parse(String(data)));
      } catch {
        send(socket, { type: 'error', message: 'The first message must be {"type":"hello", "token"?, "resumeFrom"?}' });
        return close(4400, 'Bad hello');
      }
      onHello(hello).catch((error: unknown) => {
        request.log.error(error);
        send(socket, { type: 'error', message: 'The server failed to start the sync' });
        close(1011, 'Server error');
      });
    });
  });
}
