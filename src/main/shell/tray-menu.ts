/**
 * The tray menu as a template, computed from the state slices. Every click runs the same
 * contract command the window would, through the same dispatcher. Its words come from the
 * shared catalog in the user's language, as the window's do.
 */
import type { MenuItemConstructorOptions, NativeImage } from 'electron';
import type { ClientSnapshot, CommandArgs, CommandName, ProfilesState } from '../../shared/ipc';
import { format, formatText } from '../../shared/i18n';
import { callerIdLabel } from '../../shared/callerIdLabel';
import { formatForDisplay } from '../../shared/phone';
import type { Language } from '../../shared/model';
import { phoneReadiness, readinessKey } from '../../shared/readiness';
import { shownProfileName } from '../../shared/builtInNames';

export interface TrayMenuActions {
  run<N extends CommandName>(name: N, args: CommandArgs<N>): void;
  openWindow(): void;
  quit(): void;
  /** The profile's colour as a small menu icon. */
  swatch(colour: string): NativeImage;
}

/** The language the window shows: the setting, else the account's, else English. */
export function userLanguage(snapshot: Pick<ClientSnapshot, 'session' | 'settings'>): Language {
  return snapshot.settings.language ?? snapshot.session.account?.language ?? 'en';
}

type TraySnapshot = Pick<ClientSnapshot, 'session' | 'registration' | 'connection' | 'profiles' | 'settings'>;

/** The status line: the profile in effect and whether calls can work, in the status bar's words. */
function trayStatusText(snapshot: TraySnapshot): string {
  const language = userLanguage(snapshot);
  if (snapshot.session.status !== 'signedIn') return format(language, 'tray.signedOut');
  const profile = effectiveProfile(snapshot.profiles);
  const registration = format(language, readinessKey(phoneReadiness(snapshot.registration, snapshot.connection)));
  return profile ? format(language, 'tray.status', { profile: shownProfileName(profile.name, language), registration }) : registration;
}

export function trayToolTip(snapshot: TraySnapshot): string {
  return format(userLanguage(snapshot), 'tray.tooltip', { status: trayStatusText(snapshot) });
}

export function effectiveProfile(profiles: ProfilesState | null): ProfilesState['profiles'][number] | null {
  const id = profiles?.effective?.profileId;
  return profiles?.profiles.find((profile) => profile.id === id) ?? null;
}

export function buildTrayMenu(snapshot: ClientSnapshot, actions: TrayMenuActions): MenuItemConstructorOptions[] {
  const language = userLanguage(snapshot);
  const items: MenuItemConstructorOptions[] = [{ label: trayStatusText(snapshot), enabled: false }];
  const profiles = snapshot.session.status === 'signedIn' ? snapshot.profiles : null;
  if (profiles) {
    items.push({ type: 'separator' }, ...profileItems(profiles, actions, language));
    if (profiles.queues.length > 0)
      items.push({ label: format(language, 'tray.queues'), submenu: queueItems(profiles, actions, language) });
    items.push({ label: format(language, 'tray.callerId'), submenu: callerIdItems(profiles, actions, language, snapshot.session.account?.companyName ?? null, snapshot.settings.countryCode) });
  }
  items.push(
    { type: 'separator' },
    { label: format(language, 'tray.open'), click: () => actions.openWindow() },
    { label: format(language, 'tray.quit'), click: () => actions.quit() },
  );
  return items;
}

function profileItems(profiles: ProfilesState, actions: TrayMenuActions, language: Language): MenuItemConstructorOptions[] {
  const effective = profiles.effective;
  return profiles.profiles.map((profile) => {
    const inEffect = effective?.profileId === profile.id;
    const label =
      inEffect && effective?.reason === 'calendar'
        ? format(language, 'tray.profileCalendar', {
            name: shownProfileName(profile.name, language),
            title: effective.eventTitle ?? format(language, 'tray.calendarEvent'),
          })
        : shownProfileName(profile.name, language);
    return {
      id: `profile:${profile.id}`,
      label,
      type: 'radio',
      checked: inEffect,
      icon: actions.swatch(profile.colour),
      click: () => actions.run('profiles.switch', { profileId: profile.id }),
    };
  });
}

function queueItems(profiles: ProfilesState, actions: TrayMenuActions, language: Language): MenuItemConstructorOptions[] {
  const allActive = profiles.queues.every((queue) => queue.status === 'active');
  return [
    {
      id: 'queues:all',
      label: format(language, 'tray.queues.all'),
      type: 'checkbox',
      checked: allActive,
      click: () => actions.run('queues.setStatus', { queueIds: 'all', status: allActive ? 'paused' : 'active' }),
    },
    { type: 'separator' },
    ...profiles.queues.map<MenuItemConstructorOptions>((queue) => ({
      id: `queue:${queue.id}`,
      label: format(language, 'tray.queue', { name: queue.name, number: queue.number }),
      type: 'checkbox',
      checked: queue.status === 'active',
      click: () =>
        actions.run('queues.setStatus', { queueIds: [queue.id], status: queue.status === 'active' ? 'paused' : 'active' }),
    })),
  ];
}

function callerIdItems(
  profiles: ProfilesState,
  actions: TrayMenuActions,
  language: Language,
  companyName: string | null,
  country: string,
): MenuItemConstructorOptions[] {
  const current = profiles.callerId.current;
  return [
    ...profiles.callerId.options.map<MenuItemConstructorOptions>((option) => ({
      id: `callerId:${option.number}`,
      label: format(language, 'tray.callerId.option', { label: formatText(language, callerIdLabel(option, companyName)), number: formatForDisplay(option.number, country) }),
      type: 'radio',
      checked: current.kind === 'number' && current.number === option.number,
      click: () => actions.run('callerId.choose', { number: option.number }),
    })),
    {
      id: 'callerId:hidden',
      label: format(language, 'tray.callerId.hidden'),
      type: 'radio',
      checked: current.kind === 'hidden',
      click: () => actions.run('callerId.choose', { number: null }),
    },
  ];
}
