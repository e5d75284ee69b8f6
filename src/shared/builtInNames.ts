/**
 * The built-in templates' profiles are stored with English names ("Available", "Meeting"); they
 * are shown in the user's language (issue 14) wherever a profile in effect is named: the status
 * bar, the profile picker, the directory and the tray. A name the admin or user chose is shown
 * as it is; the editors show the stored name.
 */
import { format, type MessageKey } from './i18n';
import type { Language } from './model';

const BUILT_IN: Readonly<Record<string, MessageKey>> = {
  Available: 'builtIn.profile.available',
  Away: 'builtIn.profile.away',
  'Business trip': 'builtIn.profile.businessTrip',
  Holiday: 'builtIn.profile.holiday',
  'In queue': 'builtIn.profile.inQueue',
  Lunch: 'builtIn.profile.lunch',
  Meeting: 'builtIn.profile.meeting',
  'Off work': 'builtIn.profile.offWork',
  'Out of office': 'builtIn.profile.outOfOffice',
  Sick: 'builtIn.profile.sick',
  'Wrap-up': 'builtIn.profile.wrapUp',
};

/** The profile's name as the user reads it: a built-in name in their language, any other as stored. */
export function shownProfileName(name: string, language: Language): string {
  const key = Object.hasOwn(BUILT_IN, name) ? BUILT_IN[name] : undefined;
  return key ? format(language, key) : name;
}
