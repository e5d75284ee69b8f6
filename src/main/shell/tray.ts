/**
 * The tray icon and its menu, rebuilt whenever the profiles, registration, connection, session
 * or settings slice changes. The app lives here when the window is closed.
 */
import { Menu, Tray, nativeImage } from 'electron';
import type { NativeImage } from 'electron';
import type { ClientSnapshot } from '../../shared/ipc';
import type { Dispatch } from './dispatch';
import type { ShellService } from './service';
import { buildTrayMenu, effectiveProfile, trayToolTip } from './tray-menu';
import { swatchPng, trayIconPng } from './tray-icon';
import { textOfError } from '../../shared/text';
import { phoneReadiness } from '../../shared/readiness';

/** The slices the tray shows (the profile server's link: "ready" needs it, as in the status bar). */
const TRAY_SLICES = new Set<string>(['profiles', 'registration', 'connection', 'session', 'settings']);

export interface TrayOptions {
  service: ShellService;
  dispatch: Dispatch;
  openWindow: () => void;
  quit: () => void;
}

export function createTray({ service, dispatch, openWindow, quit }: TrayOptions): { tray: Tray; dispose: () => void } {
  const tray = new Tray(trayImage(service.snapshot()));
  const swatches = new Map<string, NativeImage>();
  const swatch = (colour: string): NativeImage => {
    let image = swatches.get(colour);
    if (!image) {
      image = nativeImage.createFromBuffer(swatchPng(16, colour), { scaleFactor: 1 });
      swatches.set(colour, image);
    }
    return image;
  };

  const rebuild = (): void => {
    const snapshot = service.snapshot();
    const menu = buildTrayMenu(snapshot, {
      run: (name, args) => {
        void dispatch(name, args).then((reply) => {
          if (!reply.ok) service.notify('error', textOfError(reply.error));
        });
      },
      openWindow,
      quit,
      swatch,
    });
    tray.setContextMenu(Menu.buildFromTemplate(menu));
    tray.setImage(trayImage(snapshot));
    tray.setToolTip(trayToolTip(snapshot));
  };

  tray.on('click', openWindow);
  rebuild();
  const unsubscribe = service.subscribe((change) => {
    if (TRAY_SLICES.has(change.name)) rebuild();
  });
  return {
    tray,
    dispose: () => {
      unsubscribe();
      tray.destroy();
    },
  };
}

function trayImage(snapshot: ClientSnapshot): NativeImage {
  const signedIn = snapshot.session.status === 'signedIn';
  const colour = signedIn ? (effectiveProfile(snapshot.profiles)?.colour ?? null) : null;
  const status = signedIn ? phoneReadiness(snapshot.registration, snapshot.connection) : 'unregistered';
  const image = nativeImage.createFromBuffer(trayIconPng(16, colour, status), { scaleFactor: 1 });
  image.addRepresentation({ scaleFactor: 2, buffer: trayIconPng(32, colour, status) });
  return image;
}
