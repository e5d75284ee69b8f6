import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { FakeBrowserWindow} from './fake-electron';
import { FakeSession } from './fake-electron';

const electron = await vi.hoisted(async () => (await import('./fake-electron')).createElectronMock());
vi.mock('electron', () => ({ default: electron, ...electron }));

const { createMainWindow } = await import('../../../src/main/shell/window');
const { restrictPermissions } = await import('../../../src/main/shell/permissions');
const { buildCsp, networkOrigin } = await import('../../../src/main/shell/csp');
const { isOwnPage, pageLocation } = await import('../../../src/main/shell/origin');
const { resolveRequest, serveRenderer } = await import('../../../src/main/shell/protocol');

vi.spyOn(console, 'warn').mockImplementation(() => undefined);
const production = pageLocation(undefined, true);
let quitting = false;

function makeWindow(startHidden = false) {
  return createMainWindow({
    preloadPath: '/app/out/preload/index.cjs',
    location: production,
    startHidden,
    isQuitting: () => quitting,
    csp: () => "default-src 'none'",
  }) as unknown as FakeBrowserWindow;
}

beforeEach(() => {
  quitting = false;
  electron.shell.openExternal.mockClear();
});

describe('window security options', () => {
  it('isolates, sandboxes and disables Node in the page', () => {
    const window = makeWindow();
    expect(window.options.webPreferences).toMatchObject({
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      sandbox: true,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      preload: '/app/out/preload/index.cjs',
    });
    expect(window.webContents.loadedUrl).toBe('app://softphone/index.html');
  });

  it('denies every navigation, redirect and webview', () => {
    const contents = makeWindow().webContents;
    for (const event of ['will-navigate', 'will-redirect', 'will-attach-webview']) {
      const preventDefault = vi.fn();
      contents.emit(event, { preventDefault }, 'https://evil.example/');
      expect(preventDefault, event).toHaveBeenCalled();
    }
  });

  it('denies every new window and opens only http(s) and mailto links outside', () => {
    const contents = makeWindow().webContents;
    const urls = ['https://example.com/help', 'http://example.com/', 'mailto:help@example.com', 'file:///etc/passwd', 'javascript:alert(1)', 'smb://host/share', 'app://softphone/index.html'];
    for (const url of urls) expect(contents.windowOpenHandler!({ url })).toEqual({ action: 'deny' });
    expect(electron.shell.openExternal.mock.calls.map((call) => (call as unknown[])[0])).toEqual([
      'https://example.com/help',
      'http://example.com/',
      'mailto:help@example.com',
    ]);
  });

  it('hides to the tray on close until the user quits', () => {
    const window = makeWindow();
    window.emit('ready-to-show');
    expect(window.visible).toBe(true);
    const closeWhileRunning = { preventDefault: vi.fn() };
    window.emit('close', closeWhileRunning);
    expect(closeWhileRunning.preventDefault).toHaveBeenCalled();
    expect(window.visible).toBe(false);
    quitting = true;
    const closeOnQuit = { preventDefault: vi.fn() };
    window.emit('close', closeOnQuit);
    expect(closeOnQuit.preventDefault).not.toHaveBeenCalled();
  });

  it('reloads a crashed page a few times, but not while quitting', () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const window = makeWindow();
    for (let crash = 0; crash < 5; crash++) window.webContents.emit('render-process-gone', {}, { reason: 'crashed' });
    expect(window.webContents.reloads).toBe(3);
    const other = makeWindow();
    quitting = true;
    other.webContents.emit('render-process-gone', {}, { reason: 'killed' });
    expect(other.webContents.reloads).toBe(0);
  });

  it('starts minimised to the tray when asked', () => {
    const window = makeWindow(true);
    window.emit('ready-to-show');
    expect(window.visible).toBe(false);
  });
});

