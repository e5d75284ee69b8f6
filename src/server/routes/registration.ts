/** Public: self-registration, accepting an invitation, confirming an account. */
import { z } from 'zod';
import { User } from '../../shared/model';
import { ApiErrorBody, InvitationAcceptance, RegistrationAnswer, RegistrationReceived, SelfRegistration } from '../../shared/server-api';
import type { ServerContext } from '../services/context';
import { acceptInvitation, confirmAccount, selfRegister } from '../services/registration';
import type { ZodApp } from './http';
import { RATE_LIMITS } from './rate-limits';

const errors = { 400: ApiErrorBody, 403: ApiErrorBody, 404: ApiErrorBody, 409: ApiErrorBody, 410: ApiErrorBody };

export function registerRegistrationRoutes(app: ZodApp, ctx: ServerContext): void {
  app.post(
    '/api/v1/register',
    {
      config: { rateLimit: RATE_LIMITS.registration },
      schema: {
        tags: ['registration'],
        summary: "Self-registration through a company's registration link; the same 202 for every well-formed request, the outcome is mailed",
        body: SelfRegistration,
        response: { 202: RegistrationReceived, ...errors },
      },
    },
    async (request, reply) => {
      const { registrationToken, ...input } = request.body;
      const answer = await selfRegister(ctx, registrationToken, input);
      return reply.code(202).send(answer);
    },
  );

  app.post(
    '/api/v1/invitations/accept',
    { config: { rateLimit: RATE_LIMITS.registration }, schema: { tags: ['registration'], summary: 'Register through a one-time invitation link', body: InvitationAcceptance, response: { 200: RegistrationAnswer, ...errors } } },
    async (request) => {
      const { token, ...input } = request.body;
      return acceptInvitation(ctx, token, input);
    },
  );

  app.post(
    '/api/v1/confirm',
    { config: { rateLimit: RATE_LIMITS.confirmation }, schema: { tags: ['registration'], summary: 'Confirm an account with the mailed link token', body: z.object({ token: z.string().min(10).max(200) }), response: { 200: User, ...errors } } },
    async (request) => confirmAccount(ctx, request.body.token),
  );
}
