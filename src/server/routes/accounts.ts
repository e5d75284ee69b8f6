/**
 * A person's own password (issue 12): the signed-in change (`signed-in` area) and the reset of a
 * forgotten one (public: the request, the API to set it, and the page the mailed link opens).
 */
import { z } from 'zod';
import { formatText } from '../../shared/i18n';
import { PasswordInput, validationText } from '../../shared/rules/validation';
import { ApiErrorBody, OwnPasswordChange, PasswordReset, PasswordResetRequest } from '../../shared/server-api';
import { changeOwnPassword, requestPasswordReset, resetPassword, userOfResetLink } from '../services/accounts';
import type { ServerContext } from '../services/context';
import { ApiError } from '../services/errors';
import type { ZodApp } from './http';
import { RATE_LIMITS } from './rate-limits';
import { browserLanguage, sendResetPage } from './reset-page';

const errors = { 400: ApiErrorBody, 401: ApiErrorBody, 410: ApiErrorBody, 429: ApiErrorBody };
const Ok = z.object({ ok: z.literal(true) });

/** Registered in the `signed-in` area: guests change their own password too. */
export function registerOwnPasswordRoutes(app: ZodApp, ctx: ServerContext): void {
  app.post(
    '/api/v1/me/password',
    {
      config: { rateLimit: RATE_LIMITS.passwordChange },
      schema: {
        tags: ['me'],
        security: [{ bearer: [] }],
        summary: 'Change your own password (the current one is required); every session of the account ends, this one too',
        body: OwnPasswordChange,
        response: { 200: Ok, ...errors },
      },
    },
    async (request) => {
      await changeOwnPassword(ctx, request.caller, request.body.currentPassword, request.body.newPassword);
      return { ok: true as const };
    },
  );
}

const ResetForm = z.object({ token: z.string().max(200).default(''), password: z.string().max(1000).default(''), repeat: z.string().max(1000).default('') });

/** Registered in the `public` area. */
export function registerPasswordResetRoutes(app: ZodApp, ctx: ServerContext): void {
  // The page's form posts as browsers do.
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(String(body))));
  });

  app.post(
    '/api/v1/password-reset/request',
    {
      config: { rateLimit: RATE_LIMITS.passwordReset },
      schema: {
        tags: ['registration'],
        summary: 'Mail a one-time password reset link to the account with this user name or email (the answer is the same when there is none)',
        body: PasswordResetRequest,
        response: { 200: Ok, 400: ApiErrorBody, 429: ApiErrorBody },
      },
    },
    async (request) => {
      requestPasswordReset(ctx, request.body.login);
      return { ok: true as const };
    },
  );

  app.post(
    '/api/v1/password-reset',
    {
      config: { rateLimit: RATE_LIMITS.passwordReset },
      schema: { tags: ['registration'], summary: 'Set a new password with a mailed reset link; every session of the account ends', body: PasswordReset, response: { 200: Ok, ...errors } },
    },
    async (request) => {
      await resetPassword(ctx, request.body.token, request.body.password);
      return { ok: true as const };
    },
  );

  app.get(
    '/password-reset',
    { schema: { tags: ['registration'], summary: 'The page a password reset link opens (HTML)', querystring: z.object({ token: z.string().max(200).default('') }) } },
    async (request, reply) => {
      try {
        const user = await userOfResetLink(ctx, request.query.token);
        return sendResetPage(reply, 200, { language: user.language, form: { token: request.query.token, userName: user.userName, errors: {} } });
      } catch (error) {
        if (!(error instanceof ApiError)) throw error;
        return sendResetPage(reply, 410, { language: browserLanguage(request.headers['accept-language']), message: { key: 'account.resetUnusable', kind: 'problem' } });
      }
    },
  );

  app.post(
    '/password-reset',
    { config: { rateLimit: RATE_LIMITS.passwordReset }, schema: { tags: ['registration'], summary: 'The reset page’s form (HTML)', body: ResetForm } },
    async (request, reply) => {
      const { token, password, repeat } = request.body;
      let user;
      try {
        user = await userOfResetLink(ctx, token);
      } catch (error) {
        if (!(error instanceof ApiError)) throw error;
        return sendResetPage(reply, 410, { language: browserLanguage(request.headers['accept-language']), message: { key: 'account.resetUnusable', kind: 'problem' } });
      }
      const language = user.language;
      const again = (status: number, errors: { password?: string; repeat?: string }) =>
        sendResetPage(reply, status, { language, form: { token, userName: user.userName, errors } });
      const checked = PasswordInput.safeParse(password);
      if (!checked.success) {
        const message = checked.error.issues[0]?.message ?? '';
        const said = validationText(message);
        return again(400, { password: said ? formatText(language, said) : message });
      }
      if (repeat !== password) return again(400, { repeat: formatText(language, { key: 'resetPage.mismatch' }) });
      try {
        await resetPassword(ctx, token, password);
      } catch (error) {
        if (!(error instanceof ApiError)) throw error;
        if (error.status === 410) return sendResetPage(reply, 410, { language, message: { key: 'account.resetUnusable', kind: 'problem' } });
        return again(400, { password: error.text ? formatText(language, error.text) : error.message });
      }
      return sendResetPage(reply, 200, { language, message: { key: 'resetPage.done', kind: 'done' } });
    },
  );
}
