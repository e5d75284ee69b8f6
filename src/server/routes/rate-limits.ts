/**
 * Rate limits on the routes anyone can hammer (issue 12): self-registration, invitation
 * acceptance, account confirmation and password reset (public, per address), the own password
 * change (per session), and the directory search (per
 * signed-in session, else per address). @fastify/rate-limit, registered with `global: false`;
 * a route opts in with `config: { rateLimit: RATE_LIMITS.x }`. Beyond the limit the answer is
 * 429 with Retry-After and a text in the caller's words.
 */
import fastifyRateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { text } from '../../shared/text';
import { ApiError } from '../services/errors';

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

export async function registerRateLimits(app: FastifyInstance): Promise<void> {
  await app.register(fastifyRateLimit, {
    global: false,
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
