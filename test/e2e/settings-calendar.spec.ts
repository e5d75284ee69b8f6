/**
 * Issue 13, the calendar in settings: a file that is no calendar is refused in words; an ICS
 * file with a meeting starting seconds later lists the coming switch, and the status bar
 * switches to Meeting when it starts; disconnecting switches back.
 */
import { icsCalendar } from '../support/ics';
import { test, expect, screenshot } from './softphoneFixtures';

// Many steps through the screens, on shared machines that can be slow (not a speed assertion).
test.setTimeout(240_000);

test('bob connects a calendar file in settings; the profile switches to Meeting at the event’s start', async ({ client }) => {
  const bob = await client('bob');
  const page = bob.page;
  const effective = page.getByRole('banner', { name: 'Status' }).getByTestId('effective-profile');
  await expect(effective).toHaveText('Available');

  await page.getByRole('tab', { name: 'Settings' }).click();
  const calendar = page.getByRole('region', { name: 'Calendar' });
  await expect(calendar).toContainText('No calendar is connected.');
  const file = calendar.locator('input[type=file]');

  // Not a calendar: said in words, nothing connected.
  await file.setInputFiles({ name: 'notes.ics', mimeType: 'text/calendar', buffer: Buffer.from('these are my notes, not a calendar') });
  await expect(calendar.getByRole('alert')).toHaveText('The calendar is not valid iCalendar data');
  await expect(calendar).toContainText('No calendar is connected.');

  // A meeting a few seconds from now (ICS times have whole seconds), and an event that switches nothing.
  const start = new Date(Math.ceil((Date.now() + 8_000) / 1000) * 1000);
  const ics = icsCalendar([
    { uid: 'standup', summary: 'Team meeting', start, end: new Date(start.getTime() + 10 * 60_000) },
    { uid: 'dentist', summary: 'Dentist', start: new Date(start.getTime() + 3_600_000), end: new Date(start.getTime() + 2 * 3_600_000) },
  ]);
  await file.setInputFiles({ name: 'bob.ics', mimeType: 'text/calendar', buffer: Buffer.from(ics) });
  await expect(calendar.getByRole('status')).toHaveText('Calendar connected: 2 events read.');
  await expect(calendar).toContainText('A calendar file is connected.');
  await expect(calendar).toContainText(/Last read .* \(2 events\)\./);
  const switches = calendar.getByRole('list', { name: 'Coming profile switches' });
  await expect(switches.getByRole('listitem')).toHaveCount(1);
  await expect(switches.getByRole('listitem')).toContainText('“Team meeting” switches to Meeting');
  await screenshot(calendar, 'settings-calendar');
  await page.setViewportSize({ width: 420, height: 720 });
  await calendar.scrollIntoViewIfNeeded();
  await screenshot(page, 'settings-calendar-420');
  await page.setViewportSize({ width: 1280, height: 800 });

  // At the meeting's start, the client's own timer switches the profile (no server round trip).
  await expect(effective).toHaveText('Meeting', { timeout: 30_000 });
  expect(Date.now()).toBeGreaterThanOrEqual(start.getTime());
  await expect(page.getByRole('banner', { name: 'Status' })).toContainText('From your calendar: Team meeting');
  await screenshot(page.getByRole('banner', { name: 'Status' }), 'status-calendar-meeting');

  await calendar.getByRole('button', { name: 'Disconnect calendar' }).click();
  await expect(calendar.getByRole('status')).toHaveText('Calendar disconnected.');
  await expect(calendar).toContainText('No calendar is connected.');
  await expect(effective).toHaveText('Available');
});
