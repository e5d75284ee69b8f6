import { describe, expect, it, vi } from 'vitest';
import { CHANNELS, SoftphoneError } from '../../../src/shared/ipc';
import { MEDIA_IPC_CHANNELS } from '../../../src/shared/media';
import { bridgeSafe, createMediaChannel, createSoftphoneApi } from '../../../src/preload/api';
import type { RendererIpc } from '../../../src/preload/api';
import { makeSnapshot } from './fixtures';

type Handler = (event: unknown, ...args: unknown[]) => void;

function fakeIpc(reply: (channel: string, ...args: unknown[]) => unknown) {
  const handlers = new Map<string, Set<Handler>>();
  const ipc = {
    invoke: vi.fn(async (channel: string, ...args: unknown[]) => reply(channel, ...args)),
    send: vi.fn(),
    on: vi.fn((channel: string, handler: Handler) => handlers.set(channel, (handlers.get(channel) ?? new Set()).add(handler))),
    removeListener: vi.fn((channel: string, handler: Handler) => handlers.get(channel)?.delete(handler)),
  } satisfies RendererIpc;
  const push = (channel: string, ...args: unknown[]) => {
    for (const handler of handlers.get(channel) ?? []) handler({}, ...args);
  };
  return { ipc, push, handlers };
}

describe('window.softphone', () => {
  it('invokes a command and returns the parsed result', async () => {
    const { ipc } = fakeIpc(() => ({ ok: true, result: { callId: 'call-1' } }));
    const api = createSoftphoneApi(ipc);
    await expect(api.invoke('calls.dial', { target: '1002' })).resolves.toEqual({ callId: 'call-1' });
    expect(ipc.invoke).toHaveBeenCalledWith(CHANNELS.invoke, 'calls.dial', { target: '1002' });
  });

  it('sends null for commands without arguments', async () => {
    const { ipc } = fakeIpc(() => ({ ok: true, result: { ok: true } }));
    await createSoftphoneApi(ipc).invoke('session.signOut', undefined as never);
    expect(ipc.invoke).toHaveBeenCalledWith(CHANNELS.invoke, 'session.signOut', null);
  });

  it('rejects with the error main answered', async () => {
    const { ipc } = fakeIpc(() => ({ ok: false, error: { code: 'offline', message: 'You are offline' } }));
    const failure = createSoftphoneApi(ipc).invoke('calls.dial', { target: '1002' });
    await expect(failure).rejects.toBeInstanceOf(SoftphoneError);
    await expect(failure).rejects.toMatchObject({ code: 'offline', message: 'You are offline' });
  });

  it('keeps the code and the text for people when the error crosses the context bridge', async () => {
    const text = { key: 'notice.command.pause' };
    const { ipc } = fakeIpc(() => ({ ok: false, error: { code: 'forbidden', message: 'No', text } }));
    const failure = bridgeSafe(createSoftphoneApi(ipc)).invoke('calls.dial', { target: '1002' });
    // Electron copies only an Error's message over the bridge; a plain object is copied whole.
    const error: unknown = await failure.catch((e: unknown) => e);
    expect(error).not.toBeInstanceOf(Error);
    expect(structuredClone(error)).toEqual({ name: 'SoftphoneError', code: 'forbidden', message: 'No', text });
  });

  it('rejects replies and results that break the contract', async () => {
    const garbage = createSoftphoneApi(fakeIpc(() => 'surprise').ipc);
    await expect(garbage.invoke('calls.dial', { target: '1002' })).rejects.toMatchObject({ code: 'failed', message: expect.stringMatching(/not a reply/) });
    const wrong = createSoftphoneApi(fakeIpc(() => ({ ok: true, result: { callId: 5 } })).ipc);
    await expect(wrong.invoke('calls.dial', { target: '1002' })).rejects.toMatchObject({ message: expect.stringMatching(/callId/) });
  });

  it('refuses unknown commands before anything crosses', async () => {
    const { ipc } = fakeIpc(() => ({ ok: true, result: null }));
    await expect(createSoftphoneApi(ipc).invoke('__proto__' as never, null as never)).rejects.toMatchObject({ code: 'invalid_argument' });
    expect(ipc.invoke).not.toHaveBeenCalled();
  });

  it('validates the snapshot', async () => {
    const snapshot = makeSnapshot();
    await expect(createSoftphoneApi(fakeIpc(() => ({ ok: true, result: snapshot })).ipc).snapshot()).resolves.toEqual(snapshot);
    const broken = { ...snapshot, registration: { status: 'dancing' } };
    await expect(createSoftphoneApi(fakeIpc(() => ({ ok: true, result: broken })).ipc).snapshot()).rejects.toMatchObject({
      message: expect.stringMatching(/registration\.status/),
    });
  });

  it('delivers valid events, drops invalid ones, and unsubscribes', () => {
    const { ipc, push } = fakeIpc(() => null);
    const warnings: string[] = [];
    const api = createSoftphoneApi(ipc, (message) => warnings.push(message));
    const heard: unknown[] = [];
    const stop = api.on('registration', (payload) => heard.push(payload));
    const valid = { status: 'registered', reason: null, since: null };
    push(CHANNELS.event, 'registration', valid);
    push(CHANNELS.event, 'registration', { status: 'registered' });
    push(CHANNELS.event, 'calls', []);
    push(CHANNELS.event, 'toString', {});
    stop();
    push(CHANNELS.event, 'registration', valid);
    expect(heard).toEqual([valid]);
    expect(warnings).toHaveLength(2);
    expect(ipc.on).toHaveBeenCalledTimes(1);
  });

  it('refuses to subscribe to unknown events', () => {
    const api = createSoftphoneApi(fakeIpc(() => null).ipc);
    expect(() => api.on('constructor' as never, () => undefined)).toThrow(/Unknown event/);
  });
});

