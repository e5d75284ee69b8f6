/** Back to the calendar/default profile: forget the manual choice. */
import { z } from 'zod';
import { defineSyncedCommand } from './define';
import { text } from '../text';

export const profilesClearManual = defineSyncedCommand({
  name: 'profiles.clearManual',
  args: z.null(),
  route: {
    method: 'POST',
    path: '/me/manual-choice/clear',
    summary: 'Back to the calendar/default profile (idempotent)',
  },
  who: 'caller',
  changes: ['manualChoice'],
  reason: 'profile-switch',
  validate: (_snapshot, args) => args,
  apply: (snapshot) =>
    snapshot.manualChoice === null ? snapshot : { ...snapshot, manualChoice: null },
  describe: () => text('notice.command.clearManual'),
});
