/**
 * Pause or resume the user's queues. The toggle holds while the profile in effect when it was
 * made stays in effect.
 */
import { z } from 'zod';
import { Id } from '../model/common';
import { QueueStatus } from '../model/state';
import { defineSyncedCommand, effectiveIn, effectiveOrRefuse, refuse } from './define';
import { text } from '../text';

export const queuesSetStatus = defineSyncedCommand({
  name: 'queues.setStatus',
  args: z.object({
    queueIds: z.union([z.array(Id).min(1), z.literal('all')]),
    status: QueueStatus,
  }),
  route: { method: 'POST', path: '/me/queues', summary: 'Pause or resume queues (idempotent)' },
  who: 'caller',
  changes: ['queueOverrides'],
  reason: 'queue-status',
  answer: 'queueOverrides',
  validate(snapshot, args, now) {
    const { queueIds } = args;
    const unknown =
      queueIds === 'all' ? [] : queueIds.filter((id) => !snapshot.queues.some((q) => q.id === id));
    if (unknown.length > 0) {
      const queues = unknown.join(', ');
      refuse(
        'not_found',
        'command.notQueueMember',
        { queues },
        `You are not a member of queue ${queues}`,
      );
    }
    effectiveOrRefuse(snapshot, now);
    return args;
  },
  apply(snapshot, { queueIds, status }, now) {
    const memberOf = snapshot.queues.map((q) => q.id);
    const chosen = queueIds === 'all' ? memberOf : queueIds.filter((id) => memberOf.includes(id));
    const effective = effectiveIn(snapshot, now);
    if (effective === null) return snapshot;
    const kept = snapshot.queueOverrides.filter((o) => !chosen.includes(o.queueId));
    const setAt = now.toISOString();
    const added = chosen.map((queueId) => ({
      queueId,
      status,
      profileId: effective.profile.id,
      setAt,
    }));
    return { ...snapshot, queueOverrides: [...kept, ...added] };
  },
  describe: ({ status }) => text(status === 'paused' ? 'notice.command.pause' : 'notice.command.resume'),
});
