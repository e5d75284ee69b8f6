/**
 * The welcome mail an admin asks for when creating a user (seed 003: "Send welcome email": a
 * mail with a link to the application). The one hook every creation path calls (admin form,
 * API); issue 13's sign-in work (branch i13-getin) gives it a one-time "set your password" link
 * and the user's language.
 */
import type { Company } from '../../shared/model';
import type { UserRecord } from '../db/store';
import type { ServerContext } from './context';

export async function sendWelcomeMail(ctx: ServerContext, company: Company, user: UserRecord): Promise<void> {
  await ctx.mail.send({
    kind: 'welcome',
    to: user.email,
    subject: `Welcome to ${company.name}`,
    text: `Hello ${user.firstName}, your account "${user.userName}" is ready. Sign in at ${ctx.publicUrl()}. Your administrator gives you your password.`,
    link: ctx.publicUrl(),
  });
}
