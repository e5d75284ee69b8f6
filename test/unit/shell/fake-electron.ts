/**
 * A stand-in for the `electron` module: records what the shell asks of it, and lets tests play
 * the OS and the page (IPC senders, menu clicks, notification actions, permission requests).
 * Tests use it with `vi.mock('electron', ...)` (see any *.test.ts in this folder).
 */
import { vi } from 'vitest';

type Listener = (...args: unknown[]) => void;

class Emitter {
  readonly listeners = new Map<string, Listener[]>();
  on(event: string, listener: Listener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }
  once(event: string, listener: Listener): this {
    return this.on(event, listener);
  }
  emit(event: string, ...args: unknown[]): void {
    for (const listener of this.listeners.get(event) ?? []) listener(...args);
  }
}

export class FakeSession {
  permissionRequestHandler: Listener | null = null;
  permissionCheckHandler: ((...args: unknown[]) => boolean) | null = null;
  devicePermissionHandler: ((...args: unknown[]) => boolean) | null = null;
  headersReceived: Listener | null = null;
  setPermissionRequestHandler = (handler: Listener) => (this.permissionRequestHandler = handler);
  setPermissionCheckHandler = (handler: (...args: unknown[]) => boolean) => (this.permissionCheckHandler = handler);
  setDevicePermissionHandler = (handler: (...args: unknown[]) => boolean) => (this.devicePermissionHandler = handler);
  webRequest = { onHeadersReceived: (handler: Listener) => (this.headersReceived = handler) };
}

export class FakeWebContents extends Emitter {
  destroyed = false;
  readonly sent: unknown[][] = [];
  readonly session = new FakeSession();
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
  loadedUrl: string | null = null;
  backgroundThrottling = true;
  mainFrame = { url: 'app://softphone/index.html', parent: null };
  send = (...args: unknown[]) => this.sent.push(args);
  isDestroyed = () => this.destroyed;
  setWindowOpenHandler = (handler: (details: { url: string }) => { action: string }) => (this.windowOpenHandler = handler);
  loadURL = async (url: string) => {
    this.loadedUrl = url;
  };
  setBackgroundThrottling = (allowed: boolean) => (this.backgroundThrottling = allowed);
  reloads = 0;
  reload = () => this.reloads++;
}

export class FakeBrowserWindow extends Emitter {
  static created: FakeBrowserWindow[] = [];
  readonly webContents = new FakeWebContents();
  visible = false;
  focused = false;
  destroyed = false;
  constructor(readonly options: { webPreferences: Record<string, unknown> } & Record<string, unknown>) {
    super();
    FakeBrowserWindow.created.push(this);
  }
  show = () => (this.visible = true);
  hide = () => (this.visible = false);
  focus = () => (this.focused = true);
  isMinimized = () => false;
  restore = () => undefined;
  isDestroyed = () => this.destroyed;
}

export class FakeTray extends Emitter {
  static created: FakeTray[] = [];
  menu: { template: MenuTemplateItem[] } | null = null;
  image: unknown;
  toolTip = '';
  destroyed = false;
  constructor(image: unknown) {
    super();
    this.image = image;
    FakeTray.created.push(this);
  }
  setContextMenu = (menu: { template: MenuTemplateItem[] }) => (this.menu = menu);
  setImage = (image: unknown) => (this.image = image);
  setToolTip = (text: string) => (this.toolTip = text);
  destroy = () => (this.destroyed = true);
}

export interface MenuTemplateItem {
  id?: string;
  label?: string;
  type?: string;
  checked?: boolean;
  enabled?: boolean;
  click?: () => void;
  submenu?: MenuTemplateItem[];
}

export class FakeNotification extends Emitter {
  static created: FakeNotification[] = [];
  static isSupported = () => true;
  shown = false;
  closed = false;
  constructor(readonly options: Record<string, unknown>) {
    super();
    FakeNotification.created.push(this);
  }
  show = () => (this.shown = true);
  close = () => (this.closed = true);
}

/** Reversible but visibly not plaintext: "enc:" + base64 of the reversed text. */
const fakeCipher = (text: string) => Buffer.from(`enc:${Buffer.from([...text].reverse().join('')).toString('base64')}`);
const fakeDecipher = (buffer: Buffer) => {
  const text = buffer.toString();
  if (!text.startsWith('enc:')) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
  return [...Buffer.from(text.slice(4), 'base64').toString()].reverse().join('');
};

export function createElectronMock() {
  const ipcHandlers = new Map<string, (...args: unknown[]) => unknown>();
  const takenShortcuts = new Set<string>();
  const registeredShortcuts = new Map<string, () => void>();
  const appEvents = new Emitter();
  let resolveReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (resolveReady = resolve));
  const mock = {
    app: {
      events: appEvents,
      on: vi.fn((event: string, listener: Listener) => appEvents.on(event, listener)),
      whenReady: vi.fn(() => ready),
      /** Tests call this to let the app start. */
      becomeReady: () => resolveReady(),
      enableSandbox: vi.fn(),
      requestSingleInstanceLock: vi.fn(() => true),
      quit: vi.fn(),
      exit: vi.fn(),
      getPath: vi.fn(() => '/tmp/fake-user-data'),
      getVersion: vi.fn(() => '0.1.0'),
      setAsDefaultProtocolClient: vi.fn(() => true),
      setLoginItemSettings: vi.fn(),
      isPackaged: false,
    },
    ipcMain: {
      handlers: ipcHandlers,
      handle: vi.fn((channel: string, handler: (...args: unknown[]) => unknown) => {
        if (ipcHandlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
        ipcHandlers.set(channel, handler);
      }),
      removeHandler: vi.fn((channel: string) => ipcHandlers.delete(channel)),
      on: vi.fn(),
      removeListener: vi.fn(),
    },
    BrowserWindow: FakeBrowserWindow,
    Tray: FakeTray,
    Notification: FakeNotification,
    Menu: { buildFromTemplate: vi.fn((template: MenuTemplateItem[]) => ({ template })), setApplicationMenu: vi.fn() },
    session: { defaultSession: new FakeSession() },
    powerMonitor: new Emitter(),
    nativeImage: {
      createFromBuffer: vi.fn((buffer: Buffer) => ({ buffer, addRepresentation: vi.fn() })),
    },
    shell: { openExternal: vi.fn(async () => undefined) },
    /** Message boxes answer with the first button unless a test says otherwise. */
    dialog: { showMessageBox: vi.fn(async (..._args: unknown[]) => ({ response: 0, checkboxChecked: false })) },
    powerSaveBlocker: { start: vi.fn(() => 42), stop: vi.fn() },
    globalShortcut: {
      taken: takenShortcuts,
      registered: registeredShortcuts,
      register: vi.fn((accelerator: string, callback: () => void) => {
        if (takenShortcuts.has(accelerator)) return false;
        registeredShortcuts.set(accelerator, callback);
        return true;
      }),
      unregister: vi.fn((accelerator: string) => registeredShortcuts.delete(accelerator)),
    },
    safeStorage: {
      isEncryptionAvailable: vi.fn(() => true),
      getSelectedStorageBackend: vi.fn(() => 'gnome_libsecret'),
      encryptString: vi.fn(fakeCipher),
      decryptString: vi.fn(fakeDecipher),
    },
    protocol: { registerSchemesAsPrivileged: vi.fn(), handle: vi.fn() },
    contextBridge: { exposeInMainWorld: vi.fn() },
    ipcRenderer: { invoke: vi.fn(), send: vi.fn(), on: vi.fn(), removeListener: vi.fn() },
  };
  return mock;
}

export type ElectronMock = ReturnType<typeof createElectronMock>;
