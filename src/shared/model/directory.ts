import { z } from 'zod';
import { Id, Instant, Language, PhoneNumber, SafeMultilineText, SafeText } from './common';
import { DirectoryScope } from './sites';

export const Role = z.enum(['admin', 'user', 'guest']);
export type Role = z.infer<typeof Role>;

/** A number the company owns, and whose it is (a user, a queue, or the company's main line). */
export const NumberType = z.enum(['landline', 'mobile', 'internal', 'queue', 'main']);
export type NumberType = z.infer<typeof NumberType>;

export const CompanyNumber = z.object({
  id: Id,
  number: PhoneNumber,
  type: NumberType,
  label: SafeText().max(80).default(''),
  userId: Id.nullable().default(null),
  queueId: Id.nullable().default(null),
});
export type CompanyNumber = z.infer<typeof CompanyNumber>;

export const Queue = z.object({
  id: Id,
  name: SafeText().trim().min(1).max(80),
  /** The number callers dial to reach the queue (extension or E.164). */
  number: PhoneNumber,
  memberIds: z.array(Id).default([]),
});
export type Queue = z.infer<typeof Queue>;

/** The user's own numbers, by kind (seed 003 "Extensions", "Phone Numbers"). */
export const UserNumbers = z.object({
  extension: z.string().regex(/^\d{2,8}$/).nullable().default(null),
  landline: PhoneNumber.nullable().default(null),
  mobile: PhoneNumber.nullable().default(null),
  /** Further authorised extensions (seed 003 "Allowed Extensions"). */
  extraExtensions: z.array(z.string().regex(/^\d{2,8}$/)).max(10).default([]),
});
export type UserNumbers = z.infer<typeof UserNumbers>;

/** Up to three custom fields whose labels the company sets (seeds 002, 004). */
export const CustomFieldValues = z.tuple([
  SafeMultilineText().max(200).nullable(),
  SafeMultilineText().max(200).nullable(),
  SafeMultilineText().max(200).nullable(),
]);
export type CustomFieldValues = z.infer<typeof CustomFieldValues>;

export const User = z.object({
  id: Id,
  companyId: Id,
  userName: z.string(),
  email: z.string(),
  firstName: z.string(),
  lastName: z.string(),
  language: Language,
  role: Role,
  numbers: UserNumbers,
  customFields: CustomFieldValues,
  softphoneEnabled: z.boolean(),
  /** Disabled users cannot sign in and are not routed to; they are never deleted. */
  disabled: z.boolean(),
  confirmed: z.boolean(),
  createdAt: Instant,
  /** The user's site (issue 13); null or absent: none. */
  siteId: Id.nullable().optional(),
  /** Whom the user's directory shows (issue 13, seed 002); absent: the whole company. */
  directoryScope: DirectoryScope.optional(),
});
export type User = z.infer<typeof User>;

export const DirectoryEntry = User.pick({
  id: true,
  userName: true,
  firstName: true,
  lastName: true,
  email: true,
  numbers: true,
  disabled: true,
});
export type DirectoryEntry = z.infer<typeof DirectoryEntry>;

const RegistrationMode = z.enum(['disabled', 'open']);

/**
 * Where calls to the company's main number go (issue 11): one of its queues, a user (whose
 * profile decides, as for a call to their landline), one of its applications, or nobody
 * (callers hear "not available", 480). Absent from older settings: nobody.
 */
export const MainNumberRoute = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('nobody') }),
  z.object({ kind: z.literal('queue'), queueId: Id }),
  z.object({ kind: z.literal('user'), userId: Id }),
  z.object({ kind: z.literal('application'), applicationId: Id }),
]);
export type MainNumberRoute = z.infer<typeof MainNumberRoute>;

export const CompanySettings = z.object({
  /** Labels of the three custom fields; null when the field is not used. */
  customFieldLabels: z.tuple([SafeText().max(40).nullable(), SafeText().max(40).nullable(), SafeText().max(40).nullable()]),
  registration: RegistrationMode,
  /**
   * Role given to self-registered users (seed 003: guest by default). Never admin: anyone with
   * the registration link would otherwise become an administrator of the company.
   */
  registrationRole: Role.exclude(['admin'], { error: 'Self-registered users cannot be administrators' }),
  /** Role given to invited users (seed 003: user by default). */
  invitationRole: Role,
  requireConfirmation: z.boolean(),
  /** Days a call recording is kept before the server deletes it (seed 001: recorded calls). */
  recordingRetentionDays: z.int().min(1).max(3650),
  /** Where calls to the main number go (absent: nobody). */
  mainNumberRoute: MainNumberRoute.optional(),
  /**
   * ISO country national numbers typed by admins are read in (`070-123 45 67` in 'SE'); absent:
   * Sweden (`DEFAULT_COUNTRY` in phone.ts).
   */
  country: z.string().regex(/^[A-Z]{2}$/, 'A country is two capital letters, e.g. SE').optional(),
  /**
   * The template whose profiles every new user gets as they come into being (admin form, CSV,
   * invitation, registration); null: none. Absent: the company's first built-in template, the
   * one applied when the company was created (`newUserTemplate` in services/templates.ts).
   */
  newUserTemplateId: Id.nullable().optional(),
});
export type CompanySettings = z.infer<typeof CompanySettings>;

export const Company = z.object({
  id: Id,
  name: SafeText().min(1).max(120),
  mainNumber: PhoneNumber.nullable(),
  settings: CompanySettings,
});
export type Company = z.infer<typeof Company>;
