/** Shared by the synced-command tests: a user's snapshot at a fixed instant. */
import type { UserSnapshot } from '../../../src/shared/model/state';
import { makeSnapshot } from '../client/fixtures';
import { at, makeProfile } from './fixtures';

export const NOW = at('2026-03-02T10:00:00.000Z');
export const LATER = '2026-03-02T11:00:00.000Z';
export const EARLIER = '2026-03-02T09:00:00.000Z';

/** The client tests' user without the meeting profile and the mobile, and with a second queue. */
export function snapshot(overrides: Partial<UserSnapshot> = {}): UserSnapshot {
  const base = makeSnapshot();
  return makeSnapshot({
    profiles: base.profiles.filter((p) => p.id !== 'meeting'),
    queues: [...base.queues, { id: 'q2', name: 'Sales', number: '+46855501200', memberIds: ['u1'] }],
    allowedCallerIds: base.allowedCallerIds.filter((n) => n.type !== 'mobile'),
    ...overrides,
  });
}

export const edited = { ...makeProfile('lunch', { name: 'Long lunch', type: 'lunch', priority: 30 }) };
export const { id: _editedId, ...editedFields } = edited;
