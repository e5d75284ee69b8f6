/**
 * Calendar sources: an ICS URL fetched periodically, or an uploaded ICS file. Events (recurring
 * ones expanded over a window) feed the trigger words of the profile-in-effect rule.
 *
 * Both are untrusted input. A URL is fetched by calendar/safe-fetch.ts (public addresses only,
 * also after redirects, size cap while streaming, one deadline). The text is expanded in a
 * worker thread (calendar/ics-parser.ts) under a budget and a time limit, so a hostile calendar
 * never stalls the server. A calendar that fails in any way leaves the stored events as they were.
 */
import type { CalendarEvent } from '../../shared/model';
import { calendarSwitches } from '../../shared/rules/calendar-switches';
import type { CalendarStatus } from '../../shared/server-api';
import { toProfile } from './snapshot';
import type { ServerConfig } from '../config';
import { CalendarFetchError, fetchCalendar, systemResolver, type Resolver } from '../calendar/safe-fetch';
import { IcsParser } from '../calendar/ics-parser';
import type { ServerContext } from './context';
import { writeWithChanges } from './changes';
import { ApiError, invalid, notFound } from './errors';
import { text as textOf } from '../../shared/text';

const WINDOW_PAST_MS = 24 * 3_600_000;
const WINDOW_FUTURE_MS = 35 * 24 * 3_600_000;
/** Events kept per calendar (with `calendarMaxSteps`, the expansion budget). */
const MAX_EVENTS = 2000;
const MAX_REDIRECTS = 5;
/** Calendars waiting for the worker; more are refused with "try again". */
const MAX_QUEUE = 32;

/** The calendar machinery of one server: its worker and how host names resolve. */
export interface CalendarRuntime {
  parser: IcsParser;
  resolve: Resolver;
}

/** `resolve` replaces DNS in tests (a host name that resolves to a private address). */
export function calendarRuntime(config: ServerConfig, resolve: Resolver = systemResolver): CalendarRuntime {
  if (config.calendarAllowLoopback && process.env.NODE_ENV === 'production') {
    throw new Error('calendarAllowLoopback is for development and tests; it is refused with NODE_ENV=production');
  }
  return { parser: new IcsParser({ timeoutMs: config.calendarParseTimeoutMs, maxQueue: MAX_QUEUE }), resolve };
}

/** Expands ICS text in the worker into the window's events, or throws the ApiError that says why not. */
async function parseIcs(ctx: ServerContext, ics: string): Promise<CalendarEvent[]> {
  const now = ctx.now().getTime();
  const outcome = await ctx.calendar.parser.parse(ics, { now, windowPastMs: WINDOW_PAST_MS, windowFutureMs: WINDOW_FUTURE_MS, maxSteps: ctx.config.calendarMaxSteps, maxEvents: MAX_EVENTS });
  if (outcome.ok) return outcome.events;
  switch (outcome.reason) {
    case 'invalid':
      // No parser detail: it quotes the calendar's own lines.
      throw invalid('The calendar is not valid iCalendar data', undefined, textOf('error.calendarInvalid'));
    case 'budget':
      throw invalid(
        `The calendar repeats too often: expansion stopped after ${outcome.steps} recurrence steps (${outcome.events} events kept at most ${MAX_EVENTS}); nothing was changed`,
        { steps: outcome.steps, events: outcome.events, maxSteps: ctx.config.calendarMaxSteps, maxEvents: MAX_EVENTS },
        textOf('error.calendarBudget', { steps: outcome.steps }),
      );
    case 'timeout': {
      const seconds = ctx.config.calendarParseTimeoutMs / 1000;
      throw invalid(`Reading the calendar took longer than ${seconds} s and was stopped; nothing was changed`, undefined, textOf('error.calendarParseTimeout', { seconds }));
    }
    case 'busy':
      throw new ApiError(429, 'throttled', 'The server is reading many calendars; try again in a minute', undefined, { 'retry-after': '60' }, textOf('error.calendarBusy'));
    default:
      throw new Error(`The calendar worker could not read the calendar (${outcome.reason})`);
  }
}

async function fetchIcs(ctx: ServerContext, url: string): Promise<string> {
  const { config } = ctx;
  try {
    return await fetchCalendar(url, {
      allowLoopback: config.calendarAllowLoopback,
      maxBytes: config.calendarMaxBytes,
      timeoutMs: config.calendarFetchTimeoutMs,
      maxRedirects: MAX_REDIRECTS,
      resolve: ctx.calendar.resolve,
    });
  } catch (error) {
    if (error instanceof CalendarFetchError) {
      throw invalid(error.message, undefined, textOf(error.key, Object.keys(error.params).length > 0 ? error.params : undefined));
    }
    throw error;
  }
}

