/**
 * Who may call a route, declared per area as Fastify's own examples do: each area (public,
 * me, admin) is an encapsulated plugin whose `preHandler` hook authenticates the bearer token,
 * checks the role the route needs and sets `request.caller`. The area gives the default access;
 * a route declares its own with `config: { access: 'member' }`. Handlers read `request.caller`.
 *
 *   await app.register(routeArea(ctx, 'signed-in', registerMeRoutes));
 *   app.post('/api/v1/me/sip/rotate', { config: { access: 'member' }, schema }, (request) => …request.caller…);
 *
 * The hook runs after the body is parsed and validated, so a bad request is still answered 400
 * before 401, as the handlers' own checks did.
 */
import type { FastifyInstance, FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { authenticate, type Caller } from '../services/auth';
import type { ServerContext } from '../services/context';
import { ApiError, forbidden } from '../services/errors';
import type { ZodApp } from './http';
import { text } from '../../shared/text';

/**
 * `public`: anyone; `signed-in`: any signed-in user (guests included: they may use their phone);
 * `member`: users and admins (guests cannot change their setup); `admin`: the company's admins.
 */
export type Access = 'public' | 'signed-in' | 'member' | 'admin';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Who may call this route; the area's default when left out. */
    access?: Access;
  }
  interface FastifyRequest {
    /** The signed-in caller, set by the area's hook; reading it on a public route throws. */
    caller: Caller;
  }
}

const CALLER = Symbol('caller');
type CallerSlot = { [CALLER]?: Caller };

/** Declares `request.caller` once on the root instance (every area's requests have it). */
export function decorateCaller(app: FastifyInstance): void {
  app.decorateRequest('caller', {
    getter(this: FastifyRequest): Caller {
      const caller = (this as FastifyRequest & CallerSlot)[CALLER];
      if (!caller)
        throw new Error(
          `${this.method} ${this.routeOptions.url ?? this.url} is public: it has no caller`,
        );
      return caller;
    },
    setter(this: FastifyRequest, value: Caller): void {
      (this as FastifyRequest & CallerSlot)[CALLER] = value;
    },
  });
}

function bearerToken(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (!header) return null;
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  return match?.[1] ?? null;
}

/** The caller of a request that needs `access`, or the 401/403 answer as an `ApiError`. */
async function authorise(
  ctx: ServerContext,
  request: FastifyRequest,
  access: Exclude<Access, 'public'>,
): Promise<Caller> {
  const token = bearerToken(request);
  if (!token)
    throw new ApiError(
      401,
      'unauthenticated',
      'Sign in first: this needs an Authorization: Bearer token',
      undefined,
      undefined,
      text('auth.signInFirst'),
    );
  const caller = await authenticate(ctx, token);
  if (!caller) throw new ApiError(401, 'unauthenticated', 'Your session has ended; sign in again', undefined, undefined, text('auth.sessionEnded'));
  if (access === 'admin' && caller.user.role !== 'admin')
    throw forbidden('Only administrators can do this', text('error.adminsOnly'));
  if (access === 'member' && caller.user.role === 'guest') {
    throw forbidden('Guest accounts cannot change settings; ask an administrator for a user role', text('error.guestAccount'));
  }
  return caller;
}

export type RouteModule = (app: ZodApp, ctx: ServerContext) => void;

/** An encapsulated plugin of route modules whose routes need `access` unless they say otherwise. */
export function routeArea(
  ctx: ServerContext,
  access: Access,
  ...modules: RouteModule[]
): FastifyPluginAsync {
  return async (instance) => {
    const app = instance.withTypeProvider<ZodTypeProvider>();
    app.addHook('preHandler', async (request) => {
      const needs = request.routeOptions.config.access ?? access;
      if (needs !== 'public') request.caller = await authorise(ctx, request, needs);
    });
    for (const register of modules) register(app, ctx);
  };
}
