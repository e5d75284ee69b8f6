/**
 * The application menu. On macOS it is where Quit lives (and Edit, without which copy and
 * paste do not work in text fields); elsewhere the window hides its menu bar.
 */
import { Menu } from 'electron';
import type { MenuItemConstructorOptions } from 'electron';

export function installAppMenu(options: { openWindow: () => void; quit: () => void; dev: boolean }): void {
  const template: MenuItemConstructorOptions[] = [
    ...(process.platform === 'darwin' ? [{ role: 'appMenu' as const }] : []),
    {
      label: 'File',
      submenu: [
        { label: 'Open Softphone', click: options.openWindow },
        { type: 'separator' },
        { label: 'Quit Softphone', accelerator: 'CommandOrControl+Q', click: options.quit },
      ],
    },
    { role: 'editMenu' },
    ...(options.dev ? [{ label: 'Develop', submenu: [{ role: 'reload' as const }, { role: 'toggleDevTools' as const }] }] : []),
    { role: 'windowMenu' },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
