// Profiles, events and the base input shared by the effective-profile tests.
import type { CalendarEvent, ManualChoice } from '../../../src/shared/model/state';
import type { EffectiveProfileInput } from '../../../src/shared/rules/effective';
import { at, makeProfile } from './fixtures';
export const available = makeProfile('available', { type: 'available', priority: 50 });
export const meeting = makeProfile('meeting', {
  type: 'meeting',
  priority: 20,
  triggerWords: ['möte', 'meeting'],
  standardLengthMinutes: 60,
});
export const lunch = makeProfile('lunch', {
  type: 'lunch',
  priority: 30,
  triggerWords: ['lunch'],
  standardLengthMinutes: 45,
});
export const sick = makeProfile('sick', { type: 'sick', priority: 5 });
export const away = makeProfile('away', { type: 'away', priority: 30, triggerWords: ['lunch'] });
const profiles = [available, meeting, lunch, sick];

export const event = (id: string, title: string, start: string, end: string): CalendarEvent => ({
  id,
  title,
  start,
  end,
});
export const manual = (profileId: string, setAt: string, until: string | null): ManualChoice => ({
  profileId,
  setAt,
  until,
});

export const base: EffectiveProfileInput = {
  profiles,
  defaultProfileId: 'available',
  manualChoice: null,
  calendarEvents: [],
  now: at('2026-11-23T10:00:00Z'),
};
