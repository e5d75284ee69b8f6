import { describe, expect, it } from 'vitest';
import type { EffectiveProfileInput } from '../../../src/shared/rules/effective';
import { manualChoiceFor, nextProfileChange, profileInEffect } from '../../../src/shared/rules/effective';
import { at, makeProfile } from './fixtures';
import { available, meeting, lunch, sick, away, event, manual, base } from './effectiveFixtures';

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


describe('a manual choice outranked by the calendar', () => {
  // Lunch (priority 30) chosen by hand; a meeting (priority 20) from 09:30 to 10:30 comes first.
  const meetingNow = event('m', 'Planning meeting', '2026-11-23T09:30:00Z', '2026-11-23T10:30:00Z');
  const chosen = manual('lunch', '2026-11-23T09:45:00Z', null);

  it('names the waiting choice while the event is in effect', () => {
    const result = profileInEffect({ ...base, manualChoice: chosen, calendarEvents: [meetingNow] });
    expect(result?.profile.id).toBe('meeting');
    expect(result?.outranked?.id).toBe('lunch');
  });

  it('an override wins over the event until its end, then the calendar counts again', () => {
    const override = { ...manual('lunch', '2026-11-23T09:59:00Z', '2026-11-23T10:30:00Z'), overridesCalendar: true };
    const input = { ...base, manualChoice: override, calendarEvents: [meetingNow, event('n', 'Meeting', '2026-11-23T10:30:00Z', '2026-11-23T11:00:00Z')] };
    const now = profileInEffect(input);
    expect(now?.profile.id).toBe('lunch');
    expect(now?.reason).toBe('manual');
    expect(now?.outranked).toBeUndefined();
    expect(nextProfileChange(input)?.toISOString()).toBe('2026-11-23T10:30:00.000Z');
    expect(profileInEffect({ ...input, now: at('2026-11-23T10:31:00Z') })?.profile.id).toBe('meeting');
  });

  it('says nothing when the manual choice wins or is the same profile', () => {
    expect(profileInEffect({ ...base, manualChoice: manual('sick', '2026-11-23T09:45:00Z', null), calendarEvents: [meetingNow] })?.outranked).toBeUndefined();
    expect(profileInEffect({ ...base, manualChoice: manual('meeting', '2026-11-23T09:45:00Z', null), calendarEvents: [meetingNow] })?.outranked).toBeUndefined();
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
