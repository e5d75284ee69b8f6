/**
 * sip.js opens its transport with the global `WebSocket`. Electron's main process (Node 22+)
 * has one; Node 20, where tests run, does not. Install `ws` only where it is missing.
 */
import { WebSocket as NodeWebSocket } from 'ws';

export function ensureGlobalWebSocket(): void {
  const scope = globalThis as { WebSocket?: unknown };
  if (typeof scope.WebSocket === 'undefined') {
    scope.WebSocket = NodeWebSocket;
  }
}
