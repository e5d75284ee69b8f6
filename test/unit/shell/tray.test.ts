import { inflateSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeService, makeSnapshot, settled } from './fixtures';
import { FakeTray } from './fake-electron';
import type { MenuTemplateItem } from './fake-electron';
import type { NativeImage } from 'electron';
import { plainText } from '../../../src/shared/text';

const electron = await vi.hoisted(async () => (await import('./fake-electron')).createElectronMock());
vi.mock('electron', () => ({ default: electron, ...electron }));

const { createTray } = await import('../../../src/main/shell/tray');
const { createDispatcher } = await import('../../../src/main/shell/dispatch');
const { crc32, encodeRgbaPng } = await import('../../../src/main/shell/png');
const { trayIconPng } = await import('../../../src/main/shell/tray-icon');

let service: FakeService;
let tray: ReturnType<typeof createTray>;
const openWindow = vi.fn();
const quit = vi.fn();

const menu = (): MenuTemplateItem[] => FakeTray.created.at(-1)!.menu!.template;
const item = (id: string, items = menu()): MenuTemplateItem => {
  for (const entry of items) {
    if (entry.id === id) return entry;
    const inner = entry.submenu && item(id, entry.submenu);
    if (inner) return inner;
  }
  return undefined as never;
};

beforeEach(() => {
  service = new FakeService();
  tray = createTray({ service, dispatch: createDispatcher(service), openWindow, quit });
});
afterEach(() => tray.dispose());

describe('tray menu', () => {
  it('lists every profile as a radio item, the one in effect checked', () => {
    const profiles = menu().filter((entry) => entry.id?.startsWith('profile:'));
    expect(profiles.map((entry) => [entry.label, entry.type, entry.checked])).toEqual([
      ['Available', 'radio', true],
      ['Meeting', 'radio', false],
      ['Lunch', 'radio', false],
    ]);
    expect(menu()[0]).toMatchObject({ label: 'Available · Phone ready', enabled: false });
  });

  it('switches profile through the same validated command the window uses', async () => {
    item('profile:p-meeting').click!();
    await settled();
    expect(service.execute).toHaveBeenCalledWith('profiles.switch', { profileId: 'p-meeting' });
  });

  it('rebuilds the menu and the icon when the profile in effect changes', () => {
    const before = FakeTray.created.at(-1)!.image;
    const profiles = service.snapshot().profiles!;
    service.emit({
      name: 'profiles',
      payload: { ...profiles, effective: { profileId: 'p-lunch', reason: 'calendar', since: null, until: null, eventTitle: 'Lunch with Bob' } },
    });
    expect(item('profile:p-lunch')).toMatchObject({ checked: true, label: 'Lunch (calendar: Lunch with Bob)' });
    expect(item('profile:p-available').checked).toBe(false);
    expect(FakeTray.created.at(-1)!.image).not.toBe(before);
    expect(FakeTray.created.at(-1)!.toolTip).toBe('Softphone — Lunch · Phone ready');
  });

  it('toggles queues one by one and all at once', async () => {
    expect(item('queue:q-support')).toMatchObject({ type: 'checkbox', checked: true });
    expect(item('queue:q-sales')).toMatchObject({ type: 'checkbox', checked: false });
    expect(item('queues:all').checked).toBe(false);
    item('queue:q-sales').click!();
    item('queues:all').click!();
    await settled();
    expect(service.execute.mock.calls).toEqual([
      ['queues.setStatus', { queueIds: ['q-sales'], status: 'active' }],
      ['queues.setStatus', { queueIds: 'all', status: 'active' }],
    ]);
  });

  it('offers caller IDs as radio items, including a hidden number', async () => {
    expect(item('callerId:+46850000001').checked).toBe(true);
    expect(['+46850000001', '+46700000001', '+46850000099', '+46850000050'].map((n) => item(`callerId:${n}`).label)).toEqual([
      'Landline (08-500 000 01)',
      'Mobile (070-000 00 01)',
      'Demo Company main number (08-500 000 99)',
      'Support (08-500 000 50)',
    ]);
    item('callerId:hidden').click!();
    item('callerId:+46700000001').click!();
    await settled();
    expect(service.execute.mock.calls).toEqual([
      ['callerId.choose', { number: null }],
      ['callerId.choose', { number: '+46700000001' }],
    ]);
  });

  it('opens the window and quits from the menu', () => {
    menu().find((entry) => entry.label === 'Open Softphone')!.click!();
    menu().find((entry) => entry.label === 'Quit Softphone')!.click!();
    expect(openWindow).toHaveBeenCalledOnce();
    expect(quit).toHaveBeenCalledOnce();
  });

  it('speaks the language the window shows: the setting, else the account\'s', () => {
    const settings = service.snapshot().settings;
    service.emit({ name: 'settings', payload: { ...settings, language: 'sv' } });
    expect(menu()[0]).toMatchObject({ label: 'Tillgänglig · Telefonen är redo', enabled: false });
    expect(menu().slice(-2).map((entry) => entry.label)).toEqual(['Öppna Softphone', 'Avsluta Softphone']);
    expect(FakeTray.created.at(-1)!.toolTip).toBe('Softphone — Tillgänglig · Telefonen är redo');
    service.emit({ name: 'settings', payload: { ...settings, language: null } });
    expect(menu().slice(-2).map((entry) => entry.label)).toEqual(['Open Softphone', 'Quit Softphone']);
  });

  it('shows only status, open and quit when signed out', () => {
    service.emit({ name: 'session', payload: { status: 'signedOut', account: null, error: null, remembered: null } });
    expect(menu().map((entry) => entry.label ?? entry.type)).toEqual(['Signed out', 'separator', 'Open Softphone', 'Quit Softphone']);
  });

  it('says calls cannot work while the profile server is down, as the status bar does (issue 14)', () => {
    const connection = service.snapshot().connection;
    service.emit({ name: 'connection', payload: { ...connection, status: 'offline' } });
    expect(menu()[0]!.label).toBe('Available · Calls cannot work: the server cannot be reached');
    expect(FakeTray.created.at(-1)!.toolTip).toBe('Softphone — Available · Calls cannot work: the server cannot be reached');
    service.emit({ name: 'connection', payload: { ...connection, status: 'connecting' } });
    expect(menu()[0]!.label).toBe('Available · Phone connected, reaching the server…');
    service.emit({ name: 'connection', payload: connection });
    expect(menu()[0]!.label).toBe('Available · Phone ready');
    service.emit({ name: 'registration', payload: { status: 'failed', reason: null, since: null } });
    expect(menu()[0]!.label).toBe('Available · Phone failed');
  });

  it('paints the badge red while the server is down, not the registered green', () => {
    const png = () => (FakeTray.created.at(-1)!.image as { buffer: Buffer }).buffer;
    expect(png()).toEqual(trayIconPng(16, '#2e7d32', 'ready'));
    service.emit({ name: 'connection', payload: { ...service.snapshot().connection, status: 'offline' } });
    expect(png()).toEqual(trayIconPng(16, '#2e7d32', 'serverDown'));
    expect(png()).not.toEqual(trayIconPng(16, '#2e7d32', 'ready'));
  });

  it('reports a refused switch as a notice', async () => {
    service.execute.mockRejectedValueOnce(new Error('That profile was removed by your admin'));
    item('profile:p-meeting').click!();
    await settled();
    expect(service.notices).toEqual([{ kind: 'error', text: plainText('That profile was removed by your admin') }]);
  });
});

