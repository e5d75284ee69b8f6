/** Edit one of the user's own profiles (when the administrator allows it). */
import { z } from 'zod';
import { Id } from '../model/common';
import { ProfileFields } from '../model/profile';
import { defineSyncedCommand, refuse } from './define';
import { text } from '../text';

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
    if (!snapshot.profiles.some((p) => p.id === args.profileId)) {
      refuse(
        'not_found',
        'command.profileGone',
        { profileId: args.profileId },
        'That profile no longer exists',
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
