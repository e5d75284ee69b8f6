/**
 * Which profile is in effect at an instant, and when that next changes (DESIGN.md "Profiles").
 *
 * Decisions:
 * - Candidates are the manual choice (its profile still exists and `now < until`, or no `until`)
 *   and every (profile, calendar event) pair where the event is active (`start <= now < end`)
 *   and its title matches one of the profile's trigger words. `setAt` is informational: a choice
 *   stamped slightly in the future (clock skew between devices) still counts from now.
 * - A manual choice made to override the calendar (`overridesCalendar`, offered while a
 *   calendar profile outranks the user's choice) wins over every calendar event until it ends.
 * - Otherwise the lowest priority number wins. Ties: manual before calendar (the user's explicit act is
 *   the stronger signal), then the later-starting event (the newest thing on the calendar), then
 *   the profile's position in the list, then the earlier-ending event and the event id, so the
 *   answer never depends on input order.
 * - With no candidate the default applies: `defaultProfileId` if that profile exists, else the
 *   first profile of type 'available', else the first profile.
 * - `since`/`until` describe the winning reason's window (manual: setAt..until, calendar: the
 *   event's start..end). For the default, `since` is null (we do not reconstruct history) and
 *   `until` is the next change, so the UI can say "until 14:00".
 * - Events with unparsable instants or `end <= start` are ignored rather than thrown on: a bad
 *   calendar feed must never stop calls from being routed.
 * - The result is piecewise constant between boundaries (manual `until`, event starts and ends),
 *   so `nextProfileChange` evaluates only those instants; it is exact, not sampled.
 */
import type { Profile } from '../model/profile';
import type { CalendarEvent, ManualChoice, UserSnapshot } from '../model/state';
import { triggerMatcher } from './triggers';

export interface EffectiveProfileInput {
  profiles: Profile[];
  defaultProfileId: string | null;
  manualChoice: ManualChoice | null;
  calendarEvents: CalendarEvent[];
  now: Date;
}

/**
 * The rules' input from a user's snapshot at `now`. Events that ended can never matter again;
 * dropping them first keeps the rules' work proportional to what lies ahead, not to the
 * calendar's history.
 */
export function effectiveInputOf(
  snapshot: Pick<UserSnapshot, 'profiles' | 'defaultProfileId' | 'manualChoice' | 'calendarEvents'>,
  now: Date,
): EffectiveProfileInput {
  const nowMs = now.getTime();
  return {
    profiles: snapshot.profiles,
    defaultProfileId: snapshot.defaultProfileId,
    manualChoice: snapshot.manualChoice,
    calendarEvents: snapshot.calendarEvents.filter((event) => Date.parse(event.end) > nowMs),
    now,
  };
}

export interface EffectiveProfile {
  profile: Profile;
  reason: 'manual' | 'calendar' | 'default';
  since: string | null;
  until: string | null;
  event: CalendarEvent | null;
  /** The user's manual choice, still running but outranked by the calendar event in effect. */
  outranked?: Profile;
}

interface Candidate {
  profile: Profile;
  index: number;
  reason: 'manual' | 'calendar';
  /** A manual choice that beats the calendar whatever the priorities. */
  overrides: boolean;
  event: CalendarEvent | null;
  startMs: number;
  endMs: number;
}

interface ParsedEvent {
  event: CalendarEvent;
  startMs: number;
  endMs: number;
  /** Positions of the profiles whose trigger words the title matches (computed once). */
  profileIndexes: number[];
}

/**
 * Readable events that some profile reacts to, with their matching profiles, sorted by start.
 * Matching once here keeps the look-ahead in `nextProfileChange` cheap for long calendars.
 */
function parseEvents(input: EffectiveProfileInput): ParsedEvent[] {
  const profilesTriggeredBy = triggerMatcher(input.profiles.map((p) => p.triggerWords));
  const parsed: ParsedEvent[] = [];
  for (const event of input.calendarEvents) {
    const startMs = Date.parse(event.start);
    const endMs = Date.parse(event.end);
    if (!Number.isFinite(startMs) || !Number.isFinite(endMs) || endMs <= startMs) continue;
    const profileIndexes = profilesTriggeredBy(event.title);
    if (profileIndexes.length > 0) parsed.push({ event, startMs, endMs, profileIndexes });
  }
  return parsed.sort((a, b) => a.startMs - b.startMs);
}

const isActiveAt = (event: ParsedEvent, ms: number): boolean =>
  event.startMs <= ms && ms < event.endMs;

function manualUntilMs(choice: ManualChoice): number {
  if (choice.until === null) return Number.POSITIVE_INFINITY;
  const ms = Date.parse(choice.until);
  // An unreadable end is treated as "already over" so a corrupt choice cannot stick forever.
  return Number.isFinite(ms) ? ms : Number.NEGATIVE_INFINITY;
}

function compareCandidates(a: Candidate, b: Candidate): number {
  if (a.overrides !== b.overrides) return a.overrides ? -1 : 1;
  if (a.profile.priority !== b.profile.priority) return a.profile.priority - b.profile.priority;
  if (a.reason !== b.reason) return a.reason === 'manual' ? -1 : 1;
  if (a.startMs !== b.startMs) return b.startMs - a.startMs;
  if (a.index !== b.index) return a.index - b.index;
  if (a.endMs !== b.endMs) return a.endMs - b.endMs;
  const aId = a.event?.id ?? '';
  const bId = b.event?.id ?? '';
  return aId < bId ? -1 : aId > bId ? 1 : 0;
}

