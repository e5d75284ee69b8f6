/**
 * The application menu. On macOS it is where Quit lives (and Edit, without which copy and
 * paste do not work in text fields); elsewhere the window hides its menu bar. Its own words are
 * in the user's language (the roles' menus are named by the system), rebuilt when it changes.
 */
import { Menu } from 'electron';
import type { MenuItemConstructorOptions } from 'electron';
import { format } from '../../shared/i18n';
import type { Language } from '../../shared/model';
import type { ShellService } from './service';
import { userLanguage } from './tray-menu';

interface AppMenuOptions {
  openWindow: () => void;
  quit: () => void;
  dev: boolean;
}

export function appMenuTemplate(language: Language, options: AppMenuOptions): MenuItemConstructorOptions[] {
  return [
    ...(process.platform === 'darwin' ? [{ role: 'appMenu' as const }] : []),
    {
      label: format(language, 'appMenu.file'),
      submenu: [
        { label: format(language, 'tray.open'), click: options.openWindow },
        { type: 'separator' },
        { label: format(language, 'tray.quit'), accelerator: 'CommandOrControl+Q', click: options.quit },
      ],
    },
    { role: 'editMenu' },
    ...(options.dev ? [{ label: format(language, 'appMenu.develop'), submenu: [{ role: 'reload' as const }, { role: 'toggleDevTools' as const }] }] : []),
    { role: 'windowMenu' },
  ];
}

/** Installs the menu, and again whenever the language the window shows changes. */
export function installAppMenu(options: AppMenuOptions & { service: ShellService }): () => void {
  let shown: Language | null = null;
  const install = (): void => {
    const language = userLanguage(options.service.snapshot());
    if (language === shown) return;
    shown = language;
    Menu.setApplicationMenu(Menu.buildFromTemplate(appMenuTemplate(language, options)));
  };
  install();
  return options.service.subscribe((change) => {
    if (change.name === 'settings' || change.name === 'session') install();
  });
}
