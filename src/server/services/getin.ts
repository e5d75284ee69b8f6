/**
 * What the pages a mailed or handed-out link opens need to know before anything is done
 * (issue 13): whose invitation, whose confirmation, which company's registration link. A link
 * that is unknown, used or expired is a 410 like the actions themselves answer.
 */
import { text } from '../../shared/text';
import type { Company } from '../../shared/model';
import type { RegistrationInfo } from '../../shared/server-api';
import type { UserRecord } from '../db/store';
import { sha256 } from '../security/secrets';
import type { ServerContext } from './context';
import { ApiError } from './errors';

const unusable = (key: 'error.invitationUnusable' | 'error.confirmationUnusable' | 'getin.register.unusable', message: string) =>
  new ApiError(410, 'not_found', message, undefined, undefined, text(key));

async function usableToken(ctx: ServerContext, token: string, purpose: 'invitation' | 'confirmation') {
  const found = token ? await ctx.store.getMailToken(sha256(token)) : null;
  if (!found || found.purpose !== purpose || found.usedAt || Date.parse(found.expiresAt) <= ctx.now().getTime()) return null;
  const company = await ctx.store.getCompany(found.companyId);
  return company ? { found, company } : null;
}

/** The invited address and the company of a usable invitation link. */
export async function invitationOf(ctx: ServerContext, token: string): Promise<{ email: string; company: Company }> {
  const usable = await usableToken(ctx, token, 'invitation');
  if (!usable) throw unusable('error.invitationUnusable', 'This invitation link is unknown, already used or expired. Ask for a new one.');
  return { email: usable.found.email, company: usable.company };
}

/** The account and company of a usable confirmation link. */
export async function confirmationOf(ctx: ServerContext, token: string): Promise<{ user: UserRecord; company: Company }> {
  const usable = await usableToken(ctx, token, 'confirmation');
  const user = usable?.found.userId ? await ctx.store.getUser(usable.found.userId) : null;
  if (!usable || !user) throw unusable('error.confirmationUnusable', 'This confirmation link is unknown, already used or expired.');
  return { user, company: usable.company };
}

/** The company whose current registration link carries `token`. */
export async function registrationCompany(ctx: ServerContext, token: string): Promise<Company> {
  const company = token ? await ctx.store.findCompanyByRegistrationToken(token) : null;
  if (!company) throw unusable('getin.register.unusable', 'This registration link is unknown or no longer valid.');
  return company;
}

/** The public answer about a registration link: the company's name and whether it is open. */
export async function registrationInfo(ctx: ServerContext, token: string): Promise<RegistrationInfo> {
  const company = await registrationCompany(ctx, token);
  return {
    company: company.name,
    open: company.settings.registration !== 'disabled',
    pageUrl: `${ctx.publicUrl()}/register?token=${encodeURIComponent(token)}`,
  };
}
