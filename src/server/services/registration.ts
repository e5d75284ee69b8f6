/**
 * The two ways people add themselves (seed 003): invitation links mailed by an admin, and
 * self-registration (which a company can switch off). Both give the company's configured
 * default role and, when the company requires it, mail a confirmation link that must be
 * followed before the account can sign in.
 */
import { audit, personActor, userSubject } from './audit';
import { realmOf } from '../config';
import type { Company, Language, Role, User } from '../../shared/model';
import { format, formatText } from '../../shared/i18n';
import { refuseCommonPassword } from './passwords';
import { sweepUnconfirmed } from './accounts';
import { validateEmail, validateNewUser } from '../../shared/rules';
import { hashPassword, randomToken, sha256 } from '../security/secrets';
import type { Caller } from './auth';
import type { ServerContext } from './context';
import { ApiError, notFound } from './errors';
import { text } from '../../shared/text';
import { insertUser, newUserRecord } from './user-records';
import { writeWithChanges } from './changes';
import { giveNewUserProfiles } from './templates';
import { takenBy, validOrThrow } from './users-admin';
import { toUser } from './users-view';
import type { StoreWriter } from '../db/store';

const INVITATION_DAYS = 7;
const CONFIRMATION_DAYS = 3;

export interface InvitationReport {
  invited: number;
  skipped: { email: string; reason: string }[];
}

export async function invite(ctx: ServerContext, caller: Caller, emails: string[]): Promise<InvitationReport> {
  const report: InvitationReport = { invited: 0, skipped: [] };
  const unique = [...new Map(emails.map((e) => [e.trim().toLowerCase(), e.trim()])).values()];
  await sweepUnconfirmed(ctx);
  const links: { email: string; token: string }[] = [];
  const now = ctx.now();
  await ctx.store.write(async (tx) => {
    for (const email of unique) {
      const problem = validateEmail(email);
      if (problem) {
        report.skipped.push({ email, reason: problem });
        continue;
      }
      if (await tx.findUserByEmailIn(caller.company.id, email)) {
        report.skipped.push({ email, reason: 'Somebody already has an account with this email' });
        continue;
      }
      const token = randomToken();
      await tx.insertMailToken({
        tokenHash: sha256(token),
        purpose: 'invitation',
        companyId: caller.company.id,
        email,
        userId: null,
        role: caller.company.settings.invitationRole,
        createdAt: now.toISOString(),
        expiresAt: new Date(now.getTime() + INVITATION_DAYS * 86_400_000).toISOString(),
        usedAt: null,
      });
      links.push({ email, token });
    }
    if (links.length > 0) await audit(ctx, tx, caller, 'users.invite', { kind: 'users', id: null, name: links.map((l) => l.email).join(', ') }, { count: links.length, emails: links.map((l) => l.email) });
  });
  for (const { email, token } of links) {
    // Nobody knows the invitee's language yet: the mail and its page speak the inviter's.
    const language = caller.user.language;
    const link = `${ctx.publicUrl()}/invitation?token=${encodeURIComponent(token)}&lang=${language}`;
    const params = { inviter: `${caller.user.firstName} ${caller.user.lastName}`, company: caller.company.name, days: INVITATION_DAYS, link };
    await ctx.mail.send({
      kind: 'invitation',
      to: email,
      subject: format(language, 'mail.invitation.subject', params),
      text: format(language, 'mail.invitation.body', params),
      link,
    });
    report.invited += 1;
  }
  return report;
}

export interface RegistrationInput {
  firstName: string;
  lastName: string;
  email: string;
  userName?: string | undefined;
  password: string;
  /** The language the person registered in (the page's); their mails are written in it. */
  language?: Language | undefined;
}

async function register(
  ctx: ServerContext,
  company: Company,
  input: RegistrationInput,
  role: Role,
  consume: ((tx: StoreWriter) => Promise<void>) | null,
): Promise<{ user: User; confirmationRequired: boolean }> {
  // An expired, never confirmed registration no longer holds its address or user name.
  await sweepUnconfirmed(ctx);
  const valid = validOrThrow(validateNewUser({ ...input, role }, await takenBy(ctx.store, company.id, input)));
  refuseCommonPassword(input.password);
  const confirmationRequired = company.settings.requireConfirmation;
  const record = newUserRecord(
    {
      companyId: company.id,
      userName: valid.userName,
      email: valid.email,
      firstName: valid.firstName,
      lastName: valid.lastName,
      language: valid.language,
      role,
      confirmed: !confirmationRequired,
      passwordHash: await hashPassword(input.password, ctx.config.scryptCost),
      sipRealm: realmOf(ctx.config),
    },
    ctx.now(),
  );
  const token = randomToken();
  const now = ctx.now();
  await writeWithChanges(ctx, async (tx, changes) => {
    if (consume) await consume(tx);
    await insertUser(tx, record);
    const profilesFrom = await giveNewUserProfiles(tx, changes, record);
    await audit(ctx, tx, personActor(record), consume ? 'users.inviteAccepted' : 'users.register', userSubject(record), { profilesFrom });
    if (confirmationRequired) {
      await tx.insertMailToken({
        tokenHash: sha256(token),
        purpose: 'confirmation',
        companyId: company.id,
        email: record.email,
        userId: record.id,
        role: null,
        createdAt: now.toISOString(),
        expiresAt: new Date(now.getTime() + CONFIRMATION_DAYS * 86_400_000).toISOString(),
        usedAt: null,
      });
    }
  });
  if (confirmationRequired) {
    const link = `${ctx.publicUrl()}/confirm?token=${encodeURIComponent(token)}`;
    const params = { name: record.firstName, userName: record.userName, company: company.name, days: CONFIRMATION_DAYS, link };
    await ctx.mail.send({
      kind: 'confirmation',
      to: record.email,
      subject: format(record.language, 'mail.confirmation.subject', params),
      text: format(record.language, 'mail.confirmation.body', params),
      link,
    });
  }
  return { user: toUser(record), confirmationRequired };
}

