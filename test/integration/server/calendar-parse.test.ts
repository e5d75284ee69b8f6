/**
 * An ICS upload cannot stall the server (issue 12): expansion runs in a worker thread under a
 * budget and a time limit. Before, ~3.3 KiB of SECONDLY/MINUTELY rules blocked every request,
 * the PBX's route questions included, for about 16 s. The real server on SQLite.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UserSnapshot } from '../../../src/shared/model';
import { startTestServer, type TestServer } from '../../support/server';
import { hostileIcs, icsCalendar } from '../../support/ics';

const HOUR = 3_600_000;

describe('calendar parsing: bounded, off the event loop', () => {
  let server: TestServer;
  let alice: string;

  const upload = (ics: string): Promise<Response> =>
    server.api('/api/v1/me/calendar/ics', { method: 'PUT', token: alice, body: ics, headers: { 'content-type': 'text/calendar' } });
  const storedTitles = async (): Promise<string[]> =>
    ((await (await server.api('/api/v1/me/snapshot', { token: alice })).json()) as UserSnapshot).calendarEvents.map((e) => e.title);
  const kept = icsCalendar([{ uid: 'kept', summary: 'Kept', start: new Date(Date.now() - 60_000), end: new Date(Date.now() + HOUR) }]);

  beforeAll(async () => {
    // A small budget keeps the budget test quick on a busy machine; the time limit stays well above it.
    server = await startTestServer({ config: { calendarParseTimeoutMs: 4000, calendarMaxSteps: 10_000 } });
    alice = await server.signIn('alice');
    // Also starts the calendar worker, so the hostile calendar below is read at once.
    expect(await (await upload(kept)).json()).toEqual({ events: 1 });
  });
  afterAll(async () => {
    await server.stop();
  });

  it('answers the PBX while a hostile calendar is being read, then stops the reading at the time limit', async () => {
    let uploadSettled = false;
    const hostile = upload(hostileIcs()).finally(() => {
      uploadSettled = true;
    });
    await expect.poll(() => server.server.ctx.calendar.parser.busy, { timeout: 30_000, interval: 20 }).toBe(true);

    const route = await fetch(`${server.url}/pbx/v1/route?to=1002`, { headers: { 'x-pbx-secret': server.pbxSecret, accept: 'application/json' } });
    expect(route.status).toBe(200);
    expect(await route.json()).toHaveProperty('kind');
    // The PBX had its answer while the calendar was still being read.
    expect(uploadSettled).toBe(false);
    expect(server.server.ctx.calendar.parser.busy).toBe(true);

    const answer = await hostile;
    expect(answer.status).toBe(400);
    const body = (await answer.json()) as { message: string; text: unknown };
    expect(body.text).toEqual({ key: 'error.calendarParseTimeout', params: { seconds: 4 } });
    expect(await storedTitles()).toEqual(['Kept']);

    // A fresh worker reads the next calendar.
    const next = icsCalendar([{ uid: 'after', summary: 'After', start: new Date(Date.now() - 60_000), end: new Date(Date.now() + HOUR) }]);
    expect(await (await upload(next)).json()).toEqual({ events: 1 });
    expect(await storedTitles()).toEqual(['After']);
    expect(await (await upload(kept)).json()).toEqual({ events: 1 });
  });

  it('stops at the per-calendar budget with a clear answer and keeps the stored events', async () => {
    // Every minute from an hour ago: far more events in the window than a calendar may keep.
    const minutely = icsCalendar([{ uid: 'm', summary: 'Every minute', start: new Date(Date.now() - HOUR), end: new Date(Date.now() - HOUR + 30_000), rrule: 'FREQ=MINUTELY' }]);
    const tooMany = await upload(minutely);
    expect(tooMany.status).toBe(400);
    const tooManyBody = (await tooMany.json()) as { message: string; text: { key: string; params: { steps: number } } };
    expect(tooManyBody.text.key).toBe('error.calendarBudget');
    expect(tooManyBody.message).toMatch(/repeats too often.*nothing was changed/);
    expect(await storedTitles()).toEqual(['Kept']);

    // Every hour since 2000: the steps before the window alone exceed the budget (10,000 here).
    const hourly = icsCalendar([{ uid: 'h', summary: 'Every hour', start: new Date(Date.UTC(2000, 0, 1)), end: new Date(Date.UTC(2000, 0, 1, 0, 30)), rrule: 'FREQ=HOURLY' }]);
    const tooLong = await upload(hourly);
    expect(tooLong.status).toBe(400);
    expect(((await tooLong.json()) as { text: unknown }).text).toEqual({ key: 'error.calendarBudget', params: { steps: 10_000 } });
    expect(await storedTitles()).toEqual(['Kept']);
  });

  it('expands a long-running daily series into the window (not only its first occurrences)', async () => {
    const today = new Date();
    const start = new Date(Date.UTC(2015, 0, 1, today.getUTCHours(), today.getUTCMinutes()) - 10 * 60_000);
    const daily = icsCalendar([{ uid: 'standup', summary: 'Team meeting', start, end: new Date(start.getTime() + HOUR), rrule: 'FREQ=DAILY' }]);
    const answer = (await (await upload(daily)).json()) as { events: number };
    // One a day over the window (a day back, 35 ahead).
    expect(answer.events).toBeGreaterThanOrEqual(35);
    const effective = (await (await server.api('/api/v1/me/effective', { token: alice })).json()) as { profileName: string; reason: string };
    expect(effective).toMatchObject({ profileName: 'Meeting', reason: 'calendar' });
    expect(await (await upload(kept)).json()).toEqual({ events: 1 });
  });

  it('refuses an uploaded non-calendar without repeating it', async () => {
    const answer = await upload('BEGIN:VCALENDAR\r\nthis line leaks PRIVATE-UPLOAD-42\r\n');
    expect(answer.status).toBe(400);
    const raw = await answer.text();
    expect(JSON.parse(raw)).toMatchObject({ text: { key: 'error.calendarInvalid' } });
    expect(raw).not.toContain('PRIVATE-UPLOAD-42');
    expect(await storedTitles()).toEqual(['Kept']);
  });
});
