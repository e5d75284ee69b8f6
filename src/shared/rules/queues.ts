/**
 * The user's status in each queue (seed 000 "Queues": paused or active in all queues or in
 * chosen ones).
 *
 * Decisions:
 * - The profile's policy applies to every queue (scope 'all') or to the chosen ones; queues
 *   outside a 'chosen' scope, and every queue under 'unchanged', are active. 'unchanged' cannot
 *   mean "whatever it was before" in a pure function of the current state, and an agent who is
 *   silently left paused misses calls, which is the worse failure; the user's own toggle
 *   (an override) is how they keep a queue paused.
 * - A manual toggle (override) holds only while the profile that was in effect when it was made
 *   is still in effect (see QueueOverride); the next profile change hands the queue back to the
 *   policy. With several overrides for one queue, the latest `setAt` wins (then list order).
 * - With no profile in effect (a user with no profiles) every queue is active.
 */
import type { Profile } from '../model/profile';
import type { Queue } from '../model/directory';
import type { QueueOverride, QueueStatus } from '../model/state';

export interface QueueStatusInput {
  queues: Queue[];
  profile: Profile | null;
  overrides: QueueOverride[];
}

/** What the profile's queue policy alone says for one queue. */
function policyStatus(profile: Profile | null, queueId: string): QueueStatus {
  if (profile === null) return 'active';
  const { status, scope, queueIds } = profile.queues;
  if (status === 'unchanged') return 'active';
  const applies = scope === 'all' || queueIds.includes(queueId);
  return applies ? status : 'active';
}

function latestOverrides(
  overrides: readonly QueueOverride[],
  profileId: string,
): Map<string, QueueOverride> {
  const latest = new Map<string, QueueOverride>();
  for (const override of overrides) {
    if (override.profileId !== profileId) continue;
    const previous = latest.get(override.queueId);
    if (previous === undefined || Date.parse(override.setAt) >= Date.parse(previous.setAt)) {
      latest.set(override.queueId, override);
    }
  }
  return latest;
}

export function queueStatuses(input: QueueStatusInput): Record<string, QueueStatus> {
  const { profile } = input;
  const overrides =
    profile === null
      ? new Map<string, QueueOverride>()
      : latestOverrides(input.overrides, profile.id);
  const statuses: Record<string, QueueStatus> = {};
  for (const queue of input.queues) {
    statuses[queue.id] = overrides.get(queue.id)?.status ?? policyStatus(profile, queue.id);
  }
  return statuses;
}
