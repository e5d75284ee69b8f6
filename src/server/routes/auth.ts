/** Sign in / sign out. */
import { z } from 'zod';
import { ApiErrorBody, SignInRequest, SignInResponse } from '../../shared/server-api';
import { signIn, signOut } from '../services/auth';
import type { ServerContext } from '../services/context';
import { requireCaller, type ZodApp } from './http';

export function registerAuthRoutes(app: ZodApp, ctx: ServerContext): void {
  app.post(
    '/api/v1/auth/sign-in',
    {
      schema: {
        tags: ['auth'],
        summary: 'Sign in with user name or email and password; returns a bearer token',
        body: SignInRequest,
        response: { 200: SignInResponse, 401: ApiErrorBody, 429: ApiErrorBody },
      },
    },
    async (request) => signIn(ctx, request.body.login, request.body.password, request.ip),
  );

  app.post(
    '/api/v1/auth/sign-out',
    {
      schema: {
        tags: ['auth'],
        summary: 'Revoke the current session token',
        security: [{ bearer: [] }],
        response: { 200: z.object({ ok: z.literal(true) }), 401: ApiErrorBody },
      },
    },
    async (request) => {
      const caller = await requireCaller(ctx, request);
      await signOut(ctx, caller);
      ctx.hub.endSession(caller.tokenHash, 'Signed out');
      return { ok: true as const };
    },
  );
}
