import type { MediaRequest } from '../../shared/media';

/**
 * A carrier between main and one renderer media engine (Electron IPC in the app, a loopback
 * WebSocket in the test harness). A transport is open once the engine has said `ready`; when
 * the engine goes away (page closed, renderer crashed or reloaded) it reports close, and every
 * session the engine held is gone. Messages handed to `onMessage` are untrusted: the port parses
 * them.
 */
export interface MediaTransport {
  readonly isOpen: boolean;
  /** Throws when the transport is not open. */
  send(message: MediaRequest): void;
  /** Returns a function that stops listening. */
  onMessage(listener: (message: unknown) => void): () => void;
  /** Called once per loss of the engine, with a reason in words. */
  onClose(listener: (reason: string) => void): () => void;
  close(): void;
}

/** The few logging calls the bridge makes; `console` fits, and so does sip.js's Logger. */
export interface MediaLogger {
  error(message: string): void;
  warn(message: string): void;
  debug(message: string): void;
}

export const silentMediaLogger: MediaLogger = { error: () => {}, warn: () => {}, debug: () => {} };

/** A tiny listener set used by the transports and the port. */
export class Listeners<Args extends unknown[]> {
  private readonly listeners = new Set<(...args: Args) => void>();

  add(listener: (...args: Args) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(logger: MediaLogger, ...args: Args): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(...args);
      } catch (error) {
        // A faulty listener must not stop the others or the message pump.
        logger.error(`media bridge listener threw: ${describeError(error)}`);
      }
    }
  }

  clear(): void {
    this.listeners.clear();
  }
}

export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
