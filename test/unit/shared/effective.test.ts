import { describe, expect, it } from 'vitest';
import type { CalendarEvent, ManualChoice } from '../../../src/shared/model/state';
import type { EffectiveProfileInput } from '../../../src/shared/rules/effective';
import {
  manualChoiceFor,
  nextProfileChange,
  profileInEffect,
} from '../../../src/shared/rules/effective';
import { at, makeProfile } from './fixtures';

const available = makeProfile('available', { type: 'available', priority: 50 });
const meeting = makeProfile('meeting', {
  type: 'meeting',
  priority: 20,
  triggerWords: ['möte', 'meeting'],
  standardLengthMinutes: 60,
});
const lunch = makeProfile('lunch', {
  type: 'lunch',
  priority: 30,
  triggerWords: ['lunch'],
  standardLengthMinutes: 45,
});
const sick = makeProfile('sick', { type: 'sick', priority: 5 });
const away = makeProfile('away', { type: 'away', priority: 30, triggerWords: ['lunch'] });
const profiles = [available, meeting, lunch, sick];

const event = (id: string, title: string, start: string, end: string): CalendarEvent => ({
  id,
  title,
  start,
  end,
});
const manual = (profileId: string, setAt: string, until: string | null): ManualChoice => ({
  profileId,
  setAt,
  until,
});

const base: EffectiveProfileInput = {
  profiles,
  defaultProfileId: 'available',
  manualChoice: null,
  calendarEvents: [],
  now: at('2026-11-23T10:00:00Z'),
};