/** Stores a calendar's events (`url` undefined: a refresh keeps the URL; `connected` false: disconnected, no sync time). */
async function storeEvents(ctx: ServerContext, userId: string, url: string | null | undefined, events: CalendarEvent[], connected = true): Promise<void> {
  await writeWithChanges(ctx, async (tx, changes) => {
    const user = await tx.getUser(userId);
    if (!user) throw notFound('user');
    if (url !== undefined) user.calendarUrl = url;
    const changed = JSON.stringify(user.calendarEvents) !== JSON.stringify(events);
    user.calendarEvents = events;
    user.calendarFetchedAt = connected ? ctx.now().toISOString() : null;
    user.calendarError = null;
    await tx.updateUser(user);
    if (changed) await changes.record(userId, 'calendar', ['calendarEvents']);
  });
}

/** Keeps why a scheduled refresh failed, for the settings screen (the events stay as they were). */
async function storeRefreshError(ctx: ServerContext, userId: string, error: unknown): Promise<void> {
  const said = error instanceof ApiError && error.text ? error.text : textOf('calendar.refreshFailed');
  await ctx.store.write(async (tx) => {
    const user = await tx.getUser(userId);
    if (!user?.calendarUrl) return;
    user.calendarError = { at: ctx.now().toISOString(), text: said };
    await tx.updateUser(user);
  });
}

/** Sets (or clears: disconnects a URL or a file) the ICS URL; fetches it right away so a bad URL is reported now. */
export async function setCalendarUrl(ctx: ServerContext, userId: string, url: string | null): Promise<number> {
  const events = url === null ? [] : await parseIcs(ctx, await fetchIcs(ctx, url));
  await storeEvents(ctx, userId, url, events, url !== null);
  return events.length;
}

/** How many upcoming switches the settings screen lists. */
const SWITCHES_SHOWN = 10;

/** The connected calendar in the user's words: source, last sync, last refresh failure, next switches. */
export async function calendarStatus(ctx: ServerContext, userId: string): Promise<CalendarStatus> {
  const user = await ctx.store.getUser(userId);
  if (!user) throw notFound('user');
  const profiles = (await ctx.store.listProfiles(userId)).map(toProfile);
  return {
    source: user.calendarUrl ? 'url' : user.calendarFetchedAt ? 'file' : 'none',
    url: user.calendarUrl,
    syncedAt: user.calendarFetchedAt,
    events: user.calendarEvents.length,
    error: user.calendarUrl ? (user.calendarError ?? null) : null,
    switches: calendarSwitches(profiles, user.calendarEvents, ctx.now()).slice(0, SWITCHES_SHOWN),
  };
}

export async function uploadCalendar(ctx: ServerContext, userId: string, ics: string): Promise<number> {
  if (Buffer.byteLength(ics) > ctx.config.calendarMaxBytes) {
    throw invalid(`The calendar is larger than ${ctx.config.calendarMaxBytes} bytes`, undefined, textOf('error.calendarTooLarge', { megabytes: ctx.config.calendarMaxBytes / 1_000_000 }));
  }
  const events = await parseIcs(ctx, ics);
  await storeEvents(ctx, userId, null, events);
  return events.length;
}

/**
 * Re-fetches subscribed calendars every `calendarRefreshMinutes`; one failing feed never stops
 * the others. With several instances on one database only one of them fetches at a time.
 */
export class CalendarRefresher {
  private timer: NodeJS.Timeout | null = null;
  private running = false;

  constructor(private readonly ctx: ServerContext) {}

  start(): void {
    const minutes = this.ctx.config.calendarRefreshMinutes;
    if (minutes <= 0) return;
    // Every instance has this timer; of their rounds in one period only the first runs.
    this.timer = setInterval(() => void this.refreshAll({ skipIfRanWithinMs: (minutes * 60_000) / 2 }), minutes * 60_000);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** A round now (the timer's skips when another instance ran one within `skipIfRanWithinMs`). */
  async refreshAll(options: { skipIfRanWithinMs?: number } = {}): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      // One instance at a time (issue 15): another instance on the same database already
      // fetching every calendar makes this round a no-op here.
      await this.ctx.store.runExclusive(
        'calendar-refresh',
        async () => {
          for (const user of await this.ctx.store.usersWithCalendarUrl()) {
            if (!user.calendarUrl) continue;
            try {
              await storeEvents(this.ctx, user.id, undefined, await parseIcs(this.ctx, await fetchIcs(this.ctx, user.calendarUrl)));
            } catch (error) {
              await storeRefreshError(this.ctx, user.id, error).catch(() => undefined);
              this.ctx.log.warn(`Calendar of ${user.userName} could not be refreshed: ${error instanceof Error ? error.message : String(error)}`);
            }
          }
        },
        options,
      );
    } finally {
      this.running = false;
    }
  }
}
