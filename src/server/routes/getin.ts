/**
 * Getting in (issue 13): the pages invitation, confirmation and registration links open (public,
 * HTML forms posting back to the same address), the public answer about a registration link the
 * app asks before offering "Register", and the admin's "Send welcome email" again.
 */
import { z } from 'zod';
import { format, formatText, type MessageKey } from '../../shared/i18n';
import { Id, Language } from '../../shared/model';
import { PasswordInput, validationText } from '../../shared/rules/validation';
import { ApiErrorBody, RegistrationInfo, WelcomeSent } from '../../shared/server-api';
import type { ServerContext } from '../services/context';
import { ApiError } from '../services/errors';
import { confirmationOf, invitationOf, registrationCompany, registrationInfo } from '../services/getin';
import { acceptInvitation, confirmAccount, selfRegister } from '../services/registration';
import { resendWelcome } from '../services/welcome';
import { sendGetinPage, type GetinPage, type PageField } from './getin-page';
import type { ZodApp } from './http';
import { RATE_LIMITS } from './rate-limits';
import { browserLanguage } from './reset-page';

type Errors = Partial<Record<string, string>>;
const html = { tags: ['registration'] };
const Lang = Language.optional().catch(undefined);
const PageQuery = z.object({ token: z.string().max(200).default(''), lang: Lang });
const Base = { token: z.string().max(200).default(''), lang: Lang };
const formText = z.string().max(1000).default('');
const Person = { firstName: formText, lastName: formText, userName: formText, password: formText, repeat: formText };
const ConfirmForm = z.object(Base);
const PersonForm = z.object({ ...Base, ...Person });
const RegisterForm = z.object({ ...Base, ...Person, email: formText });

interface Asked {
  lang?: Language | undefined;
  headers: { 'accept-language'?: string | undefined };
}
const languageOf = (asked: Asked): Language => asked.lang ?? browserLanguage(asked.headers['accept-language']);

/** What the shared rules said about each field, in `language`; null when the error is not about fields. */
function fieldErrors(language: Language, error: ApiError): Errors | null {
  const details = error.details as { fields?: Record<string, string>; field?: string } | undefined;
  const say = (message: string): string => {
    const said = validationText(message);
    return said ? formatText(language, said) : message;
  };
  if (details?.fields) return Object.fromEntries(Object.entries(details.fields).map(([name, message]) => [name, say(message)]));
  if (details?.field) return { [details.field]: error.text ? formatText(language, error.text) : say(error.message) };
  return null;
}

/** The password rule and the repeat, checked before anything is asked of the services. */
function passwordErrors(language: Language, password: string, repeat: string): Errors {
  const checked = PasswordInput.safeParse(password);
  if (!checked.success) {
    const message = checked.error.issues[0]?.message ?? '';
    const said = validationText(message);
    return { password: said ? formatText(language, said) : message };
  }
  return repeat === password ? {} : { repeat: format(language, 'getin.mismatch') };
}

function personFields(language: Language, values: Record<string, string>, errors: Errors, withEmail: boolean): PageField[] {
  const t = (key: MessageKey) => format(language, key);
  const fields: PageField[] = [
    { name: 'firstName', label: t('getin.field.firstName'), type: 'text', autocomplete: 'given-name', value: values.firstName ?? '' },
    { name: 'lastName', label: t('getin.field.lastName'), type: 'text', autocomplete: 'family-name', value: values.lastName ?? '' },
  ];
  if (withEmail) fields.push({ name: 'email', label: t('getin.field.email'), type: 'email', autocomplete: 'email', value: values.email ?? '' });
  fields.push(
    { name: 'userName', label: t('getin.field.userName'), type: 'text', autocomplete: 'username', value: values.userName ?? '', required: false, hint: t('getin.field.userNameHint') },
    { name: 'password', label: t('getin.field.password'), type: 'password', autocomplete: 'new-password' },
    { name: 'repeat', label: t('getin.field.repeat'), type: 'password', autocomplete: 'new-password' },
  );
  for (const f of fields) {
    const error = errors[f.name];
    if (error) f.error = error;
  }
  return fields;
}

function unusablePage(language: Language, error: ApiError): GetinPage {
  return { language, title: format(language, 'getin.unusableTitle'), message: { kind: 'problem', text: error.text ? formatText(language, error.text) : error.message } };
}

/** Runs `work`; a 410 (the link is unusable) becomes the page saying so. */
async function orUnusable<T>(language: Language, work: () => Promise<T>): Promise<T | GetinPage> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof ApiError && error.status === 410) return unusablePage(language, error);
    throw error;
  }
}
const isPage = (value: unknown): value is GetinPage => typeof value === 'object' && value !== null && 'title' in value && 'language' in value;