describe('profileInEffect', () => {
  it.each<
    [
      string,
      Partial<EffectiveProfileInput>,
      string,
      'manual' | 'calendar' | 'default',
      string | null,
    ]
  >([
    ['no manual choice and no events: the default', {}, 'available', 'default', null],
    [
      'the default id wins over list order',
      { defaultProfileId: 'lunch' },
      'lunch',
      'default',
      null,
    ],
    [
      'unknown default id: the first available-type profile',
      { defaultProfileId: 'gone', profiles: [sick, available] },
      'available',
      'default',
      null,
    ],
    [
      'no available-type profile: the first profile',
      { defaultProfileId: null, profiles: [lunch, sick] },
      'lunch',
      'default',
      null,
    ],
    [
      'a manual choice without end',
      { manualChoice: manual('lunch', '2026-11-23T09:00:00Z', null) },
      'lunch',
      'manual',
      null,
    ],
    [
      'a manual choice before its end',
      { manualChoice: manual('lunch', '2026-11-23T09:30:00Z', '2026-11-23T10:15:00Z') },
      'lunch',
      'manual',
      null,
    ],
    [
      'a manual choice exactly at its end has expired',
      { manualChoice: manual('lunch', '2026-11-23T09:15:00Z', '2026-11-23T10:00:00Z') },
      'available',
      'default',
      null,
    ],
    [
      'a manual choice of a deleted profile is ignored',
      { manualChoice: manual('deleted', '2026-11-23T09:00:00Z', null) },
      'available',
      'default',
      null,
    ],
    [
      'a calendar event whose title has a trigger word (accents and case ignored)',
      {
        calendarEvents: [
          event('e1', 'MOTE med kund', '2026-11-23T09:30:00Z', '2026-11-23T11:00:00Z'),
        ],
      },
      'meeting',
      'calendar',
      'e1',
    ],
    [
      'an event starting exactly now is active',
      { calendarEvents: [event('e1', 'Meeting', '2026-11-23T10:00:00Z', '2026-11-23T11:00:00Z')] },
      'meeting',
      'calendar',
      'e1',
    ],
    [
      'an event ending exactly now is over',
      { calendarEvents: [event('e1', 'Meeting', '2026-11-23T09:00:00Z', '2026-11-23T10:00:00Z')] },
      'available',
      'default',
      null,
    ],
    [
      'an event without trigger word does nothing',
      { calendarEvents: [event('e1', 'Dentist', '2026-11-23T09:00:00Z', '2026-11-23T11:00:00Z')] },
      'available',
      'default',
      null,
    ],
    [
      'an event with end before start is ignored',
      { calendarEvents: [event('e1', 'Meeting', '2026-11-23T11:00:00Z', '2026-11-23T09:00:00Z')] },
      'available',
      'default',
      null,
    ],
    [
      'an event with unreadable instants is ignored',
      { calendarEvents: [event('e1', 'Meeting', 'yesterday', 'tomorrow')] },
      'available',
      'default',
      null,
    ],
    [
      'two overlapping profiles: the lowest priority number wins (meeting 20 over lunch 30)',
      {
        calendarEvents: [
          event('lunch', 'Lunch', '2026-11-23T09:45:00Z', '2026-11-23T10:45:00Z'),
          event('meet', 'Meeting with Bo', '2026-11-23T09:30:00Z', '2026-11-23T10:30:00Z'),
        ],
      },
      'meeting',
      'calendar',
      'meet',
    ],
    [
      'a higher-priority calendar profile beats a lower-priority manual choice',
      {
        manualChoice: manual('lunch', '2026-11-23T09:55:00Z', null),
        calendarEvents: [event('m', 'möte', '2026-11-23T09:00:00Z', '2026-11-23T11:00:00Z')],
      },
      'meeting',
      'calendar',
      'm',
    ],
    [
      'a higher-priority manual choice beats a calendar profile',
      {
        manualChoice: manual('sick', '2026-11-23T08:00:00Z', null),
        calendarEvents: [event('m', 'möte', '2026-11-23T09:00:00Z', '2026-11-23T11:00:00Z')],
      },
      'sick',
      'manual',
      null,
    ],
    [
      'equal priority: manual before calendar',
      {
        profiles: [available, lunch, away],
        manualChoice: manual('lunch', '2026-11-23T09:00:00Z', null),
        calendarEvents: [event('l', 'Lunch', '2026-11-23T09:30:00Z', '2026-11-23T11:00:00Z')],
      },
      'lunch',
      'manual',
      null,
    ],
    [
      'equal priority, two events: the later-starting event',
      {
        profiles: [
          available,
          meeting,
          makeProfile('meeting2', { priority: 20, triggerWords: ['review'] }),
        ],
        calendarEvents: [
          event('late', 'Review', '2026-11-23T09:50:00Z', '2026-11-23T11:00:00Z'),
          event('early', 'Meeting', '2026-11-23T09:00:00Z', '2026-11-23T11:00:00Z'),
        ],
      },
      'meeting2',
      'calendar',
      'late',
    ],
    [
      'equal priority, one event matching two profiles: profile order',
      {
        profiles: [available, away, lunch],
        calendarEvents: [event('l', 'Lunch', '2026-11-23T09:30:00Z', '2026-11-23T11:00:00Z')],
      },
      'away',
      'calendar',
      'l',
    ],
  ])('%s', (_name, overrides, profileId, reason, eventId) => {
    const result = profileInEffect({ ...base, ...overrides });
    expect(result?.profile.id).toBe(profileId);
    expect(result?.reason).toBe(reason);
    expect(result?.event?.id ?? null).toBe(eventId);
  });

  it('is null only when there are no profiles', () => {
    expect(profileInEffect({ ...base, profiles: [], defaultProfileId: null })).toBeNull();
  });

  it('does not depend on the order of calendar events', () => {
    const events = [
      event('a', 'Meeting', '2026-11-23T09:00:00Z', '2026-11-23T11:00:00Z'),
      event('b', 'Meeting', '2026-11-23T09:00:00Z', '2026-11-23T10:30:00Z'),
    ];
    const forward = profileInEffect({ ...base, calendarEvents: events });
    const backward = profileInEffect({ ...base, calendarEvents: [...events].reverse() });
    expect(forward).toEqual(backward);
    expect(forward?.event?.id).toBe('b');
  });

  it.each<[string, Partial<EffectiveProfileInput>, string | null, string | null]>([
    [
      'manual: setAt..until',
      { manualChoice: manual('lunch', '2026-11-23T09:30:00Z', '2026-11-23T10:15:00Z') },
      '2026-11-23T09:30:00Z',
      '2026-11-23T10:15:00Z',
    ],
    [
      'calendar: the event window',
      { calendarEvents: [event('m', 'Meeting', '2026-11-23T09:30:00Z', '2026-11-23T10:30:00Z')] },
      '2026-11-23T09:30:00Z',
      '2026-11-23T10:30:00Z',
    ],
    [
      'default: until the next change',
      { calendarEvents: [event('m', 'Meeting', '2026-11-23T11:00:00Z', '2026-11-23T12:00:00Z')] },
      null,
      '2026-11-23T11:00:00.000Z',
    ],
    ['default with nothing ahead: open-ended', {}, null, null],
  ])('since/until for %s', (_name, overrides, since, until) => {
    const result = profileInEffect({ ...base, ...overrides });
    expect(result?.since).toBe(since);
    expect(result?.until).toBe(until);
  });
});

