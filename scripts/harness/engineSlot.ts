import { Listeners, silentMediaLogger, type MediaLogger, type MediaTransport } from '../../src/main/media/transport';
import type { MediaRequest } from '../../src/shared/media';

/**
 * One stable MediaTransport for the client's media port, in front of whichever page engine is
 * connected now. A reload connects a new engine: the old one's close is reported (the port
 * bumps its epoch, so old sessions are known gone) and the new one takes over, like the
 * Electron transport does for its window.
 */
export class EngineSlot implements MediaTransport {
  private current: { transport: MediaTransport; stop: () => void } | null = null;
  private readonly messages = new Listeners<[unknown]>();
  private readonly closes = new Listeners<[string]>();

  constructor(private readonly logger: MediaLogger = silentMediaLogger) {}

  attach(transport: MediaTransport): void {
    this.release('another page engine took over');
    const stopMessages = transport.onMessage((message) => this.messages.emit(this.logger, message));
    const stopClose = transport.onClose((reason) => {
      if (this.current?.transport === transport) this.release(reason);
    });
    this.current = {
      transport,
      stop: () => {
        stopMessages();
        stopClose();
      },
    };
  }

  private release(reason: string): void {
    const previous = this.current;
    if (!previous) return;
    this.current = null;
    previous.stop();
    this.closes.emit(this.logger, reason);
  }

  get isOpen(): boolean {
    return this.current?.transport.isOpen ?? false;
  }

  send(message: MediaRequest): void {
    if (!this.current) throw new Error('no page media engine is connected');
    this.current.transport.send(message);
  }

  onMessage(listener: (message: unknown) => void): () => void {
    return this.messages.add(listener);
  }

  onClose(listener: (reason: string) => void): () => void {
    return this.closes.add(listener);
  }

  /** Closes the current engine's connection from this side, as a missed heartbeat does. */
  drop(): void {
    this.current?.transport.close();
  }

  close(): void {
    const previous = this.current;
    this.release('the harness closed');
    previous?.transport.close();
  }
}
