/**
 * Issue 13: an admin's work on one user's profiles: edit one of them (the same checks as the
 * user's own edit: schema, speed dials, the company's messages and applications) and lock or
 * unlock the user's own editing. Both are pushed to the user's clients with a notice.
 */
import type { ProfileFields, UserSnapshot } from '../../shared/model';
import { newProfileErrors, profileAccountOf, targetsOf } from '../../shared/rules';
import { text } from '../../shared/text';
import type { Caller } from './auth';
import { writeWithChanges } from './changes';
import { checkSpeedDials } from './company-codes';
import type { ServerContext } from './context';
import { checkTargetsInCompany } from './destinations-admin';
import { ApiError, invalid } from './errors';
import { audit, userSubject } from './audit';
import { buildSnapshot } from './snapshot';
import { userOfCompany } from './users-admin';

/** Replaces one profile's fields; answers the user's snapshot as their client now sees it. */
export function editUserProfile(ctx: ServerContext, caller: Caller, userId: string, profileId: string, fields: ProfileFields): Promise<UserSnapshot> {
  return writeWithChanges(ctx, async (tx, changes) => {
    const user = await userOfCompany(tx, caller, userId);
    const profiles = await tx.listProfiles(user.id);
    const index = profiles.findIndex((p) => p.id === profileId);
    const stored = profiles[index];
    if (!stored) throw new ApiError(404, 'not_found', `Profile ${profileId} was not found`, undefined, undefined, text('command.profileGone', { profileId }));
    // Issue 14: as for the user's own edit, a setting that cannot take effect is refused per field.
    const errors = newProfileErrors(stored.fields, fields, profileAccountOf(await buildSnapshot(tx, user)));
    if (Object.keys(errors).length > 0) {
      throw invalid(`Settings that cannot take effect: ${Object.keys(errors).join(', ')}`, { texts: errors }, text('command.profileImpossible'));
    }
    const after = profiles.map((p) => (p.id === profileId ? fields : p.fields));
    await checkSpeedDials(tx, user.companyId, after, index);
    await checkTargetsInCompany(tx, user.companyId, targetsOf(fields));
    await tx.upsertProfile({ ...stored, fields });
    await changes.record(user.id, 'admin-edit', ['profiles'], text('notice.adminChangedProfile', { name: fields.name }));
    await audit(ctx, tx, caller, 'users.profilesEdit', userSubject(user), { profile: fields.name });
    return buildSnapshot(tx, user);
  });
}

/** Locks (the user's editor becomes read-only) or unlocks the user's own profile editing. */
export function setProfilesLock(ctx: ServerContext, caller: Caller, userId: string, locked: boolean): Promise<{ userId: string; locked: boolean }> {
  return writeWithChanges(ctx, async (tx, changes) => {
    const user = await userOfCompany(tx, caller, userId);
    if (user.canEditProfiles === !locked) return { userId, locked };
    const updated = { ...user, canEditProfiles: !locked };
    await tx.updateUser(updated);
    await changes.record(updated, 'admin-edit', ['canEditProfiles'], text(locked ? 'notice.profilesLocked' : 'notice.profilesUnlocked'));
    await audit(ctx, tx, caller, 'users.profilesLock', userSubject(updated), { locked });
    return { userId, locked };
  });
}
