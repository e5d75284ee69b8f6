import type { ProfileFields, QueueStatus } from '../../../../shared/model';
import { invoke } from './invoke';

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
export const updateProfile = (profileId: string, fields: ProfileFields) => invoke('profiles.update', { profileId, fields });
export const setQueueStatus = (queueIds: string[] | 'all', status: QueueStatus) => invoke('queues.setStatus', { queueIds, status });
export const chooseCallerId = (number: string | null) => invoke('callerId.choose', { number });
