/**
 * The tray menu as a template, computed from the state slices. Every click runs the same
 * contract command the window would, through the same dispatcher.
 */
import type { MenuItemConstructorOptions, NativeImage } from 'electron';
import type { ClientSnapshot, CommandArgs, CommandName, ProfilesState, RegistrationState } from '../../shared/ipc';

export interface TrayMenuActions {
  run<N extends CommandName>(name: N, args: CommandArgs<N>): void;
  openWindow(): void;
  quit(): void;
  /** The profile's colour as a small menu icon. */
  swatch(colour: string): NativeImage;
}

const REGISTRATION_TEXT: Record<RegistrationState['status'], string> = {
  registered: 'Phone registered',
  registering: 'Registering…',
  failed: 'Not registered',
  unregistered: 'Phone offline',
};

export function trayStatusText(snapshot: Pick<ClientSnapshot, 'session' | 'registration' | 'profiles'>): string {
  if (snapshot.session.status !== 'signedIn') return 'Signed out';
  const profile = effectiveProfile(snapshot.profiles);
  const registration = REGISTRATION_TEXT[snapshot.registration.status];
  return profile ? `${profile.name} · ${registration}` : registration;
}

export function effectiveProfile(profiles: ProfilesState | null): ProfilesState['profiles'][number] | null {
  const id = profiles?.effective?.profileId;
  return profiles?.profiles.find((profile) => profile.id === id) ?? null;
}

export function buildTrayMenu(snapshot: ClientSnapshot, actions: TrayMenuActions): MenuItemConstructorOptions[] {
  const items: MenuItemConstructorOptions[] = [{ label: trayStatusText(snapshot), enabled: false }];
  const profiles = snapshot.session.status === 'signedIn' ? snapshot.profiles : null;
  if (profiles) {
    items.push({ type: 'separator' }, ...profileItems(profiles, actions));
    if (profiles.queues.length > 0) items.push({ label: 'Queues', submenu: queueItems(profiles, actions) });
    items.push({ label: 'Caller ID', submenu: callerIdItems(profiles, actions) });
  }
  items.push(
    { type: 'separator' },
    { label: 'Open Softphone', click: () => actions.openWindow() },
    { label: 'Quit Softphone', click: () => actions.quit() },
  );
  return items;
}

function profileItems(profiles: ProfilesState, actions: TrayMenuActions): MenuItemConstructorOptions[] {
  const effective = profiles.effective;
  return profiles.profiles.map((profile) => {
    const inEffect = effective?.profileId === profile.id;
    const why = inEffect && effective?.reason === 'calendar' ? ` (calendar: ${effective.eventTitle ?? 'event'})` : '';
    return {
      id: `profile:${profile.id}`,
      label: `${profile.name}${why}`,
      type: 'radio',
      checked: inEffect,
      icon: actions.swatch(profile.colour),
      click: () => actions.run('profiles.switch', { profileId: profile.id }),
    };
  });
}

function queueItems(profiles: ProfilesState, actions: TrayMenuActions): MenuItemConstructorOptions[] {
  const allActive = profiles.queues.every((queue) => queue.status === 'active');
  return [
    {
      id: 'queues:all',
      label: 'Active in all queues',
      type: 'checkbox',
      checked: allActive,
      click: () => actions.run('queues.setStatus', { queueIds: 'all', status: allActive ? 'paused' : 'active' }),
    },
    { type: 'separator' },
    ...profiles.queues.map<MenuItemConstructorOptions>((queue) => ({
      id: `queue:${queue.id}`,
      label: `${queue.name} (${queue.number})`,
      type: 'checkbox',
      checked: queue.status === 'active',
      click: () =>
        actions.run('queues.setStatus', { queueIds: [queue.id], status: queue.status === 'active' ? 'paused' : 'active' }),
    })),
  ];
}

function callerIdItems(profiles: ProfilesState, actions: TrayMenuActions): MenuItemConstructorOptions[] {
  const current = profiles.callerId.current;
  return [
    ...profiles.callerId.options.map<MenuItemConstructorOptions>((option) => ({
      id: `callerId:${option.number}`,
      label: `${option.label} (${option.number})`,
      type: 'radio',
      checked: current.kind === 'number' && current.number === option.number,
      click: () => actions.run('callerId.choose', { number: option.number }),
    })),
    {
      id: 'callerId:hidden',
      label: 'Hidden number',
      type: 'radio',
      checked: current.kind === 'hidden',
      click: () => actions.run('callerId.choose', { number: null }),
    },
  ];
}
