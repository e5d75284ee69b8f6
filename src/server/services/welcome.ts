/**
 * The welcome mail (issue 13, seed 003 "Send welcome email"): users an admin creates (when the
 * admin asks for it) or a CSV upload creates without a password get a mail in their language
 * with a one-time link to choose their password. The link is a password reset link (same table,
 * same page) with a longer life, `WELCOME_DAYS`; sending a new one (the admin's "Send welcome
 * email" again) makes the earlier links of the account unusable.
 */
import { audit, userSubject } from './audit';
import { format } from '../../shared/i18n';
import { text } from '../../shared/text';
import type { UserRecord } from '../db/store';
import { randomToken, sha256 } from '../security/secrets';
import type { Caller } from './auth';
import type { ServerContext } from './context';
import { conflict, notFound } from './errors';

const WELCOME_DAYS = 7;

/** Stores a fresh set-your-password link for `user` (earlier ones stop working) and mails it. */
export async function mailWelcome(ctx: ServerContext, user: UserRecord, companyName: string, resentBy?: Caller): Promise<void> {
  const token = randomToken();
  const now = ctx.now();
  await ctx.store.write(async (tx) => {
    if (resentBy) await audit(ctx, tx, resentBy, 'users.welcomeResend', userSubject(user));
    await tx.usePasswordResets(user.id, now.toISOString());
    await tx.insertPasswordReset({
      tokenHash: sha256(token),
      userId: user.id,
      createdAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + WELCOME_DAYS * 86_400_000).toISOString(),
      usedAt: null,
    });
  });
  const link = `${ctx.publicUrl()}/password-reset?token=${encodeURIComponent(token)}`;
  const params = { name: user.firstName, userName: user.userName, company: companyName, link, days: WELCOME_DAYS, server: ctx.publicUrl() };
  await ctx.mail.send({
    kind: 'welcome',
    to: user.email,
    subject: format(user.language, 'mail.welcome.subject', params),
    text: format(user.language, 'mail.welcome.body', params),
    link,
  });
}

/** Welcome mails for users just created without a password; a failed mail is logged, not thrown. */
export async function mailWelcomes(ctx: ServerContext, users: readonly UserRecord[], companyName: string): Promise<void> {
  for (const user of users) {
    await mailWelcome(ctx, user, companyName).catch((error: unknown) => ctx.log.error({ err: error, userId: user.id }, 'A welcome mail failed'));
  }
}

/** The admin's "Send welcome email" for one user of their company. */
export async function resendWelcome(ctx: ServerContext, caller: Caller, userId: string): Promise<{ email: string; days: number }> {
  const user = await ctx.store.getUser(userId);
  if (!user || user.companyId !== caller.company.id) throw notFound('user');
  if (user.disabled) throw conflict('A disabled user gets no welcome email. Enable the user first.', undefined, text('error.welcomeDisabled'));
  await mailWelcome(ctx, user, caller.company.name, caller);
  return { email: user.email, days: WELCOME_DAYS };
}
