/**
 * The server's log: Fastify's logger (pino, JSON lines, stderr unless told otherwise) at the
 * configured level. A failed request (500) leaves one `error` line with its cause (the error
 * handler in app.ts writes it); every request leaves one `debug` line. Paths are logged without
 * their query string, which may carry a sync socket's token.
 */
import { LogController, type FastifyReply, type FastifyRequest } from 'fastify';

export const pathOf = (url: string): string => url.split('?')[0] ?? url;

export class RequestLog extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(
    error: Error | null | undefined,
    request: FastifyRequest,
    reply: FastifyReply,
  ): void {
    if (error) return super.requestCompleted(error, request, reply);
    request.log.debug(
      {
        method: request.method,
        path: pathOf(request.url),
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime),
      },
      'request',
    );
  }

  override routeNotFound(request: FastifyRequest): void {
    request.log.debug(
      { method: request.method, path: pathOf(request.url), status: 404 },
      'no such route',
    );
  }
}
