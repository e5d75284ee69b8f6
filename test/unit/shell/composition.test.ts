/**
 * The composition root with a mocked `electron`, the real client service and the real
 * electron-store adapters on a temporary user-data folder: does everything get wired?
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CHANNELS } from '../../../src/shared/ipc';
import type { ClientSnapshot } from '../../../src/shared/ipc';
import { settled } from './fixtures';
import { FakeBrowserWindow, FakeTray } from './fake-electron';

const electron = await vi.hoisted(async () => (await import('./fake-electron')).createElectronMock());
vi.mock('electron', () => ({ default: electron, ...electron }));

const userData = mkdtempSync(join(tmpdir(), 'shell-root-'));
const window = () => FakeBrowserWindow.created[0]!;
const ownPage = () => ({ sender: window().webContents, senderFrame: { url: 'app://softphone/index.html', parent: null } });
const snapshot = async () => {
  const reply = (await electron.ipcMain.handlers.get(CHANNELS.snapshot)!(ownPage())) as { ok: true; result: ClientSnapshot };
  return reply.result;
};

beforeAll(async () => {
  electron.app.getPath.mockReturnValue(userData);
  vi.stubEnv('SOFTPHONE_SERVER_URL', 'http://127.0.0.1:8787');
  vi.stubEnv('SOFTPHONE_PBX_URL', 'ws://127.0.0.1:5066');
  vi.stubEnv('SOFTPHONE_PREFILL_USER', 'alice');
  vi.stubEnv('XDG_CONFIG_HOME', userData);
  vi.spyOn(console, 'warn').mockImplementation(() => undefined);
  await import('../../../src/main/index');
  electron.app.becomeReady();
  for (let round = 0; round < 50 && !electron.app.setAsDefaultProtocolClient.mock.calls.length; round++) await settled();
  for (let round = 0; round < 20; round++) await settled();
});
afterAll(() => {
  vi.unstubAllEnvs();
  rmSync(userData, { recursive: true, force: true });
});

describe('composition root', () => {
  it('sandboxes every renderer and takes the single-instance lock before ready', () => {
    expect(electron.app.enableSandbox).toHaveBeenCalled();
    expect(electron.protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
    ]);
    expect(electron.app.requestSingleInstanceLock).toHaveBeenCalled();
  });

  it('creates one secure window on our page, with the permission handlers set', () => {
    expect(FakeBrowserWindow.created).toHaveLength(1);
    expect(window().options.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false });
    expect(String(window().options.webPreferences.preload)).toMatch(/preload[\\/]index\.cjs$/);
    expect(window().webContents.loadedUrl).toBe('app://softphone/index.html');
    expect(electron.session.defaultSession.permissionRequestHandler).not.toBeNull();
  });

  it('serves the page with a CSP naming the configured server and PBX', async () => {
    const handler = electron.protocol.handle.mock.calls[0]![1] as (request: { url: string }) => Promise<Response>;
    const response = await handler({ url: 'app://softphone/index.html' });
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("connect-src 'self' http://127.0.0.1:8787 ws://127.0.0.1:8787 ws://127.0.0.1:5066");
  });

  it('answers the page over IPC with the service state, sign-in prefilled', async () => {
    const state = await snapshot();
    expect(state.session).toMatchObject({ status: 'signedOut', remembered: { serverUrl: 'http://127.0.0.1:8787', userName: 'alice' } });
  });

  it('puts the app in the tray and registers the link schemes', () => {
    expect(FakeTray.created).toHaveLength(1);
    expect(FakeTray.created[0]!.toolTip).toBe('Softphone — Signed out');
    expect(electron.app.setAsDefaultProtocolClient.mock.calls.map((call) => (call as unknown[])[0])).toEqual(['tel', 'sip', 'callto']);
    expect(electron.Menu.setApplicationMenu).toHaveBeenCalled();
  });

  it('routes a second instance\'s link to calls.dial, and says why it could not call', async () => {
    window().hide();
    electron.app.events.emit('second-instance', {}, ['/opt/softphone', 'tel:+46-8-123%2045']);
    expect(window().visible).toBe(true);
    for (let round = 0; round < 5; round++) await settled();
    const notices = (await snapshot()).notices.map((notice) => notice.text);
    expect(notices.some((said) => said.key === 'notice.linkCallFailed' && said.params?.target === '+46812345')).toBe(true);
  });

  it('quits only after the service shut down, releasing the global shortcuts', async () => {
    expect([...electron.globalShortcut.registered.keys()]).toEqual(['CommandOrControl+Shift+A', 'CommandOrControl+Shift+H']);
    const event = { preventDefault: vi.fn() };
    electron.app.events.emit('before-quit');
    electron.app.events.emit('will-quit', event);
    expect(event.preventDefault).toHaveBeenCalled();
    for (let round = 0; round < 10 && !electron.app.quit.mock.calls.length; round++) await settled();
    expect(electron.app.quit).toHaveBeenCalled();
    expect(electron.globalShortcut.registered.size).toBe(0);
    // Once quitting, closing the window really closes it.
    const close = { preventDefault: vi.fn() };
    window().emit('close', close);
    expect(close.preventDefault).not.toHaveBeenCalled();
  });
});
