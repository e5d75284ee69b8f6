/** Edit one of the user's own profiles (when the administrator allows it). */
import { z } from 'zod';
import { Id } from '../model/common';
import { ProfileFields } from '../model/profile';
import { defineSyncedCommand, refuse } from './define';
import { text } from '../text';
import { newProfileErrors, profileAccountOf } from '../rules/profileProblems';

export const profilesUpdate = defineSyncedCommand({
  name: 'profiles.update',
  args: z.object({ profileId: Id, fields: ProfileFields }),
  route: {
    method: 'PUT',
    path: '/me/profiles/:profileId',
    summary: 'Edit one of your profiles (when your admin allows it)',
  },
  who: 'member',
  changes: ['profiles'],
  reason: 'profile-edit',
  validate(snapshot, args) {
    if (!snapshot.canEditProfiles)
      refuse(
        'forbidden',
        'command.profilesLocked',
        {},
        'Your administrator has locked your profiles',
      );
    const stored = snapshot.profiles.find((p) => p.id === args.profileId);
    if (!stored) {
      refuse(
        'not_found',
        'command.profileGone',
        { profileId: args.profileId },
        'That profile no longer exists',
      );
    }
    // Issue 14: a setting the rules would ignore is refused, field by field, not silently stored.
    const { id: _id, ...before } = stored;
    const errors = newProfileErrors(before, args.fields, profileAccountOf(snapshot));
    const paths = Object.keys(errors);
    if (paths.length > 0) {
      refuse(
        'invalid_argument',
        'command.profileImpossible',
        {},
        `Settings that cannot take effect: ${paths.join(', ')}`,
        errors,
      );
    }
    return args;
  },
  apply(snapshot, { profileId, fields }) {
    if (!snapshot.profiles.some((p) => p.id === profileId)) return snapshot;
    return {
      ...snapshot,
      profiles: snapshot.profiles.map((p) => (p.id === profileId ? { ...fields, id: p.id } : p)),
    };
  },
  describe: ({ profileId }, profileName) => text('notice.command.update', { name: profileName(profileId) }),
});
