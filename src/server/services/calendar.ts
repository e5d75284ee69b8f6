/**
 * Calendar sources: an ICS URL fetched periodically, or an uploaded ICS file. Events (recurring
 * ones expanded over a window) feed the trigger words of the profile-in-effect rule.
 */
import ICAL from 'ical.js';
import type { CalendarEvent } from '../../shared/model';
import type { ServerContext } from './context';
import { writeWithChanges } from './changes';
import { invalid, notFound } from './errors';
import { text as textOf } from '../../shared/text';

const WINDOW_PAST_MS = 24 * 3_600_000;
const WINDOW_FUTURE_MS = 35 * 24 * 3_600_000;
const MAX_EVENTS = 2000;
const MAX_OCCURRENCES_PER_EVENT = 500;
const MAX_ICS_BYTES = 5_000_000;
const FETCH_TIMEOUT_MS = 10_000;

/** Parses ICS text into events overlapping [now - 1 day, now + 35 days], recurrences expanded. */
function parseIcs(text: string, now: Date): CalendarEvent[] {
  let root: ICAL.Component;
  try {
    root = new ICAL.Component(ICAL.parse(text) as unknown[]);
  } catch (error) {
    throw invalid(`The calendar is not valid iCalendar data: ${error instanceof Error ? error.message : String(error)}`, undefined, textOf('error.calendarInvalid'));
  }
  for (const tz of root.getAllSubcomponents('vtimezone')) {
    ICAL.TimezoneService.register(new ICAL.Timezone(tz));
  }
  const windowStart = now.getTime() - WINDOW_PAST_MS;
  const windowEnd = now.getTime() + WINDOW_FUTURE_MS;
  const vevents = root.getAllSubcomponents('vevent');
  const masters = new Map<string, ICAL.Event>();
  const exceptions: ICAL.Event[] = [];
  for (const vevent of vevents) {
    const event = new ICAL.Event(vevent);
    if (event.isRecurrenceException()) exceptions.push(event);
    else masters.set(event.uid, event);
  }
  for (const exception of exceptions) masters.get(exception.uid)?.relateException(exception);

  const out: CalendarEvent[] = [];
  const add = (uid: string, title: string, start: Date, end: Date): void => {
    if (end.getTime() < windowStart || start.getTime() > windowEnd || end <= start) return;
    out.push({ id: `${uid}@${start.toISOString()}`.slice(0, 200), title: title.slice(0, 500), start: start.toISOString(), end: end.toISOString() });
  };
  for (const event of masters.values()) {
    const uid = event.uid || 'event';
    if (!event.isRecurring()) {
      add(uid, event.summary ?? '', event.startDate.toJSDate(), event.endDate.toJSDate());
      continue;
    }
    const iterator = event.iterator();
    for (let i = 0; i < MAX_OCCURRENCES_PER_EVENT; i++) {
      const next = iterator.next();
      if (!next) break;
      if (next.toJSDate().getTime() > windowEnd) break;
      const details = event.getOccurrenceDetails(next);
      add(uid, details.item.summary ?? '', details.startDate.toJSDate(), details.endDate.toJSDate());
    }
  }
  out.sort((a, b) => a.start.localeCompare(b.start) || a.id.localeCompare(b.id));
  return out.slice(0, MAX_EVENTS);
}

async function fetchIcs(url: string): Promise<string> {
  const parsed = new URL(url);
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw invalid('A calendar URL must start with http:// or https://', undefined, textOf('error.calendarUrlScheme'));
  const response = await fetch(parsed, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS), redirect: 'follow' });
  if (!response.ok) throw invalid(`The calendar URL answered ${response.status} ${response.statusText}`, undefined, textOf('error.calendarAnswered', { status: response.status }));
  const text = await response.text();
  if (text.length > MAX_ICS_BYTES) throw invalid('The calendar is larger than 5 MB', undefined, textOf('error.calendarTooLarge', { megabytes: MAX_ICS_BYTES / 1_000_000 }));
  return text;
}

async function storeEvents(ctx: ServerContext, userId: string, url: string | null | undefined, events: CalendarEvent[]): Promise<void> {
  await writeWithChanges(ctx, async (tx, changes) => {
    const user = await tx.getUser(userId);
    if (!user) throw notFound('user');
    if (url !== undefined) user.calendarUrl = url;
    const changed = JSON.stringify(user.calendarEvents) !== JSON.stringify(events);
    user.calendarEvents = events;
    user.calendarFetchedAt = ctx.now().toISOString();
    await tx.updateUser(user);
    if (changed) await changes.record(userId, 'calendar', ['calendarEvents']);
  });
}

/** Sets (or clears) the ICS URL; fetches it right away so a bad URL is reported now. */
export async function setCalendarUrl(ctx: ServerContext, userId: string, url: string | null): Promise<number> {
  const events = url === null ? [] : parseIcs(await fetchIcs(url), ctx.now());
  await storeEvents(ctx, userId, url, events);
  return events.length;
}

export async function uploadCalendar(ctx: ServerContext, userId: string, ics: string): Promise<number> {
  const events = parseIcs(ics, ctx.now());
  await storeEvents(ctx, userId, null, events);
  return events.length;
}

/** Re-fetches subscribed calendars every `calendarRefreshMinutes`; one failing feed never stops the others. */
export class CalendarRefresher {
  private timer: NodeJS.Timeout | null = null;
  private running = false;

  constructor(private readonly ctx: ServerContext) {}

  start(): void {
    const minutes = this.ctx.config.calendarRefreshMinutes;
    if (minutes <= 0) return;
    this.timer = setInterval(() => void this.refreshAll(), minutes * 60_000);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  async refreshAll(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      for (const user of await this.ctx.store.usersWithCalendarUrl()) {
        if (!user.calendarUrl) continue;
        try {
          await storeEvents(this.ctx, user.id, undefined, parseIcs(await fetchIcs(user.calendarUrl), this.ctx.now()));
        } catch (error) {
          this.ctx.log.warn(`Calendar of ${user.userName} could not be refreshed: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
    } finally {
      this.running = false;
    }
  }
}
