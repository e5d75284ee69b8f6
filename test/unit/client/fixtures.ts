import type { UserSnapshot } from '../../../src/shared/model/state';
import { initialSlices } from '../../../src/shared/defaults';
import { SliceStore } from '../../../src/main/client/sliceStore';
import { makeProfile } from '../shared/fixtures';

export { makeProfile };

/** Available (default), Meeting (calendar word "meeting"), Lunch (30 minutes), one queue. */
export function makeSnapshot(overrides: Partial<UserSnapshot> = {}): UserSnapshot {
  return {
    userId: 'u1',
    revision: 5,
    profiles: [
      makeProfile('available', { name: 'Available' }),
      makeProfile('meeting', {
        name: 'Meeting',
        type: 'meeting',
        priority: 20,
        triggerWords: ['meeting'],
        availability: 'not_available',
      }),
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
    queues: [{ id: 'q1', name: 'Support', number: '+46855501100', memberIds: ['u1'] }],
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
      {
        id: 'n3',
        number: '+46705550001',
        type: 'mobile',
        label: 'Mobile',
        userId: 'u1',
        queueId: null,
      },
    ],
    calendarEvents: [],
    canEditProfiles: true,
    ...overrides,
  };
}

export function makeSlices(): SliceStore {
  return new SliceStore(initialSlices());
}
