/**
 * Issue 13's users table and profile screens on the wire: the admin's visible columns (seed 002
 * "Edit Viewable/Hidden Fields"), mass edits with their preview (seed 001), adding a profile for
 * everyone, and one user's profiles edited and locked by an admin. The server's routes declare
 * these shapes and the desktop IPC contract (`ipc-admin-users.ts`) takes its results from them.
 */
import { z } from 'zod';
import { Id } from './model/common';
import { ProfileFields } from './model/profile';
import { UserSelection } from './server-api';

/** Columns of the admin's user table, in the order the table shows them. */
export const USER_COLUMNS = [
  'userName',
  'firstName',
  'lastName',
  'email',
  'role',
  'language',
  'extension',
  'landline',
  'mobile',
  'custom1',
  'custom2',
  'custom3',
  'softphoneEnabled',
  'disabled',
  'confirmed',
  'createdAt',
  /** Issue 13: the user's site (offered only while the company has sites). */
  'site',
] as const;
export const UserColumn = z.enum(USER_COLUMNS);
export type UserColumn = z.infer<typeof UserColumn>;
export const DEFAULT_USER_COLUMNS: UserColumn[] = ['userName', 'firstName', 'lastName', 'email', 'role', 'extension', 'disabled'];

/** `GET|PUT /admin/preferences/columns`: the admin's own choice, kept on their account. */
export const UserColumns = z.object({ columns: z.array(UserColumn).min(1).max(USER_COLUMNS.length) });
export type UserColumns = z.infer<typeof UserColumns>;

/** The fields a mass edit may set (every field of a profile). */
const EDITABLE_FIELDS = Object.keys(ProfileFields.shape) as [keyof ProfileFields, ...(keyof ProfileFields)[]];

/** `POST /admin/profiles/mass-edit`: one field of one profile (by template key or name) for many users. */
export const MassEditBody = z
  .object({
    userIds: UserSelection,
    profileKey: z.string().min(1).optional(),
    profileName: z.string().min(1).optional(),
    field: z.enum(EDITABLE_FIELDS),
    value: z.unknown(),
    /** A preview: the same checks and answer, nothing stored or pushed. */
    dryRun: z.boolean().optional(),
  })
  .refine((b) => b.profileKey !== undefined || b.profileName !== undefined, 'Name the profile by profileKey or profileName');
export type MassEditBody = z.input<typeof MassEditBody>;

export const MassEditAnswer = z.object({
  /** Users whose profile is (or, in a preview, would be) set. */
  changed: z.array(Id),
  /** Users who have no profile with that key or name. */
  skipped: z.array(Id),
  /** Those of `changed` whose profile has the value already. */
  alreadySet: z.array(Id),
});
export type MassEditAnswer = z.infer<typeof MassEditAnswer>;

/** `POST /admin/profiles/add`: users who already have a profile of that name are skipped. */
export const AddProfileBody = z.object({ userIds: UserSelection.default('all'), profile: ProfileFields });
export const AddProfileAnswer = z.object({ changed: z.array(Id), skipped: z.array(Id), key: z.string() });

/** `PUT /admin/users/:userId/profiles/:profileId`: an admin edits one of a user's profiles. */
export const AdminProfileEditBody = z.object({ fields: ProfileFields });

/** `PUT /admin/users/:userId/profiles-lock`: whether the user may edit their own profiles. */
export const ProfilesLockBody = z.object({ locked: z.boolean() });
export const ProfilesLockAnswer = z.object({ userId: Id, locked: z.boolean() });
