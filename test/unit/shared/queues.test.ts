import { describe, expect, it } from 'vitest';
import { Queue } from '../../../src/shared/model/directory';
import type { QueuePolicy } from '../../../src/shared/model/profile';
import type { QueueOverride } from '../../../src/shared/model/state';
import { queueStatuses } from '../../../src/shared/rules/queues';
import { makeProfile } from './fixtures';

const queues = ['support', 'sales', 'billing'].map((id, i) =>
  Queue.parse({ id, name: id, number: `10${i}` }),
);
const withPolicy = (policy: Partial<QueuePolicy>) =>
  makeProfile('p', { queues: { status: 'unchanged', scope: 'all', ...policy } });
const override = (
  queueId: string,
  status: 'active' | 'paused',
  profileId = 'p',
  setAt = '2026-11-23T10:00:00Z',
): QueueOverride => ({
  queueId,
  status,
  profileId,
  setAt,
});

describe('queueStatuses', () => {
  it.each<[string, ReturnType<typeof makeProfile> | null, QueueOverride[], Record<string, string>]>(
    [
      [
        'no profile: all active',
        null,
        [],
        { support: 'active', sales: 'active', billing: 'active' },
      ],
      [
        'lunch: paused in all queues',
        withPolicy({ status: 'paused', scope: 'all' }),
        [],
        { support: 'paused', sales: 'paused', billing: 'paused' },
      ],
      [
        'active in all queues',
        withPolicy({ status: 'active', scope: 'all' }),
        [],
        { support: 'active', sales: 'active', billing: 'active' },
      ],
      [
        'paused in chosen queues only',
        withPolicy({ status: 'paused', scope: 'chosen', queueIds: ['sales'] }),
        [],
        { support: 'active', sales: 'paused', billing: 'active' },
      ],
      [
        'unchanged means active',
        withPolicy({ status: 'unchanged' }),
        [],
        { support: 'active', sales: 'active', billing: 'active' },
      ],
      [
        'an override made under the same profile wins',
        withPolicy({ status: 'paused', scope: 'all' }),
        [override('support', 'active')],
        { support: 'active', sales: 'paused', billing: 'paused' },
      ],
      [
        'an override made under another profile no longer holds',
        withPolicy({ status: 'paused', scope: 'all' }),
        [override('support', 'active', 'other')],
        { support: 'paused', sales: 'paused', billing: 'paused' },
      ],
      [
        'the latest override for a queue wins, whatever the list order',
        withPolicy({ status: 'unchanged' }),
        [
          override('sales', 'paused', 'p', '2026-11-23T10:05:00Z'),
          override('sales', 'active', 'p', '2026-11-23T10:00:00Z'),
        ],
        { support: 'active', sales: 'paused', billing: 'active' },
      ],
      [
        'overrides for queues the user is not in are ignored',
        withPolicy({ status: 'active' }),
        [override('gone', 'paused')],
        { support: 'active', sales: 'active', billing: 'active' },
      ],
    ],
  )('%s', (_name, profile, overrides, expected) => {
    expect(queueStatuses({ queues, profile, overrides })).toEqual(expected);
  });
});