/** Registered in the `public` area (after the password reset routes, whose form parser these forms use). */
export function registerGetinPageRoutes(app: ZodApp, ctx: ServerContext): void {
  // ---- Invitation: the invited person registers ------------------------------------------
  const invitationPage = (language: Language, token: string, company: string, email: string, values: Record<string, string>, errors: Errors): GetinPage => ({
    language,
    title: format(language, 'getin.invitation.title', { company }),
    intro: format(language, 'getin.invitation.intro', { company, email }),
    form: {
      action: '/invitation',
      hidden: { token, lang: language },
      // The user name defaults to the email (seed 003), shown so the person sees what they get.
      fields: personFields(language, { userName: email, ...values }, errors, false),
      submit: format(language, 'getin.invitation.submit'),
    },
  });

  app.get('/invitation', { schema: { ...html, summary: 'The page an invitation link opens (HTML)', querystring: PageQuery } }, async (request, reply) => {
    const language = languageOf({ lang: request.query.lang, headers: request.headers });
    const found = await orUnusable(language, () => invitationOf(ctx, request.query.token));
    if (isPage(found)) return sendGetinPage(reply, 410, found);
    return sendGetinPage(reply, 200, invitationPage(language, request.query.token, found.company.name, found.email, {}, {}));
  });

  app.post(
    '/invitation',
    { config: { rateLimit: RATE_LIMITS.registration }, schema: { ...html, summary: 'The invitation page’s form (HTML)', body: PersonForm } },
    async (request, reply) => {
      const { token, lang, password, repeat, ...values } = request.body;
      const language = languageOf({ lang, headers: request.headers });
      const found = await orUnusable(language, () => invitationOf(ctx, token));
      if (isPage(found)) return sendGetinPage(reply, 410, found);
      const again = (errors: Errors) => sendGetinPage(reply, 400, invitationPage(language, token, found.company.name, found.email, values, errors));
      const local = passwordErrors(language, password, repeat);
      if (Object.keys(local).length > 0) return again(local);
      const input = { firstName: values.firstName, lastName: values.lastName, userName: values.userName.trim() || undefined, password, language };
      const done = await orUnusable(language, async () => {
        try {
          return await acceptInvitation(ctx, token, input);
        } catch (error) {
          const errors = error instanceof ApiError ? fieldErrors(language, error) : null;
          if (errors) return { errors };
          throw error;
        }
      });
      if (isPage(done)) return sendGetinPage(reply, 410, done);
      if ('errors' in done) return again(done.errors);
      return sendGetinPage(reply, 200, {
        language,
        title: format(language, 'getin.invitation.title', { company: found.company.name }),
        message: { kind: 'done', text: format(language, done.confirmationRequired ? 'getin.invitation.confirmNext' : 'getin.invitation.ready', { email: done.user.email }) },
        next: format(language, 'getin.next', { server: ctx.publicUrl(), userName: done.user.userName }),
      });
    },
  );

  // ---- Confirmation: a button, so that a mail scanner fetching the link confirms nothing -----
  app.get('/confirm', { schema: { ...html, summary: 'The page a confirmation link opens (HTML)', querystring: PageQuery } }, async (request, reply) => {
    const fallback = languageOf({ lang: request.query.lang, headers: request.headers });
    const found = await orUnusable(fallback, () => confirmationOf(ctx, request.query.token));
    if (isPage(found)) return sendGetinPage(reply, 410, found);
    const language = found.user.language;
    return sendGetinPage(reply, 200, {
      language,
      title: format(language, 'getin.confirm.title'),
      intro: format(language, 'getin.confirm.intro', { userName: found.user.userName, company: found.company.name }),
      form: { action: '/confirm', hidden: { token: request.query.token }, fields: [], submit: format(language, 'getin.confirm.submit') },
    });
  });

  app.post(
    '/confirm',
    { config: { rateLimit: RATE_LIMITS.confirmation }, schema: { ...html, summary: 'The confirmation page’s button (HTML)', body: ConfirmForm } },
    async (request, reply) => {
      const fallback = languageOf({ lang: request.body.lang, headers: request.headers });
      const found = await orUnusable(fallback, () => confirmationOf(ctx, request.body.token));
      if (isPage(found)) return sendGetinPage(reply, 410, found);
      const language = found.user.language;
      const user = await orUnusable(language, () => confirmAccount(ctx, request.body.token));
      if (isPage(user)) return sendGetinPage(reply, 410, user);
      return sendGetinPage(reply, 200, {
        language,
        title: format(language, 'getin.confirm.title'),
        message: { kind: 'done', text: format(language, 'getin.confirm.done') },
        next: format(language, 'getin.next', { server: ctx.publicUrl(), userName: user.userName }),
      });
    },
  );

  // ---- The company's own registration link -------------------------------------------------
  const registerPage = (language: Language, token: string, company: string, values: Record<string, string>, errors: Errors): GetinPage => ({
    language,
    title: format(language, 'getin.register.title', { company }),
    intro: format(language, 'getin.register.intro', { company }),
    form: {
      action: '/register',
      hidden: { token, lang: language },
      fields: personFields(language, values, errors, true),
      submit: format(language, 'getin.register.submit'),
    },
  });
  const closedPage = (language: Language, company: string): GetinPage => ({
    language,
    title: format(language, 'getin.register.title', { company }),
    message: { kind: 'problem', text: format(language, 'getin.register.closed', { company }) },
  });

  app.get('/register', { schema: { ...html, summary: 'The page a company’s registration link opens (HTML)', querystring: PageQuery } }, async (request, reply) => {
    const language = languageOf({ lang: request.query.lang, headers: request.headers });
    const company = await orUnusable(language, () => registrationCompany(ctx, request.query.token));
    if (isPage(company)) return sendGetinPage(reply, 410, company);
    if (company.settings.registration === 'disabled') return sendGetinPage(reply, 403, closedPage(language, company.name));
    return sendGetinPage(reply, 200, registerPage(language, request.query.token, company.name, {}, {}));
  });

  app.post(
    '/register',
    { config: { rateLimit: RATE_LIMITS.registration }, schema: { ...html, summary: 'The registration page’s form (HTML); what happened is mailed', body: RegisterForm } },
    async (request, reply) => {
      const { token, lang, password, repeat, ...values } = request.body;
      const language = languageOf({ lang, headers: request.headers });
      const company = await orUnusable(language, () => registrationCompany(ctx, token));
      if (isPage(company)) return sendGetinPage(reply, 410, company);
      if (company.settings.registration === 'disabled') return sendGetinPage(reply, 403, closedPage(language, company.name));
      const again = (errors: Errors) => sendGetinPage(reply, 400, registerPage(language, token, company.name, values, errors));
      const local = passwordErrors(language, password, repeat);
      if (Object.keys(local).length > 0) return again(local);
      const input = { firstName: values.firstName, lastName: values.lastName, email: values.email, userName: values.userName.trim() || undefined, password, language };
      try {
        // Answered alike whether the address or name is free: the outcome is mailed.
        await selfRegister(ctx, token, input);
      } catch (error) {
        const errors = error instanceof ApiError ? fieldErrors(language, error) : null;
        if (errors) return again(errors);
        throw error;
      }
      return sendGetinPage(reply, 200, {
        language,
        title: format(language, 'getin.register.title', { company: company.name }),
        message: { kind: 'done', text: format(language, 'getin.register.received', { email: values.email.trim() }) },
        next: format(language, 'register.after', { server: ctx.publicUrl() }),
      });
    },
  );

  // ---- What the app asks before offering "Register" ------------------------------------------
  app.get(
    '/api/v1/registration',
    {
      config: { rateLimit: RATE_LIMITS.confirmation },
      schema: {
        tags: ['registration'],
        summary: 'What a registration link leads to: the company and whether it takes registrations (410 for an unknown link)',
        querystring: z.object({ token: z.string().min(1).max(200) }),
        response: { 200: RegistrationInfo, 400: ApiErrorBody, 410: ApiErrorBody, 429: ApiErrorBody },
      },
    },
    async (request) => registrationInfo(ctx, request.query.token),
  );
}

/** Registered in the `admin` area. */
export function registerAdminWelcomeRoutes(app: ZodApp, ctx: ServerContext): void {
  app.post(
    '/api/v1/admin/users/:userId/welcome',
    {
      schema: {
        tags: ['admin: users'],
        security: [{ bearer: [] }],
        summary: 'Mail the user a new welcome email with a one-time link to choose a password (earlier links stop working)',
        params: z.object({ userId: Id }),
        response: { 200: WelcomeSent, 400: ApiErrorBody, 401: ApiErrorBody, 403: ApiErrorBody, 404: ApiErrorBody, 409: ApiErrorBody },
      },
    },
    async (request) => resendWelcome(ctx, request.caller, request.params.userId),
  );
}
