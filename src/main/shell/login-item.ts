/**
 * "Start at login". macOS and Windows have an OS API (app.setLoginItemSettings); Linux
 * desktops follow the XDG autostart convention: a .desktop file in ~/.config/autostart.
 */
import { app } from 'electron';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

export function applyStartAtLogin(enabled: boolean, platform: NodeJS.Platform = process.platform): void {
  if (platform !== 'linux') {
    app.setLoginItemSettings({ openAtLogin: enabled });
    return;
  }
  const file = autostartFile();
  if (!enabled) {
    if (existsSync(file)) rmSync(file);
    return;
  }
  mkdirSync(join(file, '..'), { recursive: true });
  writeFileSync(file, autostartEntry(launchCommand()), { mode: 0o644 });
}

export function autostartFile(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'autostart', 'profile-softphone.desktop');
}

/** The command line that starts this app again; unpackaged runs need the app folder too. */
function launchCommand(): string[] {
  return process.defaultApp && process.argv[1] ? [process.execPath, resolve(process.argv[1])] : [process.execPath];
}

export function autostartEntry(command: readonly string[]): string {
  // Desktop-entry Exec quoting: wrap each argument in quotes, escape \ " ` $ inside.
  const exec = command.map((part) => `"${part.replace(/([\\"`$])/g, '\\$1')}"`).join(' ');
  return ['[Desktop Entry]', 'Type=Application', 'Name=Softphone', `Exec=${exec}`, 'X-GNOME-Autostart-enabled=true', ''].join('\n');
}
