/** Request helpers shared by the route modules (who may call a route: areas.ts). */
import type {
  FastifyBaseLogger,
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { IDEMPOTENCY_HEADER } from '../../shared/server-api';
import { invalid } from '../services/errors';
import { requestFingerprint } from '../services/idempotency';
import { text } from '../../shared/text';

const IDEMPOTENCY_KEY_MAX = 200;

export function idempotencyKey(request: FastifyRequest): string | undefined {
  const header = request.headers[IDEMPOTENCY_HEADER];
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined || value === '') return undefined;
  if (value.length > IDEMPOTENCY_KEY_MAX) throw invalid(`Idempotency-Key is longer than ${IDEMPOTENCY_KEY_MAX} characters`, undefined, text('error.idempotencyKeyTooLong', { max: IDEMPOTENCY_KEY_MAX }));
  return value;
}

export function fingerprint(request: FastifyRequest): string {
  return requestFingerprint(request.method, request.url, request.body);
}

export function replayHeader(reply: FastifyReply, replayed: boolean): void {
  if (replayed) reply.header('idempotent-replayed', 'true');
}

export type ZodApp = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>;
