/**
 * The calendar events that switch one of the user's profiles (issue 13, calendar in settings):
 * events not yet over whose title matches a profile's trigger words (`triggers.ts`), soonest
 * first, each with the profile it switches to (the lowest priority number wins, as in
 * `effective.ts`; ties: the earlier profile).
 */
import type { CalendarEvent } from '../model/state';
import type { Profile } from '../model/profile';
import { triggerMatcher } from './triggers';

export interface CalendarSwitch {
  title: string;
  start: string;
  end: string;
  profileId: string;
  profileName: string;
}

export function calendarSwitches(profiles: readonly Profile[], events: readonly CalendarEvent[], now: Date): CalendarSwitch[] {
  const matches = triggerMatcher(profiles.map((p) => p.triggerWords));
  const nowMs = now.getTime();
  const found: (CalendarSwitch & { startMs: number })[] = [];
  for (const event of events) {
    const startMs = Date.parse(event.start);
    const endMs = Date.parse(event.end);
    if (!Number.isFinite(startMs) || !Number.isFinite(endMs) || endMs <= startMs || endMs <= nowMs) continue;
    let best: Profile | null = null;
    for (const index of matches(event.title)) {
      const profile = profiles[index];
      if (profile && (best === null || profile.priority < best.priority)) best = profile;
    }
    if (best) found.push({ title: event.title, start: event.start, end: event.end, profileId: best.id, profileName: best.name, startMs });
  }
  return found.sort((a, b) => a.startMs - b.startMs).map(({ startMs: _startMs, ...rest }) => rest);
}
