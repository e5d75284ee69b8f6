import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CHANNELS, SoftphoneError, commands } from '../../../src/shared/ipc';
import type { CommandName } from '../../../src/shared/ipc';
import { FakeService, SAMPLES, makeSnapshot } from './fixtures';
import { FakeWebContents } from './fake-electron';
import { plainText } from '../../../src/shared/text';

const electron = await vi.hoisted(async () => (await import('./fake-electron')).createElectronMock());
vi.mock('electron', () => ({ default: electron, ...electron }));

const { registerIpc } = await import('../../../src/main/shell/ipc');
const { createDispatcher, MAX_ARGS_BYTES } = await import('../../../src/main/shell/dispatch');
const { isOwnPage, pageLocation } = await import('../../../src/main/shell/origin');

const location = pageLocation(undefined, true);
vi.spyOn(console, 'warn').mockImplementation(() => undefined);
let service: FakeService;
let contents: FakeWebContents;
let dispose: () => void;
const logged: string[] = [];

function ownEvent(url = 'app://softphone/index.html') {
  return { sender: contents, senderFrame: { url, parent: null } };
}
function invoke(name: unknown, args: unknown, event: unknown = ownEvent()) {
  return electron.ipcMain.handlers.get(CHANNELS.invoke)!(event, name, args) as Promise<unknown>;
}

beforeEach(() => {
  service = new FakeService();
  contents = new FakeWebContents();
  logged.length = 0;
  dispose = registerIpc({
    dispatch: createDispatcher(service, (message) => logged.push(message)),
    service,
    contents: () => contents as never,
    isOwnPage: (url) => isOwnPage(location, url),
  });
});
afterEach(() => dispose());

describe('every contract command has a validated handler', () => {
  it('has a sample for exactly the contract commands', () => {
    expect(Object.keys(SAMPLES).sort()).toEqual(Object.keys(commands).sort());
  });

  it.each(Object.keys(commands) as CommandName[])('%s reaches the service with parsed arguments', async (name) => {
    const reply = await invoke(name, SAMPLES[name].args);
    expect(reply).toEqual({ ok: true, result: commands[name].result.parse(SAMPLES[name].result) });
    expect(service.execute).toHaveBeenCalledWith(name, commands[name].args.parse(SAMPLES[name].args));
  });
});

describe('hostile payloads are rejected with clear errors', () => {
  it('refuses wrong types, naming the field', async () => {
    const reply = await invoke('calls.hold', { callId: 'call-1', hold: 'yes' });
    expect(reply).toEqual({ ok: false, error: { code: 'invalid_argument', message: expect.stringMatching(/^calls\.hold: hold: /) } });
    expect(service.execute).not.toHaveBeenCalled();
  });

  it('refuses missing arguments and non-objects', async () => {
    expect(await invoke('calls.answer', undefined)).toMatchObject({ ok: false, error: { code: 'invalid_argument' } });
    expect(await invoke('profiles.switch', 'p-lunch')).toMatchObject({ ok: false, error: { code: 'invalid_argument' } });
    expect(await invoke('session.signOut', { please: true })).toMatchObject({ ok: false, error: { code: 'invalid_argument' } });
  });

  it('refuses unknown command names, including prototype names', async () => {
    for (const name of ['calls.explode', '__proto__', 'constructor', 'toString', 'hasOwnProperty']) {
      expect(await invoke(name, null)).toEqual({
        ok: false,
        error: { code: 'invalid_argument', message: `Unknown command "${name}"` },
      });
    }
    expect(await invoke(42, null)).toMatchObject({ ok: false, error: { code: 'invalid_argument' } });
    expect(await invoke('x'.repeat(5000), null)).toMatchObject({ ok: false, error: { code: 'invalid_argument' } });
    expect(service.execute).not.toHaveBeenCalled();
  });

  it('drops __proto__ and constructor tricks without polluting anything', async () => {
    const args = JSON.parse('{"profileId":"p-lunch","__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}');
    const reply = await invoke('profiles.switch', args);
    expect(reply).toEqual({ ok: true, result: { ok: true } });
    const received = service.execute.mock.calls[0]![1] as Record<string, unknown>;
    expect(Object.keys(received)).toEqual(['profileId']);
    expect(Object.getPrototypeOf(received)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses oversized strings and oversized payloads', async () => {
    expect(await invoke('calls.dial', { target: '1'.repeat(10_000) })).toEqual({
      ok: false,
      error: { code: 'invalid_argument', message: expect.stringMatching(/^calls\.dial: target: /) },
    });
    const huge = await invoke('admin.users.csvDryRun', { content: 'a'.repeat(MAX_ARGS_BYTES + 1) });
    expect(huge).toMatchObject({ ok: false, error: { code: 'invalid_argument', message: expect.stringContaining('bytes') } });
    expect(service.execute).not.toHaveBeenCalled();
  });

  it('refuses foreign senders: another webContents, an embedded frame, another page', async () => {
    const stranger = new FakeWebContents();
    const cases = [
      { sender: stranger, senderFrame: { url: 'app://softphone/index.html', parent: null } },
      { sender: contents, senderFrame: { url: 'app://softphone/index.html', parent: {} } },
      { sender: contents, senderFrame: { url: 'https://evil.example/', parent: null } },
      { sender: contents, senderFrame: { url: 'file:///etc/passwd', parent: null } },
      { sender: contents, senderFrame: null },
    ];
    for (const event of cases) {
      expect(await invoke('calls.dial', { target: '1002' }, event)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
      const snapshot = electron.ipcMain.handlers.get(CHANNELS.snapshot)!(event);
      expect(snapshot).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    expect(service.execute).not.toHaveBeenCalled();
  });
});

describe('results and errors cross as envelopes', () => {
  it('passes a SoftphoneError code and message through', async () => {
    service.execute.mockRejectedValueOnce(new SoftphoneError('offline', 'You are offline; the change is queued'));
    expect(await invoke('calls.dial', { target: '1002' })).toEqual({
      ok: false,
      error: { code: 'offline', message: 'You are offline; the change is queued' },
    });
  });

  it('turns any other throw into a failure with its message', async () => {
    service.execute.mockRejectedValueOnce(new TypeError('boom'));
    expect(await invoke('calls.dial', { target: '1002' })).toEqual({ ok: false, error: { code: 'failed', message: 'boom' } });
  });

  it('refuses a result that breaks the contract, and logs where', async () => {
    service.execute.mockResolvedValueOnce({ callId: 17 } as never);
    expect(await invoke('calls.dial', { target: '1002' })).toMatchObject({ ok: false, error: { code: 'failed' } });
    expect(logged[0]).toMatch(/calls\.dial returned a result that breaks the contract at callId/);
  });

  it('answers the snapshot to our own page', () => {
    expect(electron.ipcMain.handlers.get(CHANNELS.snapshot)!(ownEvent())).toEqual({ ok: true, result: makeSnapshot() });
  });
});

describe('events', () => {
  it('forwards slice changes to the window and stops after dispose', () => {
    const registration = { status: 'failed' as const, reason: plainText('403 Forbidden'), since: null };
    service.emit({ name: 'registration', payload: registration });
    expect(contents.sent).toEqual([[CHANNELS.event, 'registration', registration]]);

    contents.destroyed = true;
    service.emit({ name: 'registration', payload: registration });
    expect(contents.sent).toHaveLength(1);

    dispose();
    expect(service.listenerCount).toBe(0);
    expect(electron.ipcMain.handlers.size).toBe(0);
    dispose = () => undefined;
  });
});
