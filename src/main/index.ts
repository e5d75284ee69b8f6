/**
 * The Electron composition root: the only place that knows every piece. It wires the
 * client service (src/main/client, no Electron) to its Electron adapters (electron-store,
 * safeStorage), the media bridge to the window's renderer, and the shell around them
 * (window, IPC, tray, notifications, shortcuts, links). Each piece lives in src/main/shell.
 */
import { app, powerMonitor, session } from 'electron';
import type { BrowserWindow } from 'electron';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ClientService } from './client/clientService';
import { composeClient } from './client/compose';
import {
  bridgedMediaFactory,
  createMediaPort,
  followDeviceChoice,
  noticeSink,
  reportMediaProblems,
} from './media';
import { createElectronMediaTransport } from './shell/electronTransport';
import { installAppMenu } from './shell/app-menu';
import { keepAwakeDuringCalls } from './shell/call-activity';
import { readShellConfig } from './shell/config';
import type { ShellConfig } from './shell/config';
import { buildCsp } from './shell/csp';
import { createDispatcher } from './shell/dispatch';
import { registerIpc } from './shell/ipc';
import { askBeforeDialling, createLinkRouter, registerAsCallLinkHandler } from './shell/link-routing';
import { applyStartAtLogin } from './shell/login-item';
import { announceIncomingCalls } from './shell/notifications';
import { isOwnPage, pageLocation } from './shell/origin';
import { restrictPermissions } from './shell/permissions';
import { registerAppScheme, serveRenderer } from './shell/protocol';
import { SafeStorageSecrets } from './shell/secrets';
import type { ShellService, SliceChange } from './shell/service';
import { registerCallShortcuts } from './shell/shortcuts';
import { ElectronStorePersistence } from './shell/store';
import { createTray } from './shell/tray';
import { plainText, text, type Text } from '../shared/text';
import { createMainWindow, showAndFocus } from './shell/window';
import { useShellLogger } from './shell/log';
import { openLogFile } from './logging/fileLogger';
import { logLevelFrom } from './logging/logger';

const here = fileURLToPath(new URL('.', import.meta.url));
/** How long a media request may take before the call fails with a proper SIP response. */
const MEDIA_TIMEOUT_MS = 8_000;
/** How long quitting waits for the service to unregister and flush. */
const SHUTDOWN_GRACE_MS = 4_000;

// Must happen before `ready`: the renderer's scheme, the sandbox for every renderer.
registerAppScheme();
app.enableSandbox();

// The app's log: redacted lines in <user data>/logs, rotated; SOFTPHONE_LOG_LEVEL sets the level.
const logLevel = logLevelFrom(process.env);
const log = openLogFile({ dir: join(app.getPath('userData'), 'logs'), level: logLevel.level });
useShellLogger(log);
if (logLevel.problem) log.warn(logLevel.problem);

const links = createLinkRouter();
let quitting = false;

if (!app.requestSingleInstanceLock()) {
  // Another instance runs; it receives our argv (and any call link) in 'second-instance'.
  app.quit();
} else {
  let window: BrowserWindow | null = null;
  app.on('second-instance', (_event, argv) => {
    showAndFocus(window);
    links.handleArgv(argv);
  });
  // macOS hands links over this way, possibly before `ready`.
  app.on('open-url', (event, url) => {
    event.preventDefault();
    links.handleLink(url);
  });
  app.on('before-quit', () => {
    quitting = true;
  });
  // The window only hides; the app keeps running in the tray until Quit.
  app.on('window-all-closed', () => undefined);
  links.handleArgv(process.argv);

  app
    .whenReady()
    .then(() => start((created) => (window = created)))
    .catch((error: unknown) => {
      log.error('The softphone could not start:', error);
      void log.close().finally(() => app.exit(1));
    });
}

