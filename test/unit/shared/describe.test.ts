import { describe, expect, it } from 'vitest';
import { Profile } from '../../../src/shared/model/profile';
import { describeProfile } from '../../../src/shared/rules/describe';
import { formatDuration } from '../../../src/shared/duration';
import { builtInTemplates } from '../../../src/shared/rules/templates';
import { makeProfile } from './fixtures';

const meeting = makeProfile('meeting', {
  availability: 'not_available',
  routing: {
    any: { kind: 'voicemail' },
    mobile: { kind: 'ring', devices: [{ device: 'mobile' }] },
  },
  exceptions: {
    noAnswer: { afterSeconds: 20, target: { kind: 'number', number: '+46701234567' } },
  },
  queues: { status: 'paused', scope: 'all' },
  callerId: { softphone: { kind: 'mobile' }, mobile: { kind: 'mobile' } },
  standardLengthMinutes: 90,
  triggerWords: ['meeting', 'möte'],
  speedDial: '*41',
  recording: true,
});

describe('describeProfile', () => {
  it.each<['en' | 'sv', string[]]>([
    [
      'en',
      [
        'You are shown as not available.',
        'Calls to your mobile number ring your mobile.',
        'Other calls go to voicemail.',
        'After 20 seconds without answer, calls go to +46701234567.',
        'When you are in a call, new calls get a busy tone.',
        'You are paused in all queues.',
        'You call out with your mobile number.',
        'Your calls are recorded.',
        'A manual switch to this profile lasts 1 hour 30 minutes.',
        'Calendar events with “meeting” or “möte” in the title switch to this profile.',
        'Dial *41 on a desk phone to switch to this profile.',
      ],
    ],
    [
      'sv',
      [
        'Du visas som inte tillgänglig.',
        'Samtal till ditt mobilnummer ringer på din mobil.',
        'Övriga samtal går till röstbrevlådan.',
        'Efter 20 sekunder utan svar kopplas samtalen till +46701234567.',
        'När du är i ett samtal får nya samtal upptagetton.',
        'Du är pausad i alla köer.',
        'Du ringer ut med ditt mobilnummer.',
        'Dina samtal spelas in.',
        'Ett manuellt byte till profilen gäller i 1 timme 30 minuter.',
        'Kalenderhändelser med ”meeting” eller ”möte” i titeln byter till profilen.',
        'Slå *41 på en bordstelefon för att byta till profilen.',
      ],
    ],
  ])("describes the seed's meeting profile in %s", (lang, expected) => {
    expect(describeProfile(meeting, lang)).toEqual(expected);
  });

  it.each<[string, Profile, string[]]>([
    [
      'one sentence when every number type is routed alike, with the mobile delay',
      makeProfile('a', {
        routing: {
          any: {
            kind: 'ring',
            devices: [{ device: 'softphone' }, { device: 'mobile', delaySeconds: 15 }],
          },
        },
      }),
      [
        'Calls ring your softphone, then your mobile after 15 seconds.',
        'Calls ring until the caller hangs up.',
      ],
    ],
    [
      'a not-available profile does not claim the softphone rings',
      makeProfile('b', {
        availability: 'not_available',
        routing: {
          any: {
            kind: 'ring',
            devices: [{ device: 'softphone' }, { device: 'mobile', delaySeconds: 10 }],
          },
        },
      }),
      ['Calls ring your mobile after 10 seconds.'],
    ],
    [
      'nothing left to ring: declined',
      makeProfile('c', { availability: 'not_available' }),
      ['Calls are declined.'],
    ],
    [
      'three different routes, no majority',
      makeProfile('d', {
        routing: {
          any: { kind: 'voicemail' },
          landline: { kind: 'message', messageId: 'm', label: 'Closed' },
          mobile: { kind: 'ring', devices: [{ device: 'mobile' }] },
          internal: { kind: 'application', applicationId: 'ivr' },
        },
      }),
      [
        'Calls to your landline get the message “Closed”.',
        'Calls to your mobile number ring your mobile.',
        'Internal calls go to an application.',
      ],
    ],
    [
      'call waiting and an unreachable rule',
      makeProfile('e', { callWaiting: true, exceptions: { unreachable: { kind: 'voicemail' } } }),
      [
        'When you are in a call, new calls are announced (call waiting).',
        'When you cannot be reached, calls go to voicemail.',
      ],
    ],
    [
      'active in chosen queues with the devices that ring',
      makeProfile('f', {
        queues: {
          status: 'active',
          scope: 'chosen',
          queueIds: ['q1', 'q2'],
          devices: ['softphone', 'deskphone'],
        },
      }),
      [
        'You are active in 2 chosen queues.',
        'Queue calls ring your softphone and your desk phone.',
      ],
    ],
    [
      'hidden number from the softphone, company number from the mobile',
      makeProfile('g', {
        callerId: { softphone: { kind: 'hidden' }, mobile: { kind: 'company' } },
      }),
      [
        'You call out with a hidden number.',
        'From your mobile, you call out with the company number.',
      ],
    ],
  ])('%s', (_name, profile, sentences) => {
    const text = describeProfile(profile, 'en');
    for (const s of sentences) expect(text).toContain(s);
  });

  it.each(builtInTemplates().flatMap((t) => t.profiles.map((p) => [t.name, p.name, p] as const)))(
    'describes built-in %s / %s in both languages',
    (_t, _p, fields) => {
      const profile = Profile.parse({ ...fields, id: fields.key });
      for (const lang of ['en', 'sv'] as const) {
        const text = describeProfile(profile, lang);
        expect(text.length).toBeGreaterThan(3);
        for (const s of text) expect(s).toMatch(/^\S.*\.$/u);
      }
    },
  );
});

describe('formatDuration', () => {
  it.each<[number, string, string]>([
    [1, '1 minute', '1 minut'],
    [45, '45 minutes', '45 minuter'],
    [60, '1 hour', '1 timme'],
    [480, '8 hours', '8 timmar'],
    [90, '1 hour 30 minutes', '1 timme 30 minuter'],
    [1440, '1 day', '1 dag'],
    [2 * 1440 + 61, '2 days 1 hour 1 minute', '2 dagar 1 timme 1 minut'],
  ])('%i minutes', (minutes, en, sv) => {
    expect(formatDuration(minutes, 'en')).toBe(en);
    expect(formatDuration(minutes, 'sv')).toBe(sv);
  });
});
