/** Switch to a profile manually, until an explicit end, the profile's standard length, or until changed. */
import { z } from 'zod';
import { Id, Instant } from '../model/common';
import { manualChoiceFor } from '../rules/effective';
import { defineSyncedCommand, refuse } from './define';
import { text } from '../text';

export const profilesSwitch = defineSyncedCommand({
  name: 'profiles.switch',
  args: z.object({
    profileId: Id,
    /** Explicit end; omitted: the profile's standard length; null: until changed. */
    until: Instant.nullable().optional(),
    /** Win over calendar events until the end (offered while the calendar outranks a choice). */
    overrideCalendar: z.boolean().optional(),
  }),
  route: {
    method: 'POST',
    path: '/me/profile-switch',
    summary: 'Switch profile manually (idempotent)',
  },
  who: 'caller',
  changes: ['manualChoice'],
  reason: 'profile-switch',
  answer: 'manualChoice',
  validate(snapshot, { profileId, until, overrideCalendar }, now) {
    const profile = snapshot.profiles.find((p) => p.id === profileId);
    if (profile === undefined)
      refuse('not_found', 'command.profileGone', { profileId }, 'That profile no longer exists');
    if (until != null && Date.parse(until) <= now.getTime()) {
      refuse(
        'invalid_argument',
        'command.untilPast',
        { until },
        'until: the end of the choice must be in the future',
      );
    }
    const override = overrideCalendar === true ? { overrideCalendar: true } : {};
    // The end is fixed now, so a switch replayed later does not last longer than asked.
    if (until === null) return { profileId, until: null, ...override };
    return {
      profileId,
      until: manualChoiceFor(profile, now, until === undefined ? undefined : new Date(until)).until,
      ...override,
    };
  },
  apply(snapshot, { profileId, until, overrideCalendar }, now) {
    const profile = snapshot.profiles.find((p) => p.id === profileId);
    if (profile === undefined) return snapshot;
    const override = overrideCalendar === true ? { overridesCalendar: true } : {};
    // An explicit "until I change it", overriding the profile's standard length.
    if (until === null)
      return { ...snapshot, manualChoice: { profileId, setAt: now.toISOString(), until: null, ...override } };
    const end = until === undefined ? undefined : new Date(until);
    if (end !== undefined && end.getTime() <= now.getTime()) return snapshot;
    return { ...snapshot, manualChoice: { ...manualChoiceFor(profile, now, end), ...override } };
  },
  describe: ({ profileId }, profileName) => text('notice.command.switch', { name: profileName(profileId) }),
  /** A switch whose end passed while it waited offline has nothing left to do. */
  obsolete: ({ until }, now) => until != null && Date.parse(until) <= now.getTime(),
});
