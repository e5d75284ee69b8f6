import { ProfileFields, type Template } from '../../../../../shared/model';

export type TemplateProfile = Template['profiles'][number];

/** The profile "Add profile" starts from: available, ringing the softphone, named `name`. */
export function newTemplateProfile(name: string): TemplateProfile {
  const fields = ProfileFields.parse({
    name,
    icon: 'check',
    colour: '#2f7d5b',
    type: 'available',
    availability: 'available',
    priority: 50,
    callerId: { softphone: { kind: 'landline' }, mobile: { kind: 'mobile' } },
    routing: { any: { kind: 'ring', devices: [{ device: 'softphone', delaySeconds: 0 }] } },
    exceptions: {},
    queues: { status: 'unchanged', scope: 'all' },
  });
  return { ...fields, key: crypto.randomUUID() };
}

/** The list with the profile at `index` moved `by` places (-1 up, 1 down). */
export function moveTemplateProfile(profiles: TemplateProfile[], index: number, by: number): TemplateProfile[] {
  const next = [...profiles];
  const [item] = next.splice(index, 1);
  if (!item) return profiles;
  next.splice(index + by, 0, item);
  return next;
}

/** The list without the profile `key`; `newDefault` (another profile's key) moves to the front, the default place. */
export function removeTemplateProfile(profiles: TemplateProfile[], key: string, newDefault: string | null): TemplateProfile[] {
  const rest = profiles.filter((p) => p.key !== key);
  const chosen = newDefault === null ? undefined : rest.find((p) => p.key === newDefault);
  return chosen ? [chosen, ...rest.filter((p) => p !== chosen)] : rest;
}
