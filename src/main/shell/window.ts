/**
 * The one window factory. Every security option is set here, explicitly, even where it is
 * Electron's default, so a reader (and a test) can see the whole baseline in one place.
 */
import { BrowserWindow, shell } from 'electron';
import type { WebPreferences } from 'electron';
import { isOwnPage, safeUrl } from './origin';
import type { PageLocation } from './origin';
import { shellLog } from './log';

export interface MainWindowOptions {
  preloadPath: string;
  location: PageLocation;
  /** Start minimised to the tray (setting `startMinimised`). */
  startHidden: boolean;
  /** True once the user chose Quit; until then closing the window only hides it. */
  isQuitting: () => boolean;
  /** The dev server's CSP header is added by a webRequest hook (app:// responses carry it). */
  csp: () => string;
}

const SECURE_WEB_PREFERENCES = {
  contextIsolation: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  sandbox: true,
  webSecurity: true,
  allowRunningInsecureContent: false,
  experimentalFeatures: false,
  webviewTag: false,
  navigateOnDragDrop: false,
  safeDialogs: true,
  spellcheck: false,
} as const satisfies WebPreferences;

const EXTERNAL_SCHEMES = new Set(['http:', 'https:', 'mailto:']);

export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const window = new BrowserWindow({
    width: 440,
    height: 760,
    minWidth: 360,
    minHeight: 560,
    show: false,
    title: 'Softphone',
    autoHideMenuBar: true,
    webPreferences: { ...SECURE_WEB_PREFERENCES, preload: options.preloadPath },
  });
  const contents = window.webContents;

  // The page is a single-page app: it never navigates, and it never opens windows.
  contents.on('will-navigate', (event, url) => {
    event.preventDefault();
    shellLog.warn(`Blocked navigation to ${url.slice(0, 200)}`);
  });
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    openExternalLink(url);
    return { action: 'deny' };
  });

  reloadAfterCrash(window, options.isQuitting);
  contents.on('did-fail-load', (_event, code, description, url) => {
    shellLog.error(`The window could not load ${url}: ${description} (${code})`);
  });

  if (options.location.dev) addCspHeaderForDevServer(window, options.location, options.csp);

  window.once('ready-to-show', () => {
    if (!options.startHidden) window.show();
  });
  window.on('close', (event) => {
    if (options.isQuitting()) return;
    // The phone keeps running in the tray; Quit lives in the tray and app menus.
    event.preventDefault();
    window.hide();
  });

  void contents.loadURL(options.location.entryUrl);
  return window;
}

/** Opens http(s) and mailto links in the user's browser/mail app; everything else is dropped. */
function openExternalLink(url: string): boolean {
  const parsed = safeUrl(url);
  if (!parsed || !EXTERNAL_SCHEMES.has(parsed.protocol)) {
    shellLog.warn(`Refused to open ${url.slice(0, 200)}: only http(s) and mailto links open outside the app`);
    return false;
  }
  shell.openExternal(parsed.href).catch((error: unknown) => {
    shellLog.warn(`Could not open ${parsed.href}: ${error instanceof Error ? error.message : String(error)}`);
  });
  return true;
}

export function showAndFocus(window: BrowserWindow | null): void {
  if (!window || window.isDestroyed()) return;
  if (window.isMinimized()) window.restore();
  window.show();
  window.focus();
}

/** A crashed page is reloaded (calls in it are lost; the SIP side ends them), a few times at most. */
const MAX_CRASH_RELOADS = 3;
function reloadAfterCrash(window: BrowserWindow, isQuitting: () => boolean): void {
  let reloads = 0;
  window.webContents.on('render-process-gone', (_event, details) => {
    if (isQuitting() || details.reason === 'clean-exit') return;
    shellLog.error(`The window's page is gone (${details.reason})`);
    if (reloads >= MAX_CRASH_RELOADS) return;
    reloads++;
    window.webContents.reload();
  });
}

function addCspHeaderForDevServer(window: BrowserWindow, location: PageLocation, csp: () => string): void {
  window.webContents.session.webRequest.onHeadersReceived((details, callback) => {
    if (!isOwnPage(location, details.url)) return callback({});
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [csp()] } });
  });
}
