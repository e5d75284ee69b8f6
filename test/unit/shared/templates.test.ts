import { describe, expect, it } from 'vitest';
import { Profile, ProfileFields } from '../../../src/shared/model/profile';
import { Template } from '../../../src/shared/model/state';
import { profileInEffect } from '../../../src/shared/rules/effective';
import { decideIncomingCall } from '../../../src/shared/rules/incoming';
import { queueStatuses } from '../../../src/shared/rules/queues';
import { builtInTemplates } from '../../../src/shared/rules/templates';

const templates = builtInTemplates();
const everyProfile = templates.flatMap((t) => t.profiles.map((p) => [t.name, p.name, p] as const));
const asProfiles = (name: string) =>
  (templates.find((t) => t.name === name)?.profiles ?? []).map((p) =>
    Profile.parse({ ...p, id: p.key }),
  );

describe('builtInTemplates', () => {
  it('offers the three sets', () => {
    expect(templates.map((t) => t.name)).toEqual(['Office', 'Support agent', 'Mobile first']);
  });

  it.each(everyProfile)('%s / %s passes the ProfileFields schema unchanged', (_t, _p, profile) => {
    const { key: _key, ...fields } = profile;
    // Parsing adds nothing: every field is written out, none left to defaults.
    expect(ProfileFields.parse(fields)).toEqual(fields);
  });

  it.each(templates.map((t) => [t.name, t] as const))(
    '%s is a valid Template with distinct keys, priorities and speed dials',
    (_name, template) => {
      expect(() =>
        Template.parse({
          id: 't',
          name: template.name,
          builtIn: true,
          profiles: template.profiles,
          updatedAt: '2026-11-23T10:00:00Z',
        }),
      ).not.toThrow();
      for (const field of ['key', 'priority', 'speedDial', 'name'] as const) {
        const values = template.profiles.map((p) => p[field]);
        expect(new Set(values).size, field).toBe(values.length);
      }
      // The first profile is the default and must let calls through.
      expect(template.profiles[0]?.availability).toBe('available');
    },
  );

  it('returns fresh objects on every call', () => {
    const first = builtInTemplates();
    first[0]?.profiles.splice(0);
    expect(builtInTemplates()[0]?.profiles.length).toBeGreaterThan(0);
  });

  it('Office meeting: mobile calls ring, landline calls go to voicemail, paused in queues, triggered by "Möte med kund"', () => {
    const profiles = asProfiles('Office');
    const meeting = profiles.find((p) => p.type === 'meeting');
    if (meeting === undefined) throw new Error('Office has no meeting profile');
    const call = (calledNumberType: 'landline' | 'mobile') =>
      decideIncomingCall({ profile: meeting, calledNumberType, viaQueue: null, phoneState: 'idle' })
        .now;
    expect(call('landline')).toEqual({ kind: 'redirect', target: { kind: 'voicemail' } });
    expect(call('mobile')).toMatchObject({
      kind: 'ring',
      legs: [{ device: 'mobile', delaySeconds: 0 }],
    });
    expect(
      queueStatuses({
        queues: [{ id: 'q', name: 'Support', number: '100', memberIds: [] }],
        profile: meeting,
        overrides: [],
      }),
    ).toEqual({ q: 'paused' });

    const effective = profileInEffect({
      profiles,
      defaultProfileId: null,
      manualChoice: null,
      calendarEvents: [
        {
          id: 'e',
          title: 'Möte med kund',
          start: '2026-11-23T09:00:00Z',
          end: '2026-11-23T10:00:00Z',
        },
      ],
      now: new Date('2026-11-23T09:30:00Z'),
    });
    expect(effective?.profile.id).toBe(meeting.id);
  });

  it('Office lunch is paused in all queues and triggered by lunch', () => {
    const lunch = asProfiles('Office').find((p) => p.type === 'lunch');
    expect(lunch?.queues).toMatchObject({ status: 'paused', scope: 'all' });
    expect(lunch?.triggerWords).toContain('lunch');
  });

  it('Office out of office has a standard length and sends calls to voicemail', () => {
    const ooo = asProfiles('Office').find((p) => p.type === 'out_of_office');
    expect(ooo?.standardLengthMinutes).toBeGreaterThan(0);
    expect(ooo?.routing.any).toEqual({ kind: 'voicemail' });
  });
});
