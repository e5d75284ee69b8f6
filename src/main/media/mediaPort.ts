import {
  MediaFromEngine,
  mediaOperations,
  type MediaArgs,
  type MediaErrorCode,
  type MediaEvent,
  type MediaOp,
  type MediaRequest,
  type MediaResult,
} from '../../shared/media';
import { Listeners, describeError, silentMediaLogger, type MediaLogger, type MediaTransport } from './transport';

/** A request to the media engine that did not succeed; `code` says why (see MediaErrorCode). */
export class MediaRequestError extends Error {
  constructor(
    readonly code: MediaErrorCode,
    readonly op: MediaOp,
    readonly sessionId: string | undefined,
    detail: string,
  ) {
    super(`media engine ${op}${sessionId ? ` (${sessionId})` : ''} failed: ${detail}`);
    this.name = 'MediaRequestError';
  }
}

/** Events the engine pushes on its own (the transport consumes `ready`). */
export type MediaEngineEvent = Exclude<MediaEvent, { event: 'ready' }>;

/** Main's handle on one renderer media engine. */
export interface MediaEnginePort {
  /** Whether requests can reach an engine now. */
  readonly connected: boolean;
  /** Bumped each time the engine is lost: sessions created in an older epoch are gone. */
  readonly epoch: number;
  /**
   * Sends one request and resolves with the engine's result. Rejects with MediaRequestError
   * when the engine answers with a failure, answers nonsense, does not answer within the bound,
   * or is (or becomes) disconnected — at once in the last case.
   */
  request<Op extends MediaOp>(op: Op, sessionId: string | undefined, args: MediaArgs<Op>): Promise<MediaResult<Op>>;
  onEvent(listener: (event: MediaEngineEvent) => void): () => void;
  onDisconnect(listener: (reason: string) => void): () => void;
  /** Fails what is pending and stops listening to the transport (does not close it). */
  dispose(): void;
}

export interface MediaPortOptions {
  /** Bound for every request unless `timeoutsMs` names the operation. */
  timeoutMs: number;
  timeoutsMs?: Partial<Record<MediaOp, number>>;
  logger?: MediaLogger;
}

interface Pending {
  op: MediaOp;
  sessionId: string | undefined;
  timer: ReturnType<typeof setTimeout>;
  resolve(result: unknown): void;
  reject(error: MediaRequestError): void;
}

export function createMediaPort(transport: MediaTransport, options: MediaPortOptions): MediaEnginePort {
  const logger = options.logger ?? silentMediaLogger;
  const pending = new Map<string, Pending>();
  const events = new Listeners<[MediaEngineEvent]>();
  const disconnects = new Listeners<[string]>();
  // Ids only need to be unique per port; the prefix keeps two ports' logs apart.
  const idPrefix = Math.random().toString(36).slice(2, 8);
  let nextId = 1;
  let epoch = 0;
  let disposed = false;

  const settle = (id: string): Pending | undefined => {
    const entry = pending.get(id);
    if (entry) {
      pending.delete(id);
      clearTimeout(entry.timer);
    }
    return entry;
  };

  const failAll = (code: MediaErrorCode, detail: string) => {
    for (const id of [...pending.keys()]) {
      const entry = settle(id);
      entry?.reject(new MediaRequestError(code, entry.op, entry.sessionId, detail));
    }
  };

  const onMessage = (raw: unknown) => {
    const parsed = MediaFromEngine.safeParse(raw);
    if (!parsed.success) {
      logger.warn(`media bridge: dropped a malformed message from the engine: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
      return;
    }
    const message = parsed.data;
    if (message.kind === 'event') {
      if (message.event !== 'ready') events.emit(logger, message);
      return;
    }
    const entry = settle(message.id);
    if (!entry) {
      // Normal after a timeout: the engine finished too late.
      logger.debug(`media bridge: response ${message.id} matches no pending request`);
      return;
    }
    if (!message.ok) {
      entry.reject(new MediaRequestError(message.error.code, entry.op, entry.sessionId, message.error.message));
      return;
    }
    const result = mediaOperations[entry.op].result.safeParse(message.result);
    if (result.success) entry.resolve(result.data);
    else
      entry.reject(
        new MediaRequestError('invalid-response', entry.op, entry.sessionId, result.error.issues[0]?.message ?? 'invalid result'),
      );
  };

  const onClose = (reason: string) => {
    epoch += 1;
    failAll('disconnected', `the media engine went away (${reason})`);
    disconnects.emit(logger, reason);
  };

  const stopMessages = transport.onMessage(onMessage);
  const stopClose = transport.onClose(onClose);

  return {
    get connected() {
      return !disposed && transport.isOpen;
    },
    get epoch() {
      return epoch;
    },
    request<Op extends MediaOp>(op: Op, sessionId: string | undefined, args: MediaArgs<Op>): Promise<MediaResult<Op>> {
      return new Promise<MediaResult<Op>>((resolve, reject) => {
        if (disposed || !transport.isOpen) {
          reject(new MediaRequestError('disconnected', op, sessionId, 'no media engine is connected'));
          return;
        }
        // Checked here too so a bad call fails at its source instead of in another process.
        const checked = mediaOperations[op].args.safeParse(args);
        if (!checked.success || (op !== 'setDevices' && !sessionId)) {
          const detail = checked.success ? 'a session id is required' : (checked.error.issues[0]?.message ?? 'invalid');
          reject(new MediaRequestError('invalid-request', op, sessionId, detail));
          return;
        }
        const id = `${idPrefix}-${nextId++}`;
        const timeoutMs = options.timeoutsMs?.[op] ?? options.timeoutMs;
        const timer = setTimeout(() => {
          settle(id);
          reject(new MediaRequestError('timeout', op, sessionId, `no answer within ${timeoutMs} ms`));
        }, timeoutMs);
        pending.set(id, { op, sessionId, timer, resolve: resolve as (result: unknown) => void, reject });
        try {
          transport.send({ kind: 'request', id, op, sessionId, args: checked.data } as MediaRequest);
        } catch (error) {
          settle(id);
          reject(new MediaRequestError('disconnected', op, sessionId, describeError(error)));
        }
      });
    },
    onEvent: (listener) => events.add(listener),
    onDisconnect: (listener) => disconnects.add(listener),
    dispose() {
      if (disposed) return;
      disposed = true;
      stopMessages();
      stopClose();
      failAll('disconnected', 'the media port was disposed');
      events.clear();
      disconnects.clear();
    },
  };
}