describe('tray icon', () => {
  /** Decodes our own encoder's output (filter 0 rows) back to RGBA. */
  const decode = (png: Buffer) => {
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    const width = png.readUInt32BE(16);
    const height = png.readUInt32BE(20);
    let offset = 8;
    const idat: Buffer[] = [];
    while (offset < png.length) {
      const length = png.readUInt32BE(offset);
      const type = png.subarray(offset + 4, offset + 8).toString('ascii');
      const data = png.subarray(offset + 8, offset + 8 + length);
      expect(png.readUInt32BE(offset + 8 + length)).toBe(crc32(png.subarray(offset + 4, offset + 8 + length)));
      if (type === 'IDAT') idat.push(data);
      offset += 12 + length;
    }
    const raw = inflateSync(Buffer.concat(idat));
    const pixel = (x: number, y: number) => [...raw.subarray(y * (width * 4 + 1) + 1 + x * 4, y * (width * 4 + 1) + 1 + x * 4 + 4)];
    return { width, height, pixel };
  };

  it('encodes valid PNGs with correct CRCs', () => {
    const { width, height, pixel } = decode(encodeRgbaPng(2, 1, new Uint8Array([255, 0, 0, 255, 0, 0, 255, 128])));
    expect([width, height]).toEqual([2, 1]);
    expect(pixel(0, 0)).toEqual([255, 0, 0, 255]);
    expect(pixel(1, 0)).toEqual([0, 0, 255, 128]);
    expect(crc32(Buffer.from('IEND'))).toBe(0xae426082);
  });

  it('paints the profile colour with a registration badge', () => {
    const registered = decode(trayIconPng(32, '#c62828', 'ready'));
    expect(registered.pixel(9, 9)).toEqual([0xc6, 0x28, 0x28, 255]);
    expect(registered.pixel(24, 24)).toEqual([0x2e, 0xa0, 0x43, 255]);
    expect(registered.pixel(0, 31)[3]).toBe(0);
    const failed = decode(trayIconPng(32, '#c62828', 'failed'));
    expect(failed.pixel(24, 24)).toEqual([0xd0, 0x30, 0x30, 255]);
  });
});

describe('the tray menu in Swedish', () => {
  it('names the caller IDs in Swedish, never the server’s English labels', async () => {
    const { buildTrayMenu } = await import('../../../src/main/shell/tray-menu');
    const snapshot = makeSnapshot();
    snapshot.settings.language = 'sv';
    const actions = { run: () => undefined, openWindow: () => undefined, quit: () => undefined, swatch: () => ({}) as NativeImage };
    const callerIds = buildTrayMenu(snapshot, actions).find((entry) => entry.label === 'Nummerpresentation');
    const labels = (callerIds?.submenu as { label?: string }[]).map((entry) => entry.label);
    expect(labels).toEqual([
      'Fast nummer (08-500 000 01)',
      'Mobil (070-000 00 01)',
      'Demo Company växelnummer (08-500 000 99)',
      'Support (08-500 000 50)',
      'Dolt nummer',
    ]);
  });
});