describe('window.softphoneMedia', () => {
  it('sends protocol messages and forwards main\'s messages until unsubscribed', () => {
    const { ipc, push } = fakeIpc(() => null);
    const media = createMediaChannel(ipc);
    const ready = { kind: 'event', event: 'ready', protocol: 1, engine: 'web' } as const;
    media.send(ready);
    expect(ipc.send).toHaveBeenCalledWith(MEDIA_IPC_CHANNELS.fromEngine, ready);
    expect(() => media.send({ kind: 'event', event: 'explode' } as never)).toThrow(/breaks the protocol/);

    const received: unknown[] = [];
    const stop = media.onMessage((message) => received.push(message));
    push(MEDIA_IPC_CHANNELS.toEngine, { kind: 'request', id: 'r1' });
    stop();
    push(MEDIA_IPC_CHANNELS.toEngine, { kind: 'request', id: 'r2' });
    expect(received).toEqual([{ kind: 'request', id: 'r1' }]);
  });
});

describe('the preload script', () => {
  it('exposes exactly window.softphone and window.softphoneMedia, and no ipcRenderer', async () => {
    const electron = (await import('./fake-electron')).createElectronMock();
    vi.doMock('electron', () => ({ default: electron, ...electron }));
    await import('../../../src/preload/index');
    const exposed = electron.contextBridge.exposeInMainWorld.mock.calls as unknown as Array<[string, Record<string, unknown>]>;
    expect(exposed.map(([key]) => key)).toEqual(['softphone', 'softphoneMedia']);
    expect(Object.keys(exposed[0]![1]).sort()).toEqual(['invoke', 'on', 'snapshot']);
    expect(Object.keys(exposed[1]![1]).sort()).toEqual(['onMessage', 'send']);
    for (const [, api] of exposed) {
      for (const value of Object.values(api)) expect(value).not.toBe(electron.ipcRenderer);
    }
    vi.doUnmock('electron');
  });
});
