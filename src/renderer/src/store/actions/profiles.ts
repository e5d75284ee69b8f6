import { z } from 'zod';
import type { ProfileFields, QueueStatus } from '../../../../shared/model';
import { Text } from '../../../../shared/text';
import { invoke, showError } from './invoke';

/**
 * `minutes`: undefined → the profile's standard length; null → until changed; a number → that
 * many minutes from now.
 */
export async function switchProfile(profileId: string, minutes?: number | null): Promise<void> {
  const until = minutes == null ? minutes : new Date(Date.now() + minutes * 60_000).toISOString();
  await invoke('profiles.switch', until === undefined ? { profileId } : { profileId, until });
}

/** Keeps the user's own choice in effect over the calendar until `until` (the event's end). */
export const overrideCalendar = (profileId: string, until: string) => invoke('profiles.switch', { profileId, until, overrideCalendar: true });

export const clearManualProfile = () => invoke('profiles.clearManual', null);

const FieldRefusal = z.object({ code: z.literal('invalid_argument'), fields: z.record(z.string(), Text) });

/**
 * Saves one of the user's own profiles: true when done. A refusal naming fields (the shared
 * rules, here or on the server) comes back for the editor to show next to each field (issue 14);
 * any other failure is said in the error region as usual (false).
 */
export async function updateProfile(profileId: string, fields: ProfileFields): Promise<boolean | { fields: Record<string, Text> }> {
  let refused: { fields: Record<string, Text> } | null = null;
  const done = await invoke(
    'profiles.update',
    { profileId, fields },
    {
      onError: (message, error) => {
        const named = FieldRefusal.safeParse(error);
        if (named.success) refused = { fields: named.data.fields };
        else showError(message);
      },
    },
  );
  return refused ?? done !== undefined;
}
export const setQueueStatus = (queueIds: string[] | 'all', status: QueueStatus) => invoke('queues.setStatus', { queueIds, status });
export const chooseCallerId = (number: string | null) => invoke('callerId.choose', { number });