describe('nextProfileChange', () => {
  it.each<[string, Partial<EffectiveProfileInput>, string | null]>([
    ['nothing scheduled: never', {}, null],
    [
      'a manual choice without end: never',
      { manualChoice: manual('lunch', '2026-11-23T09:30:00Z', null) },
      null,
    ],
    [
      'an event that starts later',
      { calendarEvents: [event('m', 'Meeting', '2026-11-23T11:00:00Z', '2026-11-23T12:00:00Z')] },
      '2026-11-23T11:00:00.000Z',
    ],
    [
      'the end of the active event',
      { calendarEvents: [event('m', 'Meeting', '2026-11-23T09:00:00Z', '2026-11-23T10:30:00Z')] },
      '2026-11-23T10:30:00.000Z',
    ],
    [
      'events without trigger words are not changes',
      { calendarEvents: [event('d', 'Dentist', '2026-11-23T11:00:00Z', '2026-11-23T12:00:00Z')] },
      null,
    ],
    [
      'a lower-priority event starting under a higher-priority one is not a change',
      {
        calendarEvents: [
          event('m', 'Meeting', '2026-11-23T09:00:00Z', '2026-11-23T12:00:00Z'),
          event('l', 'Lunch', '2026-11-23T10:30:00Z', '2026-11-23T11:00:00Z'),
        ],
      },
      '2026-11-23T12:00:00.000Z',
    ],
    [
      'back-to-back events of the same profile are one stretch',
      {
        calendarEvents: [
          event('m1', 'Meeting', '2026-11-23T09:00:00Z', '2026-11-23T10:30:00Z'),
          event('m2', 'Möte', '2026-11-23T10:30:00Z', '2026-11-23T11:30:00Z'),
        ],
      },
      '2026-11-23T11:30:00.000Z',
    ],
    [
      'a meeting ending under a longer lunch hands over to lunch',
      {
        calendarEvents: [
          event('m', 'Meeting', '2026-11-23T09:00:00Z', '2026-11-23T10:30:00Z'),
          event('l', 'Lunch', '2026-11-23T09:00:00Z', '2026-11-23T11:00:00Z'),
        ],
      },
      '2026-11-23T10:30:00.000Z',
    ],
  ])('%s', (_name, overrides, expected) => {
    expect(nextProfileChange({ ...base, ...overrides })?.toISOString() ?? null).toBe(expected);
  });

  it('a standard length that expires: lunch for 45 minutes falls back to the default at its end', () => {
    const switchedAt = at('2026-11-23T11:30:00Z');
    const choice = manualChoiceFor(lunch, switchedAt);
    expect(choice).toEqual({
      profileId: 'lunch',
      setAt: '2026-11-23T11:30:00.000Z',
      until: '2026-11-23T12:15:00.000Z',
    });

    const input = { ...base, manualChoice: choice };
    const during = profileInEffect({ ...input, now: at('2026-11-23T12:14:59Z') });
    expect(during).toMatchObject({ reason: 'manual', until: '2026-11-23T12:15:00.000Z' });
    expect(during?.profile.id).toBe('lunch');
    expect(nextProfileChange({ ...input, now: switchedAt })?.toISOString()).toBe(
      '2026-11-23T12:15:00.000Z',
    );

    const after = profileInEffect({ ...input, now: at('2026-11-23T12:15:00Z') });
    expect(after?.profile.id).toBe('available');
    expect(after?.reason).toBe('default');
    expect(nextProfileChange({ ...input, now: at('2026-11-23T12:15:00Z') })).toBeNull();
  });

  it('a manual choice ending during a matching event hands over to the calendar', () => {
    const input: EffectiveProfileInput = {
      ...base,
      manualChoice: manual('lunch', '2026-11-23T09:45:00Z', '2026-11-23T10:30:00Z'),
      calendarEvents: [event('x', 'lunch', '2026-11-23T09:00:00Z', '2026-11-23T12:00:00Z')],
    };
    // Same profile, different reason: that is a change the client must schedule.
    expect(nextProfileChange(input)?.toISOString()).toBe('2026-11-23T10:30:00.000Z');
    expect(profileInEffect({ ...input, now: at('2026-11-23T10:30:00Z') })?.reason).toBe('calendar');
  });
});

