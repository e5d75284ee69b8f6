/**
 * The admin audit log (issue 13): every admin action, with who did it, what, to whom and when.
 * Services record a row inside the same transaction as the change (server
 * `services/audit.ts`); admins read their own company's rows, searchable and paged.
 */
import { z } from 'zod';
import { Id, Instant } from './common';

/** Every kind of admin action the log knows; new admin actions add their name here. */
export const AUDIT_ACTIONS = [
  'company.create',
  'company.update',
  'users.create',
  'users.update',
  'users.disable',
  'users.enable',
  'users.delete',
  'users.csvImport',
  'users.invite',
  'users.welcomeResend',
  'users.profilesEdit',
  'users.profilesLock',
  // What people do themselves to get in (issue 13's Done-when lists them with the admin's actions).
  'users.inviteAccepted',
  'users.register',
  'users.confirm',
  'users.passwordReset',
  'templates.create',
  'templates.update',
  'templates.clone',
  'templates.delete',
  'templates.apply',
  'massEdit.field',
  'massEdit.addProfile',
  'numbers.update',
  'registrationLink.rotate',
  'queues.create',
  'queues.update',
  'queues.delete',
  'queues.memberAdd',
  'queues.memberUpdate',
  'queues.memberRemove',
  'codes.set',
  'announcements.create',
  'announcements.update',
  'announcements.delete',
  'applications.create',
  'applications.update',
  'applications.delete',
  'devices.create',
  'devices.rotate',
  'devices.delete',
  'sites.create',
  'sites.update',
  'sites.delete',
  'users.siteAssign',
] as const;
export const AuditAction = z.enum(AUDIT_ACTIONS);
export type AuditAction = z.infer<typeof AuditAction>;

/** What an action was done to: a user, a queue, a template, … (its name as it was then). */
export const AuditSubject = z.object({
  kind: z.enum(['user', 'users', 'queue', 'template', 'company', 'announcement', 'application', 'device', 'codes', 'link', 'site']),
  id: z.string().max(64).nullable(),
  name: z.string().max(200),
});
export type AuditSubject = z.infer<typeof AuditSubject>;

export const AuditEntry = z.object({
  id: Id,
  at: Instant,
  /** The admin who did it; null: the system (a company's creation, a scheduled job). */
  actorId: Id.nullable(),
  actorName: z.string().max(200),
  action: AuditAction,
  subject: AuditSubject.nullable(),
  /** Small facts about the change (changed field names, counts, numbers); never secrets. */
  details: z.record(z.string(), z.unknown()),
});
export type AuditEntry = z.infer<typeof AuditEntry>;

const AUDIT_PAGE_SIZE_MAX = 200;

/** The audit screen's filter: free text, an action, a person (who did it or whom it concerned), a period. */
export const AuditQuery = z.object({
  q: z.string().trim().max(100).default(''),
  action: AuditAction.optional(),
  personId: Id.optional(),
  from: Instant.optional(),
  to: Instant.optional(),
  page: z.coerce.number().int().min(1).max(100000).default(1),
  pageSize: z.coerce.number().int().min(1).max(AUDIT_PAGE_SIZE_MAX).default(50),
});
export type AuditQuery = z.infer<typeof AuditQuery>;
export type AuditQueryInput = z.input<typeof AuditQuery>;

export const AuditPage = z.object({
  entries: z.array(AuditEntry),
  total: z.int().min(0),
  page: z.int().min(1),
  pageSize: z.int().min(1),
});
export type AuditPage = z.infer<typeof AuditPage>;
