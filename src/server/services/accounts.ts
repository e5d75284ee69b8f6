/**
 * A person's own password (issue 12): changing it (seed 000: "Changing your password will log
 * you out immediately. Use the new password to log back in.") and resetting a forgotten one
 * through a mailed one-time link. Both end every session of the account, closing their sockets,
 * the one that changed it included. New passwords follow the shared rule (PasswordInput: length,
 * never trimmed, not only spaces) and the server's list of common passwords.
 *
 * A reset is asked for by user name or email and answered the same whether such an account
 * exists or not; the mail (in the account's language) carries a link whose token is stored only
 * as its SHA-256, works once and expires after `passwordResetMinutes`.
 *
 * Self-registrations never confirmed expire after `unconfirmedDays` and are deleted, so their
 * address and user name can be registered, invited or created again.
 */
import { audit, personActor, userSubject } from './audit';
import { format } from '../../shared/i18n';
import { text } from '../../shared/text';
import type { StoreWriter, UserRecord } from '../db/store';
import { hashPassword, randomToken, sha256, verifyPassword } from '../security/secrets';
import type { Caller } from './auth';
import type { ServerContext } from './context';
import { ApiError, invalid } from './errors';
import { refuseCommonPassword } from './passwords';
import { presenceChanged } from './presence';

/** Checks a new password as every password is checked; the 400 names `field`. */
function refuseWeakPassword(password: string, field: string): void {
  try {
    refuseCommonPassword(password);
  } catch (error) {
    if (error instanceof ApiError) throw new ApiError(error.status, error.code, error.message.replace(/^password:/, `${field}:`), { field }, undefined, error.text);
    throw error;
  }
}

/** Sets the password and ends every session of the user (their sockets close at once). */
async function setPassword(ctx: ServerContext, user: UserRecord, password: string, check?: (tx: StoreWriter) => Promise<void>): Promise<void> {
  const passwordHash = await hashPassword(password, ctx.config.scryptCost);
  const at = ctx.now().toISOString();
  await ctx.store.write(async (tx) => {
    if (check) await check(tx);
    const fresh = await tx.getUser(user.id);
    if (!fresh) throw new Error('user vanished');
    fresh.passwordHash = passwordHash;
    await tx.updateUser(fresh);
    await tx.revokeUserSessions(user.id, at);
    await tx.usePasswordResets(user.id, at);
  });
  ctx.hub.endUser(user.id, 'Your password was changed; sign in again', text('auth.passwordChanged'));
}

/** The caller's own password change: the current one is required; every session ends. */
export async function changeOwnPassword(ctx: ServerContext, caller: Caller, currentPassword: string, newPassword: string): Promise<void> {
  const ok = caller.user.passwordHash !== null && (await verifyPassword(currentPassword, caller.user.passwordHash));
  if (!ok) throw invalid('currentPassword: This is not your current password', { field: 'currentPassword' }, text('account.wrongCurrentPassword'));
  refuseWeakPassword(newPassword, 'newPassword');
  await setPassword(ctx, caller.user, newPassword);
}

/**
 * Mails a reset link when `login` names an enabled, confirmed account. Returns at once either
 * way (the lookup and the mail happen afterwards), so the answer says nothing about accounts.
 */
export function requestPasswordReset(ctx: ServerContext, login: string): void {
  void mailResetLink(ctx, login).catch((error: unknown) => ctx.log.error({ err: error }, 'A password reset mail failed'));
}

async function mailResetLink(ctx: ServerContext, login: string): Promise<void> {
  // User names and emails are unique per company only: each account the login names gets its own link, at its own address.
  for (const user of await ctx.store.findUsersByLogin(login.trim())) await mailResetLinkTo(ctx, user);
}

async function mailResetLinkTo(ctx: ServerContext, user: UserRecord): Promise<void> {
  if (user.disabled || !user.confirmed) return;
  const token = randomToken();
  const now = ctx.now();
  const minutes = ctx.config.passwordResetMinutes;
  await ctx.store.write((tx) =>
    tx.insertPasswordReset({
      tokenHash: sha256(token),
      userId: user.id,
      createdAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + minutes * 60_000).toISOString(),
      usedAt: null,
    }),
  );
  const link = `${ctx.publicUrl()}/password-reset?token=${encodeURIComponent(token)}`;
  const company = await ctx.store.getCompany(user.companyId);
  const params = { name: user.firstName, userName: user.userName, company: company?.name ?? '', link, minutes };
  await ctx.mail.send({
    kind: 'password-reset',
    to: user.email,
    subject: format(user.language, 'mail.passwordReset.subject', params),
    text: format(user.language, 'mail.passwordReset.body', params),
    link,
  });
}

const UNUSABLE = 'This password reset link is unknown, already used or expired. Ask for a new one.';

/** The account a reset link is for, while the link is usable. */
export async function userOfResetLink(ctx: ServerContext, token: string): Promise<UserRecord> {
  const reset = await ctx.store.getPasswordReset(sha256(token));
  const usable = reset && !reset.usedAt && Date.parse(reset.expiresAt) > ctx.now().getTime();
  const user = usable ? await ctx.store.getUser(reset.userId) : null;
  if (!user || user.disabled) throw new ApiError(410, 'not_found', UNUSABLE, undefined, undefined, text('account.resetUnusable'));
  return user;
}

/** Sets the new password through a reset link, which is used up; every session ends. */
export async function resetPassword(ctx: ServerContext, token: string, password: string): Promise<UserRecord> {
  const user = await userOfResetLink(ctx, token);
  refuseWeakPassword(password, 'password');
  // Re-checked in the transaction: of two uses of one link, the first one's write uses it up.
  await setPassword(ctx, user, password, async (tx) => {
    if ((await tx.getPasswordReset(sha256(token)))?.usedAt) throw new ApiError(410, 'not_found', UNUSABLE, undefined, undefined, text('account.resetUnusable'));
    // The welcome mail's link is a reset link too: either way the person chose their password.
    await audit(ctx, tx, personActor(user), 'users.passwordReset', userSubject(user));
  });
  return user;
}

/** Deletes self-registrations left unconfirmed for `unconfirmedDays`; answers how many. */
export async function sweepUnconfirmed(ctx: ServerContext): Promise<number> {
  const before = new Date(ctx.now().getTime() - ctx.config.unconfirmedDays * 86_400_000).toISOString();
  const deleted = await ctx.store.write((tx) => tx.deleteUnconfirmedUsersCreatedBefore(before));
  if (deleted.length > 0) {
    ctx.log.info({ users: deleted.map((u) => u.id) }, `Deleted ${deleted.length} unconfirmed registration(s)`);
    // They leave their colleagues' lists.
    await presenceChanged(ctx, deleted.map((u) => u.id));
  }
  return deleted.length;
}
