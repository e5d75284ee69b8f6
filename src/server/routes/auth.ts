/** Sign in (public) / sign out (signed in). Registered in the `public` area. */
import { z } from 'zod';
import { ApiErrorBody, SignInRequest, SignInResponse } from '../../shared/server-api';
import { signIn, signOut } from '../services/auth';
import type { ServerContext } from '../services/context';
import type { ZodApp } from './http';

export function registerAuthRoutes(app: ZodApp, ctx: ServerContext): void {
  app.post(
    '/api/v1/auth/sign-in',
    {
      schema: {
        tags: ['auth'],
        summary: 'Sign in with user name or email and password; returns a bearer token',
        body: SignInRequest,
        response: { 200: SignInResponse, 401: ApiErrorBody, 409: ApiErrorBody, 429: ApiErrorBody },
      },
    },
    async (request) => signIn(ctx, request.body.login, request.body.password, request.ip, request.body.company),
  );

  app.post(
    '/api/v1/auth/sign-out',
    {
      config: { access: 'signed-in' },
      schema: {
        tags: ['auth'],
        summary: 'Revoke the current session token',
        security: [{ bearer: [] }],
        response: { 200: z.object({ ok: z.literal(true) }), 401: ApiErrorBody },
      },
    },
    async (request) => {
      await signOut(ctx, request.caller);
      return { ok: true as const };
    },
  );
}
