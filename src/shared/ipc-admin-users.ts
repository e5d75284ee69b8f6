/**
 * Issue 13's admin commands for the users table and profile screens (spread into `ipc.ts`'s
 * contract): the admin's visible columns, mass edits with their preview, a profile added for
 * everyone, one user's profiles read, edited and locked. Results are the server's own shapes.
 */
import { z } from 'zod';
import { AddProfileAnswer, AddProfileBody, AdminProfileEditBody, MassEditAnswer, MassEditBody, ProfilesLockAnswer, ProfilesLockBody, UserColumns } from './admin-users-api';
import { Id } from './model/common';
import { UserSnapshot } from './model/state';

const cmd = <A extends z.ZodType, R extends z.ZodType>(args: A, result: R) => ({ args, result });

export const adminUserCommands = {
  'admin.columns.get': cmd(z.null(), UserColumns),
  'admin.columns.set': cmd(UserColumns, UserColumns),
  'admin.profiles.massEdit': cmd(MassEditBody, MassEditAnswer),
  'admin.profiles.add': cmd(AddProfileBody, AddProfileAnswer),
  /** A user's profiles and state as their client sees them. */
  'admin.users.snapshot': cmd(z.object({ userId: Id }), UserSnapshot),
  'admin.users.editProfile': cmd(AdminProfileEditBody.extend({ userId: Id, profileId: Id }), UserSnapshot),
  'admin.users.lockProfiles': cmd(ProfilesLockBody.extend({ userId: Id }), ProfilesLockAnswer),
} as const;