async function start(setWindow: (window: BrowserWindow) => void): Promise<void> {
  const userData = app.getPath('userData');
  const location = pageLocation(process.env.ELECTRON_RENDERER_URL, app.isPackaged);
  const { config, problems: configProblems } = readShellConfig(process.env);

  // Notices raised before the service exists are held and shown once it does.
  const early: Array<[kind: 'warning' | 'error', notice: Text]> = configProblems.map(
    (message) => ['warning', plainText(message)],
  );
  let service: ShellService | null = null;
  const report = (message: string): void => {
    if (service) service.notify('warning', plainText(message));
    else early.push(['warning', plainText(message)]);
  };

  const persistence = new ElectronStorePersistence({ cwd: userData });
  const secrets = new SafeStorageSecrets({ cwd: userData, report });
  const settings = await persistence.peek('settings');
  await prefillSignIn(persistence, config);

  const csp = (): string =>
    buildCsp(cspAddresses(service, config), { dev: location.dev, devOrigin: location.origins[0] });
  serveRenderer(join(here, '../renderer'), csp);
  restrictPermissions(session.defaultSession, (url) => isOwnPage(location, url));

  const window = createMainWindow({
    preloadPath: join(here, '../preload/index.cjs'),
    location,
    startHidden: settings.startMinimised,
    isQuitting: () => quitting,
    csp,
  });
  setWindow(window);
  const raiseWindow = (): void => showAndFocus(window);

  const mediaTransport = createElectronMediaTransport(window.webContents, log);
  const mediaPort = createMediaPort(mediaTransport, {
    timeoutMs: MEDIA_TIMEOUT_MS,
    logger: log,
  });
  // Without SOFTPHONE_PBX_URL the PBX address comes from the profile server (`GET /me/sip`);
  // if neither names one, the registration slice says calls are off.
  const client = composeClient({
    dataDir: userData,
    persistence,
    secretPort: secrets,
    // A call whose renderer media died is hung up with a notice, not left up in silence.
    mediaFactory: bridgedMediaFactory(mediaPort, {
      onMediaLost: (session, reason) => void client.mediaLost(session, reason),
    }),
    pbxUrl: config.pbxUrl,
    trustedCa: config.trustedCa,
    logger: log,
    sipLogger: log,
  });
  service = asShellService(client);
  reportMediaProblems(mediaPort, noticeSink(client, (message) => log.warn(message)));
  followDeviceChoice(
    mediaPort,
    {
      devices: () => client.current().settings,
      onSettingsChange: (listener) =>
        client.subscribe((change) => change.name === 'settings' && listener()),
    },
    (listener) => mediaTransport.onOpen(listener),
    (message) => client.notify('warning', message),
  );
  for (const [kind, message] of early.splice(0)) service.notify(kind, message);

  const dispatch = createDispatcher(service);
  registerIpc({
    dispatch,
    service,
    contents: () => window.webContents,
    isOwnPage: (url) => isOwnPage(location, url),
  });
  const openWindow = raiseWindow;
  const quit = (): void => app.quit();
  createTray({ service, dispatch, openWindow, quit });
  installAppMenu({ openWindow, quit, dev: location.dev, service });
  // Released before quitting: shortcuts are system-wide, notifications outlive the process.
  const releaseOnQuit = [
    announceIncomingCalls({ service, dispatch, raiseWindow }),
    registerCallShortcuts(service, dispatch),
    keepAwakeDuringCalls(service, () => window),
  ];
  followStartAtLogin(service, settings.startAtLogin);
  registerAsCallLinkHandler();
  wakeOnResume(client);
  shutDownOnQuit(client, releaseOnQuit);

  await client.start();
  links.connect({ dispatch, service, raiseWindow, confirm: askBeforeDialling(service, () => window) });
}

/** The client service seen through the shell's narrow interface. */
function asShellService(client: ClientService): ShellService {
  return {
    execute: (name, args) => client.execute(name, args),
    snapshot: () => client.current(),
    subscribe: (listener) => client.subscribe((change) => listener(change as SliceChange)),
    notify: (kind, message) => client.notify(kind, message),
  };
}

/** `npm start` names a demo user: prefill the sign-in screen unless something is remembered. */
async function prefillSignIn(
  persistence: ElectronStorePersistence,
  config: ShellConfig,
): Promise<void> {
  if (!config.serverUrl || !config.prefillUser) return;
  if ((await persistence.peek('remembered')) || (await persistence.peek('account'))) return;
  await persistence.save({
    remembered: { serverUrl: config.serverUrl, userName: config.prefillUser },
  });
}

function cspAddresses(
  service: ShellService | null,
  config: ShellConfig,
): { serverUrl: string | null; pbxUrl: string | null } {
  const session = service?.snapshot().session;
  return {
    serverUrl: session?.account?.serverUrl ?? session?.remembered?.serverUrl ?? config.serverUrl,
    pbxUrl: config.pbxUrl,
  };
}

function followStartAtLogin(service: ShellService, initial: boolean): void {
  let applied = initial;
  const apply = (enabled: boolean): void => {
    try {
      applyStartAtLogin(enabled);
      applied = enabled;
    } catch (error) {
      service.notify(
        'error',
        text('notice.startAtLoginFailed', { reason: error instanceof Error ? error.message : String(error) }),
      );
    }
  };
  apply(initial);
  service.subscribe((change) => {
    if (change.name === 'settings' && change.payload.startAtLogin !== applied)
      apply(change.payload.startAtLogin);
  });
}

/** After sleep the clock jumped and the sockets are stale: re-evaluate and reconnect at once. */
function wakeOnResume(client: ClientService): void {
  powerMonitor.on('resume', () => client.wake());
  powerMonitor.on('unlock-screen', () => client.wake());
}

/** Quit waits (bounded) for the service to unregister and flush, without signing out. */
function shutDownOnQuit(client: ClientService, release: ReadonlyArray<() => void>): void {
  let done = false;
  app.on('will-quit', (event) => {
    if (done) return;
    event.preventDefault();
    for (const dispose of release) dispose();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const bound = new Promise<void>((resolve) => (timer = setTimeout(resolve, SHUTDOWN_GRACE_MS)));
    void Promise.race([client.shutdown(), bound])
      .catch((error: unknown) => log.error('Shutdown failed:', error))
      .finally(() => {
        clearTimeout(timer);
        done = true;
        void log.close().finally(() => app.quit());
      });
  });
}
