import { z } from 'zod';
import { HexColour, Id, PhoneNumber, SafeText } from './common';

/** The fixed set of profile types (seed 000 "Type"). */
export const ProfileType = z.enum([
  'available',
  'meeting',
  'lunch',
  'away',
  'busy',
  'out_of_office',
  'holiday',
  'sick',
  'business_trip',
  'off_work',
]);
export type ProfileType = z.infer<typeof ProfileType>;

/** Icons have predefined colours in the portal; the colour is still stored per profile. */
export const ProfileIcon = z.enum([
  'check',
  'people',
  'cutlery',
  'clock',
  'minus',
  'plane',
  'sun',
  'medical',
  'briefcase',
  'moon',
  'headset',
  'home',
]);
export type ProfileIcon = z.infer<typeof ProfileIcon>;

/** Whether colleagues and callers can reach the user (seed 001 "status"). */
const Availability = z.enum(['available', 'not_available']);
export type Availability = z.infer<typeof Availability>;

/** The devices a user's calls can ring. */
export const Device = z.enum(['softphone', 'mobile', 'deskphone']);
export type Device = z.infer<typeof Device>;

export const RingLeg = z.object({
  device: Device,
  /** Seconds after the call arrives before this device starts ringing (seed 001 "Delay to mobile"). */
  delaySeconds: z.int().min(0).max(120).default(0),
});
export type RingLeg = z.infer<typeof RingLeg>;

/** Where a call goes (seed 000 "Transfer to": a number, an application, a message, voicemail). */
export const Target = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('ring'), devices: z.array(RingLeg).min(1).max(3) }),
  z.object({ kind: z.literal('number'), number: PhoneNumber }),
  z.object({ kind: z.literal('voicemail') }),
  z.object({ kind: z.literal('message'), messageId: SafeText().min(1).max(64), label: SafeText().max(80).optional() }),
  z.object({ kind: z.literal('application'), applicationId: SafeText().min(1).max(64), label: SafeText().max(80).optional() }),
  z.object({ kind: z.literal('reject') }),
]);
export type Target = z.infer<typeof Target>;
export type RedirectTarget = Extract<Target, { kind: 'number' | 'voicemail' | 'message' | 'application' }>;

/** The type of the number that was called (seed 000 "Any / landline / internal / mobile"). */
export const CalledNumberType = z.enum(['landline', 'internal', 'mobile']);
export type CalledNumberType = z.infer<typeof CalledNumberType>;

/** Routing for calls to any number, optionally overridden per called-number type. */
const Routing = z.object({
  any: Target,
  landline: Target.optional(),
  internal: Target.optional(),
  mobile: Target.optional(),
});
export type Routing = z.infer<typeof Routing>;

/** What happens when the user is busy, does not answer, or cannot be reached (seed 000 "exceptions"). */
export const Exceptions = z.object({
  busy: Target.nullable().default(null),
  noAnswer: z
    .object({ afterSeconds: z.int().min(5).max(300), target: Target })
    .nullable()
    .default(null),
  unreachable: Target.nullable().default(null),
});
export type Exceptions = z.infer<typeof Exceptions>;

/** Queue handling while the profile is in effect (seed 000 "Queues"). */
export const QueuePolicy = z.object({
  /** `unchanged` leaves whatever state the user had. */
  status: z.enum(['active', 'paused', 'unchanged']),
  scope: z.enum(['all', 'chosen']),
  /** Queues the status applies to when scope is `chosen`. */
  queueIds: z.array(Id).max(200).default([]),
  /** Which devices ring for queue calls while active. */
  devices: z.array(Device).min(1).max(3).default(['softphone']),
});
export type QueuePolicy = z.infer<typeof QueuePolicy>;

/**
 * Which number is presented on outgoing calls. Templates cannot know a user's numbers, so the
 * choice is relative (the user's landline, the user's mobile, the company's main number) or an
 * explicit number, or hidden.
 */
export const CallerIdChoice = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('landline') }),
  z.object({ kind: z.literal('mobile') }),
  z.object({ kind: z.literal('company') }),
  z.object({ kind: z.literal('number'), number: PhoneNumber }),
  z.object({ kind: z.literal('hidden') }),
]);
export type CallerIdChoice = z.infer<typeof CallerIdChoice>;

const TriggerWord = SafeText().trim().min(2).max(40);

/** Everything about a profile except identity; what templates hold and admins edit. */
export const ProfileFields = z.object({
  name: SafeText().trim().min(1, 'A profile needs a name').max(40),
  icon: ProfileIcon,
  colour: HexColour,
  type: ProfileType,
  availability: Availability,
  /** Lowest number wins when several profiles are active at once. */
  priority: z.int().min(1).max(99),
  /** A manual switch to this profile ends after this many minutes (null: until changed). */
  standardLengthMinutes: z.int().min(1).max(60 * 24 * 60).nullable().default(null),
  triggerWords: z.array(TriggerWord).max(20).default([]),
  /** Presented on calls from the softphone / landline, and on calls from the mobile. */
  callerId: z.object({ softphone: CallerIdChoice, mobile: CallerIdChoice }),
  routing: Routing,
  exceptions: Exceptions,
  /** When already in a call, a new call rings (call waiting) instead of taking the busy rule. */
  callWaiting: z.boolean().default(false),
  queues: QueuePolicy,
  recording: z.boolean().default(false),
  /** Short code that switches to this profile from a desk phone, e.g. `*41`. */
  speedDial: z.string().regex(/^\*\d{1,4}$/, 'A speed dial looks like *41').nullable().default(null),
});
export type ProfileFields = z.infer<typeof ProfileFields>;
export type ProfileFieldsInput = z.input<typeof ProfileFields>;

export const Profile = ProfileFields.extend({ id: Id });
export type Profile = z.infer<typeof Profile>;
