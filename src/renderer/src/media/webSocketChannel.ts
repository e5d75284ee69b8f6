import type { MediaEngineChannel, MediaFromEngine } from '../../../shared/media';

export interface WebSocketEngineChannel extends MediaEngineChannel {
  onClose(listener: () => void): void;
  close(): void;
}

/**
 * The harness carrier on the renderer side: one WebSocket to the main-process services running
 * in Node (`startMediaEngineServer`). Resolves once the socket is open, so the engine's first
 * message (ready) can go out at once.
 */
export function connectWebSocketChannel(url: string): Promise<WebSocketEngineChannel> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    const listeners = new Set<(message: unknown) => void>();
    socket.addEventListener('message', (event) => {
      let message: unknown;
      try {
        message = JSON.parse(String(event.data));
      } catch {
        return; // the engine parses and answers what it can read; noise is dropped
      }
      for (const listener of listeners) listener(message);
    });
    socket.addEventListener('error', () => reject(new Error(`could not connect to the media bridge at ${url.split('?')[0]}`)), {
      once: true,
    });
    socket.addEventListener('open', () =>
      resolve({
        send: (message: MediaFromEngine) => {
          if (socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(message));
        },
        onMessage: (listener) => {
          listeners.add(listener);
          return () => listeners.delete(listener);
        },
        onClose: (listener) => socket.addEventListener('close', () => listener()),
        close: () => socket.close(),
      }),
    );
  });
}