describe('manualChoiceFor', () => {
  const now = at('2026-11-23T10:00:00Z');
  it.each<[string, number | null, Date | null | undefined, string | null]>([
    [
      'explicit end wins over standard length',
      60,
      at('2026-11-23T10:20:00Z'),
      '2026-11-23T10:20:00.000Z',
    ],
    ['standard length when no explicit end', 60, undefined, '2026-11-23T11:00:00.000Z'],
    ['standard length when explicit end is null', 90, null, '2026-11-23T11:30:00.000Z'],
    ['no standard length: until changed', null, undefined, null],
  ])('%s', (_name, standardLengthMinutes, explicit, until) => {
    const profile = makeProfile('p', { standardLengthMinutes });
    expect(manualChoiceFor(profile, now, explicit)).toEqual({
      profileId: 'p',
      setAt: '2026-11-23T10:00:00.000Z',
      until,
    });
  });

  it('refuses an explicit end that is not in the future', () => {
    expect(() => manualChoiceFor(makeProfile('p'), now, now)).toThrow(/must be after now/);
  });
});

describe('nextProfileChange agrees with profileInEffect minute by minute', () => {
  // A small deterministic generator, so the scenarios are the same on every run.
  function scenario(seed: number): EffectiveProfileInput {
    let state = seed;
    const next = (n: number): number => {
      state = (state * 1103515245 + 12345) % 2147483648;
      return state % n;
    };
    const minute = (m: number): string =>
      new Date(Date.parse('2026-11-23T08:00:00Z') + m * 60_000).toISOString();
    const titles = ['Meeting', 'Lunch', 'Möte med kund', 'Dentist', 'lunch meeting'];
    const calendarEvents = Array.from({ length: 1 + next(6) }, (_, i) => {
      const start = next(240);
      return event(
        `e${i}`,
        titles[next(titles.length)] ?? 'x',
        minute(start),
        minute(start + 5 + next(120)),
      );
    });
    const manualProfile = [null, 'lunch', 'sick', 'meeting'][next(4)] ?? null;
    const manualChoice =
      manualProfile === null
        ? null
        : manual(manualProfile, minute(0), next(2) === 0 ? null : minute(30 + next(200)));
    return {
      profiles: [available, meeting, lunch, sick, away],
      defaultProfileId: 'available',
      manualChoice,
      calendarEvents,
      now: at(minute(next(60))),
    };
  }

  it.each(Array.from({ length: 40 }, (_, i) => [i + 1]))('scenario %i', (seed) => {
    const input = scenario(seed);
    const key = (now: Date) => {
      const r = profileInEffect({ ...input, now });
      return `${r?.profile.id}/${r?.reason}`;
    };
    const start = input.now.getTime();
    const change = nextProfileChange(input);
    const horizon = change?.getTime() ?? start + 8 * 60 * 60_000;
    const initial = key(input.now);
    for (let t = start + 60_000; t < horizon; t += 60_000) expect(key(new Date(t))).toBe(initial);
    if (change !== null) expect(key(change)).not.toBe(initial);
  });
});
