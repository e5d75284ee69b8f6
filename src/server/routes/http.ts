/** Request helpers shared by the route modules: who is calling, and may they. */
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
import { authenticate, type Caller } from '../services/auth';
import type { ServerContext } from '../services/context';
import { ApiError, forbidden, notFound } from '../services/errors';
import type { UserRecord } from '../db/store';
import { requestFingerprint } from '../services/idempotency';

export function bearerToken(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (!header) return null;
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  return match?.[1] ?? null;
}

export async function requireCaller(ctx: ServerContext, request: FastifyRequest): Promise<Caller> {
  const token = bearerToken(request);
  if (!token) throw new ApiError(401, 'unauthenticated', 'Sign in first: this needs an Authorization: Bearer token');
  const caller = await authenticate(ctx, token);
  if (!caller) throw new ApiError(401, 'unauthenticated', 'Your session has ended; sign in again');
  return caller;
}

export async function requireAdmin(ctx: ServerContext, request: FastifyRequest): Promise<Caller> {
  const caller = await requireCaller(ctx, request);
  if (caller.user.role !== 'admin') throw forbidden('Only administrators can do this');
  return caller;
}

/** Guests may use their phone (switch profile, queue toggles, caller ID) but not change their setup. */
export async function requireMember(ctx: ServerContext, request: FastifyRequest): Promise<Caller> {
  const caller = await requireCaller(ctx, request);
  if (caller.user.role === 'guest') throw forbidden('Guest accounts cannot change settings; ask an administrator for a user role');
  return caller;
}

/** A user of the admin's own company; other companies' users are reported as not found. */
export async function userInCompany(ctx: ServerContext, caller: Caller, userId: string): Promise<UserRecord> {
  const user = await ctx.store.getUser(userId);
  if (!user || user.companyId !== caller.company.id) throw notFound('User');
  return user;
}

export function idempotencyKey(request: FastifyRequest): string | undefined {
  const header = request.headers[IDEMPOTENCY_HEADER];
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined || value === '') return undefined;
  if (value.length > 200) throw new ApiError(400, 'invalid_argument', 'Idempotency-Key is longer than 200 characters');
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
