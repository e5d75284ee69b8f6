/**
 * Injected into the served renderer before the app bundle: defines `window.softphone` (the
 * real preload API over a WebSocket instead of ipcRenderer, so every reply and event is parsed
 * with the contract's schemas) and `window.softphoneMedia` (the media engine's carrier), plus
 * `window.softphoneHarness`, where the app leaves its media engine for the tests.
 */
import { createMediaChannel, createSoftphoneApi, type RendererIpc } from '../../../src/preload/api';
import { CONFIG_GLOBAL, HarnessPageConfig, HarnessToPage, type PageToHarness } from '../protocol';

type Listener = (event: unknown, ...args: unknown[]) => void;

/** A WebSocket that queues what is sent before it opens; `invoke` waits for the matching reply. */
function socketIpc(url: string): RendererIpc {
  const socket = new WebSocket(url);
  const queue: string[] = [];
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  const listeners = new Map<string, Set<Listener>>();
  let nextId = 1;
  let closed = false;

  const transmit = (text: string) => {
    if (socket.readyState === WebSocket.OPEN) socket.send(text);
    else queue.push(text);
  };
  socket.addEventListener('open', () => {
    for (const text of queue.splice(0)) socket.send(text);
  });
  socket.addEventListener('close', () => {
    closed = true;
    for (const { reject } of pending.values()) reject(new Error('The harness connection closed'));
    pending.clear();
  });
  socket.addEventListener('message', (event) => {
    let parsed;
    try {
      parsed = HarnessToPage.safeParse(JSON.parse(String(event.data)));
    } catch {
      return;
    }
    if (!parsed.success) return;
    const message = parsed.data;
    if (message.t === 'reply') {
      pending.get(message.id)?.resolve(message.reply);
      pending.delete(message.id);
      return;
    }
    for (const listener of [...(listeners.get(message.channel) ?? [])]) listener(null, ...message.args);
  });

  return {
    invoke(channel, ...args) {
      if (closed) return Promise.reject(new Error('The harness connection is closed'));
      const id = nextId++;
      const message: PageToHarness = { t: 'invoke', id, channel, args };
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        transmit(JSON.stringify(message));
      });
    },
    send(channel, ...args) {
      // Fire-and-forget messages travel as an invoke whose reply nobody waits for.
      const message: PageToHarness = { t: 'invoke', id: 0, channel, args };
      transmit(JSON.stringify(message));
    },
    on(channel, listener) {
      const set = listeners.get(channel) ?? new Set();
      listeners.set(channel, set);
      set.add(listener);
    },
    removeListener(channel, listener) {
      listeners.get(channel)?.delete(listener);
    },
  };
}

/** The media engine speaks its own protocol straight to the harness's media server. */
function mediaSocketIpc(url: string): RendererIpc {
  const socket = new WebSocket(url);
  const queue: string[] = [];
  const listeners = new Set<Listener>();
  socket.addEventListener('open', () => {
    for (const text of queue.splice(0)) socket.send(text);
  });
  socket.addEventListener('message', (event) => {
    let message: unknown;
    try {
      message = JSON.parse(String(event.data));
    } catch {
      return;
    }
    for (const listener of [...listeners]) listener(null, message);
  });
  return {
    invoke: () => Promise.reject(new Error('The media carrier has no invoke')),
    send(_channel, message) {
      const text = JSON.stringify(message);
      if (socket.readyState === WebSocket.OPEN) socket.send(text);
      else if (socket.readyState === WebSocket.CONNECTING) queue.push(text);
    },
    on(_channel, listener) {
      listeners.add(listener);
    },
    removeListener(_channel, listener) {
      listeners.delete(listener);
    },
  };
}

const config = HarnessPageConfig.parse((window as unknown as Record<string, unknown>)[CONFIG_GLOBAL]);
const host = window as unknown as Record<string, unknown>;
host.softphone = createSoftphoneApi(socketIpc(config.contractUrl));
if (config.mediaUrl) host.softphoneMedia = createMediaChannel(mediaSocketIpc(config.mediaUrl));
host.softphoneHarness = {};
