/**
 * `window.softphone` and `window.softphoneMedia`, built over a minimal IPC surface so the same
 * code is what the sandboxed preload exposes and what unit tests drive. Nothing from
 * `ipcRenderer` itself reaches the page. Everything main sends back is parsed with the
 * contract's schemas; what does not parse is refused, never handed to the page.
 */
import { z } from 'zod';
import { CHANNELS, SoftphoneError, commands, events } from '../shared/ipc';
import type { ClientSnapshot, EventName, SoftphoneApi } from '../shared/ipc';
import { InvokeReply } from '../shared/ipc-reply';
import { MAX_MEDIA_MESSAGE_BYTES, MEDIA_IPC_CHANNELS, MediaFromEngine } from '../shared/media';
import type { MediaEngineChannel } from '../shared/media';
import { firstIssue } from '../shared/zodIssues';

/** The part of `ipcRenderer` the preload uses. */
export interface RendererIpc {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  send(channel: string, ...args: unknown[]): void;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

const ClientSnapshotSchema = z.object(events);

export function createSoftphoneApi(ipc: RendererIpc, warn: (message: string) => void = console.warn): SoftphoneApi {
  const listeners = new Map<EventName, Set<(payload: never) => void>>();
  let subscribed = false;

  const onEvent = (_event: unknown, name: unknown, payload: unknown): void => {
    if (typeof name !== 'string' || !Object.prototype.hasOwnProperty.call(events, name)) {
      warn(`Ignored an event with an unknown name from main: ${String(name).slice(0, 60)}`);
      return;
    }
    const eventName = name as EventName;
    const parsed = events[eventName].safeParse(payload);
    if (!parsed.success) {
      warn(`Ignored a "${eventName}" event that breaks the contract: ${firstIssue(parsed.error)}`);
      return;
    }
    for (const listener of [...(listeners.get(eventName) ?? [])]) {
      try {
        listener(parsed.data as never);
      } catch (error) {
        warn(`A "${eventName}" listener threw: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  };

  const api: SoftphoneApi = {
    async invoke(name, args) {
      if (typeof name !== 'string' || !Object.prototype.hasOwnProperty.call(commands, name)) {
        throw new SoftphoneError('invalid_argument', `Unknown command "${String(name).slice(0, 60)}"`);
      }
      const reply = InvokeReply.safeParse(await ipc.invoke(CHANNELS.invoke, name, args === undefined ? null : args));
      if (!reply.success) throw new SoftphoneError('failed', `${name}: main answered with something that is not a reply`);
      if (!reply.data.ok) throw new SoftphoneError(reply.data.error.code, reply.data.error.message, reply.data.error.text, reply.data.error.fields);
      const result = commands[name].result.safeParse(reply.data.result);
      if (!result.success) throw new SoftphoneError('failed', `${name}: the result breaks the contract: ${firstIssue(result.error)}`);
      return result.data;
    },

    async snapshot(): Promise<ClientSnapshot> {
      const reply = InvokeReply.safeParse(await ipc.invoke(CHANNELS.snapshot));
      if (!reply.success) throw new SoftphoneError('failed', 'snapshot: main answered with something that is not a reply');
      if (!reply.data.ok) throw new SoftphoneError(reply.data.error.code, reply.data.error.message, reply.data.error.text);
      const snapshot = ClientSnapshotSchema.safeParse(reply.data.result);
      if (!snapshot.success) throw new SoftphoneError('failed', `snapshot breaks the contract: ${firstIssue(snapshot.error)}`);
      return snapshot.data;
    },

    on(name, listener) {
      if (typeof name !== 'string' || !Object.prototype.hasOwnProperty.call(events, name)) {
        throw new SoftphoneError('invalid_argument', `Unknown event "${String(name).slice(0, 60)}"`);
      }
      if (typeof listener !== 'function') throw new SoftphoneError('invalid_argument', 'on() needs a listener function');
      if (!subscribed) {
        ipc.on(CHANNELS.event, onEvent as (event: unknown, ...args: unknown[]) => void);
        subscribed = true;
      }
      const set = listeners.get(name) ?? new Set();
      listeners.set(name, set);
      const entry = listener as (payload: never) => void;
      set.add(entry);
      return () => {
        set.delete(entry);
      };
    },
  };
  return api;
}

/**
 * The renderer's end of the media bridge. Messages are checked against the protocol before
 * they leave; what main sends is handed over as is, because the media engine parses every
 * message itself (it also runs behind a WebSocket in the test harness).
 */
export function createMediaChannel(ipc: RendererIpc, warn: (message: string) => void = console.warn): MediaEngineChannel {
  return {
    send(message) {
      const parsed = MediaFromEngine.safeParse(message);
      if (!parsed.success) throw new Error(`Refused to send a media message that breaks the protocol: ${firstIssue(parsed.error)}`);
      const size = JSON.stringify(parsed.data).length;
      if (size > MAX_MEDIA_MESSAGE_BYTES) throw new Error(`Refused to send a ${size}-byte media message`);
      ipc.send(MEDIA_IPC_CHANNELS.fromEngine, parsed.data);
    },
    onMessage(listener) {
      if (typeof listener !== 'function') throw new Error('onMessage() needs a listener function');
      const forward = (_event: unknown, message: unknown): void => {
        try {
          listener(message);
        } catch (error) {
          warn(`A media listener threw: ${error instanceof Error ? error.message : String(error)}`);
        }
      };
      ipc.on(MEDIA_IPC_CHANNELS.toEngine, forward as (event: unknown, ...args: unknown[]) => void);
      return () => {
        ipc.removeListener(MEDIA_IPC_CHANNELS.toEngine, forward as (event: unknown, ...args: unknown[]) => void);
      };
    },
  };
}

/**
 * What crosses Electron's context bridge: a thrown Error arrives in the page with its message
 * only (custom properties are dropped), so a failed command would lose its code and the text
 * the page shows people. A plain object is copied whole; the page's `describeError` reads it.
 */
export function bridgeSafe(api: SoftphoneApi): SoftphoneApi {
  const plain = (error: unknown) => {
    if (error instanceof SoftphoneError) return { name: error.name, code: error.code, message: error.message, text: error.text, fields: error.fields };
    return { name: 'SoftphoneError', code: 'failed', message: error instanceof Error ? error.message : String(error) };
  };
  return {
    invoke: (name, args) => api.invoke(name, args).catch((error: unknown) => Promise.reject(plain(error))),
    snapshot: () => api.snapshot().catch((error: unknown) => Promise.reject(plain(error))),
    on: (name, listener) => api.on(name, listener),
  };
}
