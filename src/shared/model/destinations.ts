/**
 * Where profiles can send calls besides people (issue 11 "Messages and applications") and the
 * company's feature codes ("Feature codes"): announcements an admin uploads and names,
 * applications an admin names with a SIP address, and the company-wide code table.
 */
import { z } from 'zod';
import { Id, Instant, SafeText } from './common';

/** What happens after an announcement played: the call ends, or goes on to the user's voicemail. */
export const AnnouncementAfterwards = z.enum(['end', 'voicemail']);
export type AnnouncementAfterwards = z.infer<typeof AnnouncementAfterwards>;

const DestinationName = SafeText().trim().min(1, 'Enter a name').max(80);

/** An announcement ("Closed for lunch") as admins list it; its audio is fetched on its own. */
export const Announcement = z.object({
  id: Id,
  name: z.string(),
  afterwards: AnnouncementAfterwards,
  durationSeconds: z.number().min(0),
  updatedAt: Instant,
  /** Names of the profiles (user's name and profile) and templates that send calls to it. */
  usedBy: z.array(z.string()),
});
export type Announcement = z.infer<typeof Announcement>;

/** The largest WAV an admin may upload (base64 makes the request a third larger). */
const ANNOUNCEMENT_MAX_BYTES = 16_000_000;
/** The largest request body of an announcement upload (base64 and the JSON around it). */
export const ANNOUNCEMENT_MAX_BODY = Math.ceil((ANNOUNCEMENT_MAX_BYTES * 4) / 3) + 65_536;
/** The longest announcement, in seconds. */
export const ANNOUNCEMENT_MAX_SECONDS = 120;

/** `POST /admin/announcements`: a name, what follows, and the WAV file's bytes in base64. */
export const AnnouncementInput = z.object({
  name: DestinationName,
  afterwards: AnnouncementAfterwards.default('end'),
  audioBase64: z.base64().max(Math.ceil((ANNOUNCEMENT_MAX_BYTES * 4) / 3) + 4),
});
export type AnnouncementInput = z.input<typeof AnnouncementInput>;
/** `PATCH /admin/announcements/:id`: rename, change what follows, or replace the audio. */
export const AnnouncementPatch = AnnouncementInput.partial();
export type AnnouncementPatch = z.input<typeof AnnouncementPatch>;

/** A `sip:` or `sips:` address with a host (user part optional), no spaces or angle brackets. */
export const SipUri = z
  .string()
  .trim()
  .max(200)
  .regex(/^sips?:(?:[A-Za-z0-9\-_.!~*'()&=+$,;?/%]+@)?[A-Za-z0-9.\-[\]:]+(?::\d{1,5})?(?:;[A-Za-z0-9\-_.!~*'()%=]+)*$/, 'Enter a SIP address such as sip:ivr@example.com');

/** An application (an IVR, a switchboard) the admin names with a SIP address. */
export const Application = z.object({ id: Id, name: z.string(), sipUri: z.string(), updatedAt: Instant, usedBy: z.array(z.string()) });
export type Application = z.infer<typeof Application>;
export const ApplicationInput = z.object({ name: DestinationName, sipUri: SipUri });
export type ApplicationInput = z.input<typeof ApplicationInput>;

/** A feature code: a star and one to four digits, like a profile's speed dial. */
const FeatureCode = z.string().regex(/^\*\d{1,4}$/, 'A feature code looks like *20');

/** The company-wide codes (null: that code is off). */
export const CompanyCodes = z.object({
  /** Pause the caller in all their queues. */
  queuesPause: FeatureCode.nullable(),
  /** Resume the caller in all their queues. */
  queuesResume: FeatureCode.nullable(),
  /** Back to the default profile (the manual choice is cleared). */
  defaultProfile: FeatureCode.nullable(),
  /** Listen to the caller's voicemail (new messages first; # next, 7 delete). Left out: `*98`. */
  listenVoicemail: FeatureCode.nullable().default('*98'),
});
export type CompanyCodes = z.infer<typeof CompanyCodes>;
export type CompanyCodeAction = keyof CompanyCodes;
export const COMPANY_CODE_ACTIONS: readonly CompanyCodeAction[] = ['queuesPause', 'queuesResume', 'defaultProfile', 'listenVoicemail'];
export const DEFAULT_COMPANY_CODES: CompanyCodes = { queuesPause: '*20', queuesResume: '*21', defaultProfile: '*30', listenVoicemail: '*98' };

/** What a profile editor may pick by name: the company's announcements and applications, and its codes. */
export const CompanyDestinations = z.object({
  announcements: z.array(z.object({ id: Id, name: z.string() })),
  applications: z.array(z.object({ id: Id, name: z.string() })),
  codes: CompanyCodes,
});
export type CompanyDestinations = z.infer<typeof CompanyDestinations>;
