import { EventEmitter } from 'node:events';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { MEDIA_IPC_CHANNELS } from '../../../src/shared/media';

const ipcMain = new EventEmitter();
vi.mock('electron', () => ({ ipcMain, default: { ipcMain } }));

const { createElectronMediaTransport } = await import('../../../src/main/shell/electronTransport');
const { createMediaPort } = await import('../../../src/main/media/mediaPort');

class FakeWebContents extends EventEmitter {
  destroyed = false;
  readonly sent: Array<[string, unknown]> = [];
  send(channel: string, message: unknown): void {
    this.sent.push([channel, message]);
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
}

const ready = { kind: 'event', event: 'ready', protocol: 1, engine: 'window' };
type Contents = Parameters<typeof createElectronMediaTransport>[0];

describe('Electron IPC media transport', () => {
  let contents: FakeWebContents;

  beforeEach(() => {
    ipcMain.removeAllListeners();
    contents = new FakeWebContents();
  });

  const fromRenderer = (sender: unknown, message: unknown) => ipcMain.emit(MEDIA_IPC_CHANNELS.fromEngine, { sender }, message);

  it('opens on ready, sends to its window and hears only its window', async () => {
    const transport = createElectronMediaTransport(contents as unknown as Contents);
    expect(transport.isOpen).toBe(false);
    let opened = 0;
    transport.onOpen(() => (opened += 1));
    fromRenderer(contents, ready);
    expect(transport.isOpen).toBe(true);
    expect(opened).toBe(1);
    const port = createMediaPort(transport, { timeoutMs: 1000 });
    const pending = port.request('hasDescription', 's1', { contentType: 'application/sdp' });
    const [channel, request] = contents.sent[0] as [string, { id: string }];
    expect(channel).toBe(MEDIA_IPC_CHANNELS.toEngine);
    fromRenderer(new FakeWebContents(), { kind: 'response', id: request.id, ok: true, result: false });
    fromRenderer(contents, { kind: 'response', id: request.id, ok: true, result: true });
    await expect(pending).resolves.toBe(true);
    port.dispose();
  });

  it('a reload, a crash or a closed window fails pending requests; the next ready reopens', async () => {
    const transport = createElectronMediaTransport(contents as unknown as Contents);
    fromRenderer(contents, ready);
    const port = createMediaPort(transport, { timeoutMs: 60_000 });

    const beforeReload = port.request('getStats', 's1', {});
    // A navigation that starts and is blocked (will-navigate) leaves the page and its engine.
    contents.emit('did-start-navigation', { isMainFrame: true, isSameDocument: false });
    expect(transport.isOpen).toBe(true);
    expect(port.epoch).toBe(0);
    contents.emit('did-navigate', {}, 'app://softphone/index.html', 200, 'OK');
    await expect(beforeReload).rejects.toMatchObject({ code: 'disconnected', message: expect.stringContaining('navigated') });
    await expect(port.request('getStats', 's1', {})).rejects.toMatchObject({ code: 'disconnected' });

    fromRenderer(contents, ready);
    const beforeCrash = port.request('getStats', 's1', {});
    contents.emit('render-process-gone', {}, { reason: 'crashed' });
    await expect(beforeCrash).rejects.toMatchObject({ message: expect.stringContaining('crashed') });

    fromRenderer(contents, ready);
    const beforeSilentReload = port.request('getStats', 's1', {});
    fromRenderer(contents, ready); // the engine came back without us seeing the navigation
    await expect(beforeSilentReload).rejects.toMatchObject({ message: expect.stringContaining('restarted') });
    expect(port.epoch).toBe(3);

    contents.destroyed = true;
    contents.emit('destroyed');
    expect(transport.isOpen).toBe(false);
    expect(ipcMain.listenerCount(MEDIA_IPC_CHANNELS.fromEngine)).toBe(0);
    fromRenderer(contents, ready);
    expect(transport.isOpen).toBe(false);
    port.dispose();
  });
});
