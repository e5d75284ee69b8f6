import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const electron = await vi.hoisted(async () => (await import('./fake-electron')).createElectronMock());
vi.mock('electron', () => ({ default: electron, ...electron }));

const { applyStartAtLogin, autostartEntry, autostartFile } = await import('../../../src/main/shell/login-item');

describe('start at login', () => {
  let config: string;
  const previous = process.env.XDG_CONFIG_HOME;
  beforeEach(() => {
    config = mkdtempSync(join(tmpdir(), 'shell-autostart-'));
    process.env.XDG_CONFIG_HOME = config;
  });
  afterEach(() => {
    if (previous === undefined) delete process.env.XDG_CONFIG_HOME;
    else process.env.XDG_CONFIG_HOME = previous;
    rmSync(config, { recursive: true, force: true });
  });

  it('writes and removes an XDG autostart entry on Linux', () => {
    applyStartAtLogin(true, 'linux');
    const file = autostartFile();
    expect(file).toBe(join(config, 'autostart', 'profile-softphone.desktop'));
    expect(readFileSync(file, 'utf8')).toMatch(/^\[Desktop Entry\]\nType=Application\nName=Softphone\nExec="/);
    applyStartAtLogin(false, 'linux');
    expect(existsSync(file)).toBe(false);
    expect(electron.app.setLoginItemSettings).not.toHaveBeenCalled();
  });

  it('quotes the command line for the desktop entry', () => {
    expect(autostartEntry(['/opt/Soft Phone/softphone', 'a"b$c'])).toContain('Exec="/opt/Soft Phone/softphone" "a\\"b\\$c"');
  });

  it('uses the OS login items on macOS and Windows', () => {
    applyStartAtLogin(true, 'darwin');
    applyStartAtLogin(false, 'win32');
    expect(electron.app.setLoginItemSettings.mock.calls).toEqual([[{ openAtLogin: true }], [{ openAtLogin: false }]]);
  });
});