describe('permissions', () => {
  const session = new FakeSession();
  restrictPermissions(session as never, (url) => isOwnPage(production, url));
  const request = (permission: string, details: Record<string, unknown>) => {
    let answer: boolean | undefined;
    session.permissionRequestHandler!(null, permission, (granted: boolean) => (answer = granted), details);
    return answer;
  };
  const own = { requestingUrl: 'app://softphone/index.html', isMainFrame: true };

  it('allows the microphone for our own page', () => {
    expect(request('media', { ...own, mediaTypes: ['audio'] })).toBe(true);
  });

  it('denies camera, screen, other permissions and other pages', () => {
    expect(request('media', { ...own, mediaTypes: ['video'] })).toBe(false);
    expect(request('media', { ...own, mediaTypes: ['audio', 'video'] })).toBe(false);
    expect(request('media', { ...own, mediaTypes: [] })).toBe(false);
    expect(request('media', { ...own, mediaTypes: ['audio'], isMainFrame: false })).toBe(false);
    expect(request('media', { requestingUrl: 'https://evil.example/', isMainFrame: true, mediaTypes: ['audio'] })).toBe(false);
    for (const permission of ['notifications', 'geolocation', 'display-capture', 'clipboard-read', 'openExternal', 'midi', 'fullscreen']) {
      expect(request(permission, own), permission).toBe(false);
    }
  });

  it('answers permission checks for audio on our origin only', () => {
    const check = session.permissionCheckHandler!;
    expect(check(null, 'media', 'app://softphone', { mediaType: 'audio', isMainFrame: true })).toBe(true);
    expect(check(null, 'media', 'app://softphone', { mediaType: 'video', isMainFrame: true })).toBe(false);
    expect(check(null, 'media', 'https://evil.example', { mediaType: 'audio', isMainFrame: true })).toBe(false);
    expect(check(null, 'media', 'app://softphone', { mediaType: 'audio', embeddingOrigin: 'https://evil.example' })).toBe(false);
    expect(check(null, 'notifications', 'app://softphone', { isMainFrame: true })).toBe(false);
    expect(session.devicePermissionHandler!({ deviceType: 'usb' })).toBe(false);
  });
});

describe('content security policy', () => {
  it('names the profile server and the PBX explicitly, and nothing else', () => {
    const csp = buildCsp({ serverUrl: 'https://profiles.example.com/api', pbxUrl: 'wss://pbx.example.com:8443/ws' }, { dev: false });
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self';");
    expect(csp).toContain("connect-src 'self' https://profiles.example.com wss://profiles.example.com wss://pbx.example.com:8443;");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toContain('unsafe-eval');
  });

  it('leaves out addresses that are not http(s)/ws(s), or plain text off loopback', () => {
    expect(networkOrigin("https://x.example'; script-src *", ['https:'])).toBeNull();
    expect(networkOrigin('javascript:alert(1)', ['https:', 'http:'])).toBeNull();
    expect(networkOrigin('http://profiles.example.com', ['https:', 'http:'])).toBeNull();
    expect(networkOrigin('http://127.0.0.1:8787', ['https:', 'http:'])).toBe('http://127.0.0.1:8787');
    expect(networkOrigin('ws://127.0.0.1:5066', ['wss:', 'ws:'])).toBe('ws://127.0.0.1:5066');
    const csp = buildCsp({ serverUrl: null, pbxUrl: 'https://not-a-websocket.example' }, { dev: false });
    expect(csp).toContain("connect-src 'self';");
  });

  it('loosens scripts only for the loopback dev server', () => {
    const dev = pageLocation('http://localhost:5173/', false);
    expect(dev).toMatchObject({ dev: true, origins: ['http://localhost:5173'] });
    expect(pageLocation('http://evil.example:5173/', false).dev).toBe(false);
    expect(pageLocation('http://localhost:5173/', true).dev).toBe(false);
    const csp = buildCsp({ serverUrl: null, pbxUrl: null }, { dev: true, devOrigin: 'http://localhost:5173' });
    expect(csp).toContain("script-src 'self' 'unsafe-inline' http://localhost:5173");
  });
});

describe('app:// protocol', () => {
  const root = mkdtempSync(join(tmpdir(), 'shell-renderer-'));
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>x</title>');
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('maps requests inside the renderer folder only', () => {
    expect(resolveRequest(root, 'app://softphone/')).toBe(join(root, 'index.html'));
    expect(resolveRequest(root, 'app://softphone/assets/index.js')).toBe(join(root, 'assets/index.js'));
    expect(resolveRequest(root, 'app://softphone/../../etc/passwd')).toBe(join(root, 'etc/passwd'));
    // The URL parser folds ../ and %2e%2e/ at the root; an encoded slash is caught after decoding.
    expect(resolveRequest(root, 'app://softphone/%2e%2e/%2e%2e/etc/passwd')).toBe(join(root, 'etc/passwd'));
    expect(resolveRequest(root, 'app://softphone/..%2f..%2fetc%2fpasswd')).toBeNull();
    expect(resolveRequest(root, 'app://softphone/a%00b')).toBeNull();
    expect(resolveRequest(root, 'app://other/index.html')).toBeNull();
    expect(resolveRequest(root, 'https://softphone/index.html')).toBeNull();
  });

  it('serves files with the CSP header, and 404 for the rest', async () => {
    serveRenderer(root, () => "default-src 'none'");
    const handler = electron.protocol.handle.mock.calls.at(-1)![1] as (request: { url: string }) => Promise<Response>;
    const page = await handler({ url: 'app://softphone/index.html' });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toBe("default-src 'none'");
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect((await handler({ url: 'app://softphone/missing.js' })).status).toBe(404);
    expect((await handler({ url: 'app://softphone/..%2f..%2fsecret' })).status).toBe(404);
  });
});
