/**
 * The profile-change timer driven by the shared rule: armed for the next change only (no
 * polling), re-armed after every change, long waits cut into steps, exact at the boundary.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Notices } from '../../../src/main/client/notices';
import { ProfileSync } from '../../../src/main/client/profileSync';
import { MAX_TIMER_STEP_MS } from '../../../src/main/client/profileChangeTimer';
import type { ProfilesState } from '../../../src/shared/ipc';
import { makeSlices, makeSnapshot } from './fixtures';

const T0 = new Date('2026-11-23T08:00:00.000Z');
const iso = (msFromT0: number) => new Date(T0.getTime() + msFromT0).toISOString();
const MINUTE = 60_000;

function setup() {
  const slices = makeSlices();
  const notices = new Notices(slices, () => new Date());
  const sent: string[] = [];
  const sync = new ProfileSync({
    slices,
    notices,
    save: () => undefined,
    send: async (command) => void sent.push(command.name),
    onSessionExpired: () => undefined,
    now: () => new Date(),
  });
  const effective: string[] = [];
  slices.subscribe((name, payload) => {
    if (name !== 'profiles') return;
    const p = payload as ProfilesState | null;
    effective.push(`${p?.effective?.reason}:${p?.effective?.profileId}`);
  });
  return { slices, sync, effective, sent };
}

describe('profile scheduling', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: T0 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('ends a manual switch after the standard length with one timer, not polling', async () => {
    const { sync, slices, effective } = setup();
    sync.setBase(makeSnapshot());
    expect(vi.getTimerCount()).toBe(0); // nothing will change by itself
    sync.submit('profiles.switch', { profileId: 'lunch' });
    expect(slices.get('profiles')?.effective).toMatchObject({
      profileId: 'lunch',
      reason: 'manual',
      until: iso(30 * MINUTE),
    });
    expect(vi.getTimerCount()).toBe(1);

    await vi.advanceTimersByTimeAsync(30 * MINUTE - 1);
    expect(slices.get('profiles')?.effective?.profileId).toBe('lunch');
    await vi.advanceTimersByTimeAsync(1);
    expect(slices.get('profiles')?.effective).toMatchObject({
      profileId: 'available',
      reason: 'default',
    });
    expect(vi.getTimerCount()).toBe(0);
    // Each state was published once: identical emissions are dropped.
    expect(effective).toEqual(['default:available', 'manual:lunch', 'default:available']);
  });

  it('switches at a calendar event start and back at its end', async () => {
    const { sync, slices } = setup();
    sync.setBase(
      makeSnapshot({
        calendarEvents: [
          {
            id: 'e1',
            title: 'Weekly meeting',
            start: iso(2 * 60 * MINUTE),
            end: iso(3 * 60 * MINUTE),
          },
        ],
      }),
    );
    expect(slices.get('profiles')?.effective).toMatchObject({
      reason: 'default',
      until: iso(2 * 60 * MINUTE),
    });

    await vi.advanceTimersByTimeAsync(2 * 60 * MINUTE);
    expect(slices.get('profiles')?.effective).toMatchObject({
      profileId: 'meeting',
      reason: 'calendar',
      eventTitle: 'Weekly meeting',
    });
    await vi.advanceTimersByTimeAsync(60 * MINUTE);
    expect(slices.get('profiles')?.effective).toMatchObject({
      profileId: 'available',
      reason: 'default',
      until: null,
    });
    expect(vi.getTimerCount()).toBe(0);
  });

  it('cuts a wait of weeks into bounded steps and still switches exactly at the start', async () => {
    const { sync, slices } = setup();
    const start = 40 * 24 * 60 * MINUTE; // beyond setTimeout's ~24.8-day limit
    sync.setBase(
      makeSnapshot({
        calendarEvents: [
          { id: 'e1', title: 'meeting', start: iso(start), end: iso(start + 60 * MINUTE) },
        ],
      }),
    );
    // The armed step never exceeds the bound.
    expect(vi.getTimerCount()).toBe(1);
    await vi.advanceTimersByTimeAsync(MAX_TIMER_STEP_MS);
    expect(slices.get('profiles')?.effective?.reason).toBe('default');
    await vi.advanceTimersByTimeAsync(start - MAX_TIMER_STEP_MS - 1);
    expect(slices.get('profiles')?.effective?.reason).toBe('default');
    await vi.advanceTimersByTimeAsync(1);
    expect(slices.get('profiles')?.effective?.reason).toBe('calendar');
  });

  it('re-arms when a pushed change moves the event', async () => {
    const { sync, slices } = setup();
    sync.setBase(
      makeSnapshot({
        calendarEvents: [
          { id: 'e1', title: 'meeting', start: iso(10 * MINUTE), end: iso(20 * MINUTE) },
        ],
      }),
    );
    sync.applyChanges([
      {
        revision: 6,
        at: iso(0),
        reason: 'calendar',
        patch: {
          calendarEvents: [
            { id: 'e1', title: 'meeting', start: iso(30 * MINUTE), end: iso(40 * MINUTE) },
          ],
        },
      },
    ]);
    expect(slices.get('profiles')?.effective?.until).toBe(iso(30 * MINUTE));
    await vi.advanceTimersByTimeAsync(15 * MINUTE);
    expect(slices.get('profiles')?.effective?.reason).toBe('default');
    await vi.advanceTimersByTimeAsync(15 * MINUTE);
    expect(slices.get('profiles')?.effective?.reason).toBe('calendar');
    expect(vi.getTimerCount()).toBe(1);
  });

  it('a manual choice set on another device expires on this one too', async () => {
    const { sync, slices } = setup();
    sync.setBase(makeSnapshot());
    sync.applyChanges([
      {
        revision: 6,
        at: iso(0),
        reason: 'profile-switch',
        patch: {
          manualChoice: { profileId: 'lunch', setAt: iso(-10 * MINUTE), until: iso(20 * MINUTE) },
        },
      },
    ]);
    expect(slices.get('profiles')?.effective?.profileId).toBe('lunch');
    await vi.advanceTimersByTimeAsync(20 * MINUTE);
    expect(slices.get('profiles')?.effective?.profileId).toBe('available');
  });

  it('answers "which profile now" exactly even when the clock passed a change before the timer ran', () => {
    const { sync } = setup();
    sync.setBase(makeSnapshot());
    sync.submit('profiles.switch', { profileId: 'lunch' });
    const published = sync.viewAt(new Date());
    expect(sync.viewAt(new Date())).toBe(published); // still valid: no recomputation
    vi.setSystemTime(new Date(T0.getTime() + 31 * MINUTE)); // e.g. the machine slept; no timer has fired
    expect(sync.viewAt(new Date())?.effective).toMatchObject({
      profile: { id: 'available' },
      reason: 'default',
    });
  });
});
