/** Shared by the synced-command tests: a user's snapshot at a fixed instant. */
import type { UserSnapshot } from '../../../src/shared/model/state';
import { at, makeProfile } from './fixtures';

export const NOW = at('2026-03-02T10:00:00.000Z');
export const LATER = '2026-03-02T11:00:00.000Z';
export const EARLIER = '2026-03-02T09:00:00.000Z';

export function snapshot(overrides: Partial<UserSnapshot> = {}): UserSnapshot {
  return {
    userId: 'u1',
    revision: 5,
    profiles: [
      makeProfile('available', { name: 'Available' }),
      makeProfile('lunch', {
        name: 'Lunch',
        type: 'lunch',
        priority: 30,
        standardLengthMinutes: 30,
      }),
    ],
    defaultProfileId: 'available',
    manualChoice: null,
    queueOverrides: [],
    callerIdOverride: null,
    queues: [
      { id: 'q1', name: 'Support', number: '+46855501100', memberIds: ['u1'] },
      { id: 'q2', name: 'Sales', number: '+46855501200', memberIds: ['u1'] },
    ],
    allowedCallerIds: [
      {
        id: 'n1',
        number: '+46855501001',
        type: 'landline',
        label: 'Landline',
        userId: 'u1',
        queueId: null,
      },
      {
        id: 'n2',
        number: '1001',
        type: 'internal',
        label: 'Extension',
        userId: 'u1',
        queueId: null,
      },
    ],
    calendarEvents: [],
    canEditProfiles: true,
    ...overrides,
  };
}

export const edited = { ...makeProfile('lunch', { name: 'Long lunch', type: 'lunch', priority: 30 }) };
export const { id: _editedId, ...editedFields } = edited;
