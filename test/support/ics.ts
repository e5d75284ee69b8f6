/**
 * ICS text for calendar tests and benchmarks: plain calendars, and the hostile one of issue 12
 * (about 3.4 KiB of SECONDLY/MINUTELY rules whose BY-parts match once a day: every occurrence
 * costs ical.js tens of thousands of steps, and the series start in 1970).
 */

export interface IcsEvent {
  uid: string;
  summary: string;
  start: Date;
  end: Date;
  rrule?: string;
  description?: string;
}

export const icsTime = (date: Date): string => date.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');

export function icsCalendar(events: readonly IcsEvent[]): string {
  const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//test//EN'];
  for (const e of events) {
    lines.push('BEGIN:VEVENT', `UID:${e.uid}`, `DTSTAMP:${icsTime(new Date())}`, `DTSTART:${icsTime(e.start)}`, `DTEND:${icsTime(e.end)}`, `SUMMARY:${e.summary}`);
    if (e.rrule) lines.push(`RRULE:${e.rrule}`);
    if (e.description) lines.push(`DESCRIPTION:${e.description}`);
    lines.push('END:VEVENT');
  }
  lines.push('END:VCALENDAR');
  return lines.join('\r\n') + '\r\n';
}

const HOSTILE_RULES = [
  'FREQ=SECONDLY;BYHOUR=23;BYMINUTE=59;BYSECOND=59',
  'FREQ=MINUTELY;BYHOUR=22;BYMINUTE=58',
  'FREQ=SECONDLY;BYHOUR=3;BYMINUTE=33;BYSECOND=33',
  'FREQ=MINUTELY;BYHOUR=5;BYMINUTE=5',
];

/** The worst case: small, valid, and expensive to expand (~16 s on the event loop before issue 12). */
export function hostileIcs(): string {
  const start = new Date(Date.UTC(1970, 0, 1));
  const end = new Date(start.getTime() + 1000);
  const events: IcsEvent[] = [];
  for (let i = 0; i < 8; i++) {
    const rrule = HOSTILE_RULES[i % HOSTILE_RULES.length] as string;
    events.push({ uid: `hostile-${i}@example.test`, summary: `Meeting ${i} (recurring)`, start, end, rrule, description: `Daily check-in number ${i}; agenda follows in the invitation. `.repeat(3) });
  }
  return icsCalendar(events);
}
