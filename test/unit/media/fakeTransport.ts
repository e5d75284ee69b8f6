import type { MediaRequest } from '../../../src/shared/media';
import type { MediaTransport } from '../../../src/main/media/transport';

/** An in-memory transport: the test plays the engine by answering `sent` requests. */
export class FakeTransport implements MediaTransport {
  isOpen = true;
  readonly sent: MediaRequest[] = [];
  private readonly messageListeners = new Set<(message: unknown) => void>();
  private readonly closeListeners = new Set<(reason: string) => void>();

  send(message: MediaRequest): void {
    if (!this.isOpen) throw new Error('fake transport closed');
    this.sent.push(message);
  }

  onMessage(listener: (message: unknown) => void): () => void {
    this.messageListeners.add(listener);
    return () => this.messageListeners.delete(listener);
  }

  onClose(listener: (reason: string) => void): () => void {
    this.closeListeners.add(listener);
    return () => this.closeListeners.delete(listener);
  }

  close(): void {
    this.drop('closed by test');
  }

  /** The engine vanished (page closed). */
  drop(reason: string): void {
    if (!this.isOpen) return;
    this.isOpen = false;
    for (const listener of this.closeListeners) listener(reason);
  }

  deliver(message: unknown): void {
    for (const listener of this.messageListeners) listener(message);
  }

  answer(request: MediaRequest | undefined, result: unknown): void {
    if (!request) throw new Error('no request to answer');
    this.deliver({ kind: 'response', id: request.id, ok: true, result });
  }

  fail(request: MediaRequest | undefined, code: string, message: string): void {
    if (!request) throw new Error('no request to fail');
    this.deliver({ kind: 'response', id: request.id, ok: false, error: { code, message } });
  }

  last(): MediaRequest | undefined {
    return this.sent[this.sent.length - 1];
  }
}
