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

/** Delays between attempts to reach the media server again after the socket dropped. */
const MEDIA_RECONNECT_DELAYS_MS = [100, 250, 500, 1000, 2000];

/**
 * The media engine speaks its own protocol straight to the harness's media server. The socket
 * can drop (the server stops a page that misses its pings on a loaded machine, or the harness
 * drops it on purpose): it is opened again, and the engine is told (`onReconnect`) so it
 * announces itself anew. Before the first open, messages (the engine's ready) are queued;
 * while reconnecting they are dropped, as they concern sessions main already counts as gone.
 */
function mediaSocketIpc(url: string): { ipc: RendererIpc; onReconnect(listener: () => void): () => void; drop(): void } {
  const queue: string[] = [];
  const listeners = new Set<Listener>();
  const reconnects = new Set<() => void>();
  let socket: WebSocket;
  let opened = false;
  let attempt = 0;

  const connect = (): void => {
    const current = new WebSocket(url);
    socket = current;
    current.addEventListener('open', () => {
      attempt = 0;
      if (!opened) {
        opened = true;
        for (const text of queue.splice(0)) current.send(text);
        return;
      }
      for (const listener of [...reconnects]) listener();
    });
    current.addEventListener('message', (event) => {
      let message: unknown;
      try {
        message = JSON.parse(String(event.data));
      } catch {
        return;
      }
      for (const listener of [...listeners]) listener(null, message);
    });
    current.addEventListener('close', () => {
      if (socket !== current) return;
      const delay = MEDIA_RECONNECT_DELAYS_MS[Math.min(attempt, MEDIA_RECONNECT_DELAYS_MS.length - 1)];
      attempt++;
      setTimeout(connect, delay);
    });
  };
  connect();

  return {
    ipc: {
      invoke: () => Promise.reject(new Error('The media carrier has no invoke')),
      send(_channel, message) {
        const text = JSON.stringify(message);
        if (socket.readyState === WebSocket.OPEN) socket.send(text);
        else if (!opened) queue.push(text);
      },
      on(_channel, listener) {
        listeners.add(listener);
      },
      removeListener(_channel, listener) {
        listeners.delete(listener);
      },
    },
    onReconnect(listener) {
      reconnects.add(listener);
      return () => reconnects.delete(listener);
    },
    drop: () => socket.close(4001, 'dropped by the test'),
  };
}

const config = HarnessPageConfig.parse((window as unknown as Record<string, unknown>)[CONFIG_GLOBAL]);
const host = window as unknown as Record<string, unknown>;
host.softphone = createSoftphoneApi(socketIpc(config.contractUrl));
const media = config.mediaUrl ? mediaSocketIpc(config.mediaUrl) : null;
if (media) host.softphoneMedia = { ...createMediaChannel(media.ipc), onReconnect: media.onReconnect };
// The tests find the app's media engine here, and can drop its socket as a loaded machine does.
host.softphoneHarness = { dropMediaConnection: () => media?.drop() };