/** Candidates at `nowMs`; `active` are the events active at that instant. */
function candidatesAt(
  input: EffectiveProfileInput,
  active: readonly ParsedEvent[],
  nowMs: number,
): Candidate[] {
  const candidates: Candidate[] = [];
  const { manualChoice } = input;
  if (manualChoice !== null) {
    const index = input.profiles.findIndex((p) => p.id === manualChoice.profileId);
    const untilMs = manualUntilMs(manualChoice);
    const profile = input.profiles[index];
    if (profile !== undefined && nowMs < untilMs) {
      const setAtMs = Date.parse(manualChoice.setAt);
      candidates.push({
        profile,
        index,
        reason: 'manual',
        overrides: manualChoice.overridesCalendar === true,
        event: null,
        startMs: Number.isFinite(setAtMs) ? setAtMs : nowMs,
        endMs: untilMs,
      });
    }
  }
  for (const { event, startMs, endMs, profileIndexes } of active) {
    for (const index of profileIndexes) {
      const profile = input.profiles[index];
      if (profile !== undefined)
        candidates.push({ profile, index, reason: 'calendar', overrides: false, event, startMs, endMs });
    }
  }
  return candidates;
}

function defaultProfile(
  profiles: readonly Profile[],
  defaultProfileId: string | null,
): Profile | null {
  return (
    profiles.find((p) => p.id === defaultProfileId) ??
    profiles.find((p) => p.type === 'available') ??
    profiles[0] ??
    null
  );
}

/** The winner at `nowMs`, without the default's `until` (which needs a look ahead). */
function resolveAt(
  input: EffectiveProfileInput,
  active: readonly ParsedEvent[],
  nowMs: number,
): EffectiveProfile | null {
  const candidates = candidatesAt(input, active, nowMs).sort(compareCandidates);
  const [winner] = candidates;
  if (winner !== undefined) {
    if (winner.reason === 'manual' && input.manualChoice !== null) {
      return {
        profile: winner.profile,
        reason: 'manual',
        since: input.manualChoice.setAt,
        until: input.manualChoice.until,
        event: null,
      };
    }
    if (winner.event !== null) {
      const outranked = candidates.find((c) => c.reason === 'manual')?.profile;
      return {
        profile: winner.profile,
        reason: 'calendar',
        since: winner.event.start,
        until: winner.event.end,
        event: winner.event,
        ...(outranked === undefined || outranked.id === winner.profile.id ? {} : { outranked }),
      };
    }
  }
  const fallback = defaultProfile(input.profiles, input.defaultProfileId);
  if (fallback === null) return null;
  return { profile: fallback, reason: 'default', since: null, until: null, event: null };
}

function boundariesAfter(
  input: EffectiveProfileInput,
  events: readonly ParsedEvent[],
  nowMs: number,
): number[] {
  const instants = new Set<number>();
  if (input.manualChoice !== null) {
    const untilMs = manualUntilMs(input.manualChoice);
    if (Number.isFinite(untilMs) && untilMs > nowMs) instants.add(untilMs);
  }
  for (const { startMs, endMs } of events) {
    if (startMs > nowMs) instants.add(startMs);
    if (endMs > nowMs) instants.add(endMs);
  }
  return [...instants].sort((a, b) => a - b);
}

/**
 * Sweeps the boundaries after `nowMs` in order, keeping the set of active events up to date
 * (events are sorted by start), so each step costs the few events active at that instant
 * rather than the whole calendar.
 */
function nextChangeMs(
  input: EffectiveProfileInput,
  events: readonly ParsedEvent[],
  nowMs: number,
): number | null {
  let active = events.filter((e) => isActiveAt(e, nowMs));
  const current = resolveAt(input, active, nowMs);
  if (current === null) return null;
  let nextToStart = events.findIndex((e) => e.startMs > nowMs);
  if (nextToStart === -1) nextToStart = events.length;
  for (const instant of boundariesAfter(input, events, nowMs)) {
    for (
      let e = events[nextToStart];
      e !== undefined && e.startMs <= instant;
      e = events[++nextToStart]
    ) {
      active.push(e);
    }
    active = active.filter((e) => e.endMs > instant);
    const then = resolveAt(input, active, instant);
    if (then === null || then.profile.id !== current.profile.id || then.reason !== current.reason) {
      return instant;
    }
  }
  return null;
}

export function profileInEffect(input: EffectiveProfileInput): EffectiveProfile | null {
  const events = parseEvents(input);
  const nowMs = input.now.getTime();
  const result = resolveAt(
    input,
    events.filter((e) => isActiveAt(e, nowMs)),
    nowMs,
  );
  if (result === null || result.reason !== 'default') return result;
  const next = nextChangeMs(input, events, nowMs);
  return { ...result, until: next === null ? null : new Date(next).toISOString() };
}

export function nextProfileChange(input: EffectiveProfileInput): Date | null {
  const next = nextChangeMs(input, parseEvents(input), input.now.getTime());
  return next === null ? null : new Date(next);
}

/**
 * The manual choice made when the user switches to `profile` at `now`: it ends at the explicit
 * end if one is given, else after the profile's standard length, else never (until changed).
 * An explicit end that is not after `now` is a caller bug (the UI offers only future ends).
 */
export function manualChoiceFor(
  profile: Profile,
  now: Date,
  explicitUntil?: Date | null,
): ManualChoice {
  let until: Date | null = null;
  if (explicitUntil != null) {
    if (explicitUntil.getTime() <= now.getTime()) {
      throw new RangeError(
        `The end of a manual profile choice must be after now (${now.toISOString()}), got ${explicitUntil.toISOString()}`,
      );
    }
    until = explicitUntil;
  } else if (profile.standardLengthMinutes !== null) {
    until = new Date(now.getTime() + profile.standardLengthMinutes * 60_000);
  }
  return {
    profileId: profile.id,
    setAt: now.toISOString(),
    until: until === null ? null : until.toISOString(),
  };
}
