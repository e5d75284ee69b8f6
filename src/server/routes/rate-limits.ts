/**
 * Rate limits on the routes anyone can hammer (issue 12): self-registration, invitation
 * acceptance, account confirmation and password reset (public, per address), the own password
 * change (per session), and the directory search (per
 * signed-in session, else per address). @fastify/rate-limit, registered with `global: false`;
 * a route opts in with `config: { rateLimit: RATE_LIMITS.x }`. Beyond the limit the answer is
 * 429 with Retry-After and a text in the caller's words.
 *
 * Where the hits are counted: on SQLite (one instance) in the plugin's memory; on PostgreSQL
 * (several instances may share the database, issue 15) in the table `rate_limit_hits`, one
 * atomic upsert per hit, so requests spread over the instances count against one limit.
 */
import fastifyRateLimit, { type FastifyRateLimitStore, type FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { text } from '../../shared/text';
import type { ServerContext } from '../services/context';
import { ApiError } from '../services/errors';

/** Ended windows are deleted at most this often (per instance). */
const PRUNE_EVERY_MS = 60_000;

/** Per key (address, or session for the directory) and window. */
export const RATE_LIMITS = {
  registration: { max: 10, timeWindow: 10 * 60_000 },
  confirmation: { max: 20, timeWindow: 10 * 60_000 },
  /** Asking for reset links (each one mails somebody) and using them. */
  passwordReset: { max: 5, timeWindow: 15 * 60_000 },
  /** A signed-in password change (guessing the current password with a stolen session). */
  passwordChange: {
    max: 10,
    timeWindow: 15 * 60_000,
    keyGenerator: (request: FastifyRequest) => request.headers.authorization ?? request.ip,
  },
  directory: {
    max: 120,
    timeWindow: 60_000,
    // a whole office behind one address searches freely: count per session when there is one
    keyGenerator: (request: FastifyRequest) => request.headers.authorization ?? request.ip,
  },
} as const;

/**
 * @fastify/rate-limit's store on the database: a store per limited route (`child`), its keys
 * prefixed with the route's method and URL like the plugin's Redis store does.
 */
function databaseStore(ctx: ServerContext): FastifyRateLimitStoreCtor {
  let prunedAt = 0;
  const prune = (now: number): void => {
    if (now - prunedAt < PRUNE_EVERY_MS) return;
    prunedAt = now;
    ctx.store.write((tx) => tx.pruneRateLimitHits(now)).catch((error: unknown) => ctx.log.warn({ err: error }, 'Pruning rate limit windows failed'));
  };
  class DatabaseRateLimitStore implements FastifyRateLimitStore {
    constructor(
      _options: unknown,
      private readonly prefix = '',
    ) {}

    incr(key: string, callback: (error: Error | null, result?: { current: number; ttl: number }) => void, timeWindow: number): void {
      const now = Date.now();
      ctx.store.write((tx) => tx.hitRateLimit(this.prefix + key, timeWindow, now)).then(
        (hit) => {
          callback(null, { current: hit.count, ttl: Math.max(0, hit.expiresAt - now) });
          prune(now);
        },
        (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))),
      );
    }

    child(routeOptions: Parameters<FastifyRateLimitStore['child']>[0]): FastifyRateLimitStore {
      const route = (routeOptions as { routeInfo?: { method?: unknown; url?: unknown } }).routeInfo;
      return new DatabaseRateLimitStore(routeOptions, `${String(route?.method ?? '')}${String(route?.url ?? '')}-`);
    }
  }
  return DatabaseRateLimitStore;
}

export async function registerRateLimits(app: FastifyInstance, ctx: ServerContext): Promise<void> {
  await app.register(fastifyRateLimit, {
    global: false,
    ...(ctx.config.databaseUrl ? { store: databaseStore(ctx) } : {}),
    errorResponseBuilder: (_request, context) => {
      const seconds = Math.max(1, Math.ceil(context.ttl / 1000));
      return new ApiError(
        429,
        'throttled',
        `Too many requests. Try again in ${seconds} seconds.`,
        undefined,
        { 'retry-after': String(seconds) },
        text('error.rateLimited', { seconds }),
      );
    },
  });
}
