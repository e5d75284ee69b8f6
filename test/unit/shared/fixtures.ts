import { Profile } from '../../../src/shared/model/profile';
import type { ProfileFieldsInput } from '../../../src/shared/model/profile';

/**
 * A valid profile with sensible defaults (available, rings the softphone), parsed through the
 * real schema so tests never build shapes the schema would reject.
 */
export function makeProfile(id: string, fields: Partial<ProfileFieldsInput> = {}): Profile {
  return Profile.parse({
    id,
    name: id,
    icon: 'check',
    colour: '#2e7d32',
    type: 'available',
    availability: 'available',
    priority: 50,
    callerId: { softphone: { kind: 'landline' }, mobile: { kind: 'mobile' } },
    routing: { any: { kind: 'ring', devices: [{ device: 'softphone' }] } },
    exceptions: {},
    queues: { status: 'unchanged', scope: 'all' },
    ...fields,
  });
}

export const at = (iso: string): Date => new Date(iso);
