import { z } from 'zod';
import { Id, Instant, SafeText } from './common';
import { Profile, ProfileFields } from './profile';
import { CompanyNumber, Queue } from './directory';

/** The user's manual profile choice; `until` comes from the standard length or an explicit end. */
export const ManualChoice = z.object({
  profileId: Id,
  setAt: Instant,
  until: Instant.nullable(),
  /** Chosen to override the calendar: wins over calendar events until `until`. */
  overridesCalendar: z.boolean().optional(),
});
export type ManualChoice = z.infer<typeof ManualChoice>;

export const CalendarEvent = z.object({
  id: z.string().min(1).max(200),
  title: z.string().max(500),
  start: Instant,
  end: Instant,
});
export type CalendarEvent = z.infer<typeof CalendarEvent>;

export const QueueStatus = z.enum(['active', 'paused']);
export type QueueStatus = z.infer<typeof QueueStatus>;

/**
 * A manual queue toggle. It holds while the profile that was in effect when it was made stays in
 * effect; the next profile change hands queue states back to the profile's policy.
 */
export const QueueOverride = z.object({
  queueId: Id,
  status: QueueStatus,
  profileId: Id,
  setAt: Instant,
});
export type QueueOverride = z.infer<typeof QueueOverride>;

/** A manual caller ID pick; like queue toggles, it holds while the same profile is in effect. */
export const CallerIdOverride = z.object({
  /** A number from the allowed list, or null for a hidden number. */
  number: z.string().nullable(),
  profileId: Id,
  setAt: Instant,
});
export type CallerIdOverride = z.infer<typeof CallerIdOverride>;

export const Template = z.object({
  id: Id,
  name: SafeText().trim().min(1).max(80),
  builtIn: z.boolean(),
  /** Ordered; the first profile is the default for users the template is applied to. */
  profiles: z.array(ProfileFields.extend({ key: Id })).min(1).max(30),
  updatedAt: Instant,
});
export type Template = z.infer<typeof Template>;

/**
 * A call to this user that the PBX forwarded by the profile's rules: sent on at once (`profile`),
 * or after no answer, on busy, or because the softphone was unreachable. The user's softphone
 * may never have rung, so the server tells it (snapshot key `pbxCalls`) for the call history.
 */
export const PbxCallEvent = z.object({
  id: Id,
  at: Instant,
  /** The caller's number or user name as the PBX presented it. */
  from: z.string().max(200),
  /** What the caller dialled (a number or the user name). */
  calledNumber: z.string().max(200).nullable(),
  outcome: z.literal('forwarded'),
  /** The SIP user part the call went to: `voicemail`, a number, a colleague's user name. */
  target: z.string().min(1).max(200),
  reason: z.enum(['profile', 'noanswer', 'busy', 'unreachable']),
  /** SIP Call-ID of the caller's INVITE (matches the softphone's entry if it rang). */
  sipCallId: z.string().max(300).nullable().optional(),
});
export type PbxCallEvent = z.infer<typeof PbxCallEvent>;

/** How many forwarded calls the snapshot carries (newest first). */
export const PBX_CALLS_KEPT = 50;

/** Everything a signed-in client needs about its user; what sync carries. */
export const UserSnapshot = z.object({
  userId: Id,
  revision: z.int().min(0),
  profiles: z.array(Profile),
  defaultProfileId: Id.nullable(),
  manualChoice: ManualChoice.nullable(),
  queueOverrides: z.array(QueueOverride),
  callerIdOverride: CallerIdOverride.nullable(),
  /** Queues the user is a member of. */
  queues: z.array(Queue),
  /** Numbers the user may present as caller ID. */
  allowedCallerIds: z.array(CompanyNumber),
  calendarEvents: z.array(CalendarEvent),
  /** Whether the user may edit their own profiles (admins can lock this). */
  canEditProfiles: z.boolean(),
  /** Calls the PBX forwarded for the user, newest first (absent from older servers). */
  pbxCalls: z.array(PbxCallEvent).max(PBX_CALLS_KEPT).optional(),
});
export type UserSnapshot = z.infer<typeof UserSnapshot>;