/**
 * Self-registration through a company's registration link (issue 12): the link's token names
 * the company, nothing else does. Whether the token is known, registration is on, or the name or
 * address is free, the answer is the same (202, same body) once the input is well-formed:
 * what happened is mailed to the address. The password is hashed on every path so that the
 * time taken says nothing either.
 */
export async function selfRegister(ctx: ServerContext, registrationToken: string, input: RegistrationInput): Promise<{ received: true }> {
  const format = validateNewUser({ ...input, role: 'guest' }, { userNames: [], emails: [] });
  validOrThrow(format);
  refuseCommonPassword(input.password);
  const company = await ctx.store.findCompanyByRegistrationToken(registrationToken);
  if (!company) {
    await hashPassword(input.password, ctx.config.scryptCost);
    return { received: true };
  }
  const email = input.email.trim();
  const language = input.language ?? 'en';
  const notice = (what: 'closed' | 'ready' | 'failed', params: Record<string, string> = {}) =>
    mailRegistrationNotice(ctx, email, language, what, { company: company.name, server: ctx.publicUrl(), ...params });
  if (company.settings.registration === 'disabled') {
    await hashPassword(input.password, ctx.config.scryptCost);
    await notice('closed');
    return { received: true };
  }
  try {
    const { user } = await register(ctx, company, input, company.settings.registrationRole, null);
    if (!company.settings.requireConfirmation) await notice('ready', { userName: user.userName });
  } catch (error) {
    if (!(error instanceof ApiError) || error.status !== 400 && error.status !== 409) throw error;
    await notice('failed', { reason: error.text ? formatText(language, error.text) : error.message });
  }
  return { received: true };
}

async function mailRegistrationNotice(
  ctx: ServerContext,
  to: string,
  language: Language,
  what: 'closed' | 'ready' | 'failed',
  params: Record<string, string>,
): Promise<void> {
  const subject = format(language, `mail.registration.${what}.subject`, params);
  await ctx.mail.send({ kind: 'registration', to, subject, text: format(language, `mail.registration.${what}.body`, params) });
}

/** The company's self-registration link: its token and the address to hand out. */
export async function registrationLink(ctx: ServerContext, caller: Caller): Promise<{ token: string; url: string }> {
  let token = await ctx.store.getRegistrationToken(caller.company.id);
  if (!token) token = (await rotateRegistrationLink(ctx, caller)).token;
  return { token, url: `${ctx.publicUrl()}/register?token=${encodeURIComponent(token)}` };
}

/** A new registration link: the old one stops working at once. */
export async function rotateRegistrationLink(ctx: ServerContext, caller: Caller): Promise<{ token: string; url: string }> {
  const token = randomToken();
  await ctx.store.write(async (tx) => {
    await tx.setRegistrationToken(caller.company.id, token);
    await audit(ctx, tx, caller, 'registrationLink.rotate', { kind: 'link', id: null, name: caller.company.name });
  });
  return { token, url: `${ctx.publicUrl()}/register?token=${encodeURIComponent(token)}` };
}

export async function acceptInvitation(ctx: ServerContext, token: string, input: Omit<RegistrationInput, 'email'>) {
  const tokenHash = sha256(token);
  const invitation = await ctx.store.getMailToken(tokenHash);
  const usable =
    invitation && invitation.purpose === 'invitation' && !invitation.usedAt && Date.parse(invitation.expiresAt) > ctx.now().getTime();
  if (!invitation || !usable) throw new ApiError(410, 'not_found', 'This invitation link is unknown, already used or expired. Ask for a new one.', undefined, undefined, text('error.invitationUnusable'));
  const company = await ctx.store.getCompany(invitation.companyId);
  if (!company) throw notFound('company');
  return register(ctx, company, { ...input, email: invitation.email }, invitation.role ?? company.settings.invitationRole, async (tx) => {
    // Re-checked inside the transaction so two accepts of one link cannot both succeed.
    const fresh = await tx.getMailToken(tokenHash);
    if (fresh?.usedAt) throw new ApiError(410, 'not_found', 'This invitation link was already used.', undefined, undefined, text('error.invitationUsed'));
    await tx.markMailTokenUsed(tokenHash, ctx.now().toISOString());
  });
}

export async function confirmAccount(ctx: ServerContext, token: string): Promise<User> {
  const tokenHash = sha256(token);
  return ctx.store.write(async (tx) => {
    const confirmation = await tx.getMailToken(tokenHash);
    if (!confirmation || confirmation.purpose !== 'confirmation' || confirmation.usedAt || !confirmation.userId || Date.parse(confirmation.expiresAt) <= ctx.now().getTime()) {
      throw new ApiError(410, 'not_found', 'This confirmation link is unknown, already used or expired.', undefined, undefined, text('error.confirmationUnusable'));
    }
    const user = await tx.getUser(confirmation.userId);
    if (!user) throw notFound('user');
    user.confirmed = true;
    await tx.updateUser(user);
    await audit(ctx, tx, personActor(user), 'users.confirm', userSubject(user));
    await tx.markMailTokenUsed(tokenHash, ctx.now().toISOString());
    return toUser(user);
  });
}
