import { describe, expect, it } from 'vitest';
import type { EffectiveProfileInput } from '../../../src/shared/rules/effective';
import { manualChoiceFor, nextProfileChange, profileInEffect } from '../../../src/shared/rules/effective';
import { at } from './fixtures';
import { available, meeting, lunch, sick, away, event, manual, base } from './effectiveFixtures';

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
