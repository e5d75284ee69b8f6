/**
 * The user's calendar in settings (issue 13): each action asks main, which forwards to the
 * profile server; the events themselves arrive in the pushed snapshot (the status bar follows
 * them by itself). Failures go to the caller's `onError`, said in the user's language.
 */
import type { CalendarStatus } from '../../../../shared/server-api';
import { invoke, type InvokeOptions } from './invoke';

export const calendarStatus = (): Promise<CalendarStatus | undefined> => invoke('calendar.status', null);

export async function subscribeCalendar(url: string, options: InvokeOptions): Promise<number | undefined> {
  return (await invoke('calendar.subscribe', { url }, options))?.events;
}

export async function uploadCalendar(ics: string, options: InvokeOptions): Promise<number | undefined> {
  return (await invoke('calendar.upload', { ics }, options))?.events;
}

export async function disconnectCalendar(options: InvokeOptions): Promise<boolean> {
  return (await invoke('calendar.disconnect', null, options)) !== undefined;
}
