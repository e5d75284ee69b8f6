/**
 * ICS text → the events overlapping a window (recurrences expanded), under a budget: at most
 * `maxSteps` recurrence steps and `maxEvents` events per calendar, then it stops and says so.
 * Runs inside the calendar worker (ics-worker.ts): a single ical.js step can itself take very
 * long (a SECONDLY rule whose BY-parts rarely or never match), which only the worker's time
 * limit can end. Its results never carry the calendar's text back (no parser messages).
 */
import ICAL from 'ical.js';
import type { CalendarEvent } from '../../shared/model';

export interface ExpandLimits {
  /** Epoch milliseconds the window is measured from. */
  now: number;
  windowPastMs: number;
  windowFutureMs: number;
  /** Recurrence steps (plus one per single event) over the whole calendar. */
  maxSteps: number;
  /** Events kept in the window over the whole calendar. */
  maxEvents: number;
}

export type ExpandResult =
  | { ok: true; events: CalendarEvent[] }
  | { ok: false; reason: 'invalid' }
  /** The budget ran out: `steps` recurrence steps taken, `events` in the window so far. */
  | { ok: false; reason: 'budget'; steps: number; events: number };

class BudgetReached extends Error {}

export function expandIcs(text: string, limits: ExpandLimits): ExpandResult {
  let root: ICAL.Component;
  // Time zones a calendar defines are its own: one calendar's "Europe/Stockholm" must not shift
  // the next calendar's times in the same worker.
  ICAL.TimezoneService.reset();
  try {
    root = new ICAL.Component(ICAL.parse(text) as unknown[]);
    for (const tz of root.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(new ICAL.Timezone(tz));
  } catch {
    return { ok: false, reason: 'invalid' };
  }
  const windowStart = limits.now - limits.windowPastMs;
  const windowEnd = limits.now + limits.windowFutureMs;
  const out: CalendarEvent[] = [];
  let steps = 0;
  const step = (): void => {
    steps += 1;
    if (steps > limits.maxSteps) throw new BudgetReached();
  };
  const add = (uid: string, title: string, start: Date, end: Date): void => {
    if (end.getTime() < windowStart || start.getTime() > windowEnd || end <= start) return;
    if (out.length >= limits.maxEvents) throw new BudgetReached();
    out.push({ id: `${uid}@${start.toISOString()}`.slice(0, 200), title: title.slice(0, 500), start: start.toISOString(), end: end.toISOString() });
  };
  try {
    const masters = new Map<string, ICAL.Event>();
    const exceptions: ICAL.Event[] = [];
    for (const vevent of root.getAllSubcomponents('vevent')) {
      step();
      const event = new ICAL.Event(vevent);
      if (event.isRecurrenceException()) exceptions.push(event);
      else masters.set(event.uid, event);
    }
    for (const exception of exceptions) masters.get(exception.uid)?.relateException(exception);
    for (const event of masters.values()) {
      const uid = event.uid || 'event';
      if (!event.isRecurring()) {
        add(uid, event.summary ?? '', event.startDate.toJSDate(), event.endDate.toJSDate());
        continue;
      }
      const iterator = event.iterator();
      for (;;) {
        step();
        const next = iterator.next();
        if (!next || next.toJSDate().getTime() > windowEnd) break;
        const details = event.getOccurrenceDetails(next);
        add(uid, details.item.summary ?? '', details.startDate.toJSDate(), details.endDate.toJSDate());
      }
    }
  } catch (error) {
    if (error instanceof BudgetReached) return { ok: false, reason: 'budget', steps: Math.min(steps, limits.maxSteps), events: out.length };
    return { ok: false, reason: 'invalid' };
  }
  out.sort((a, b) => a.start.localeCompare(b.start) || a.id.localeCompare(b.id));
  return { ok: true, events: out };
}
