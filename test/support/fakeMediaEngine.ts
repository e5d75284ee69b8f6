/**
 * A media engine stand-in behind a `MediaTransport`, for Node tests of the bridge's wiring: it
 * answers the bridge's requests with a plain audio SDP (no WebRTC), and `kill()` drops the
 * transport the way a crashed or closed renderer page does.
 *
 *   const engine = new FakeMediaEngine();
 *   const port = createMediaPort(engine, { timeoutMs: 2000 });
 *   ... bridgedMediaFactory(port, { onMediaLost }) ...
 *   engine.kill('the page closed');
 */
import type { MediaRequest } from '../../src/shared/media';
import { Listeners, silentMediaLogger, type MediaTransport } from '../../src/main/media/transport';

function audioSdp(version: number): string {
  return [
    'v=0',
    `o=- 4242 ${version} IN IP4 127.0.0.1`,
    's=-',
    'c=IN IP4 127.0.0.1',
    't=0 0',
    'm=audio 40000 RTP/AVP 0 101',
    'a=rtpmap:0 PCMU/8000',
    'a=rtpmap:101 telephone-event/8000',
    'a=sendrecv',
    '',
  ].join('\r\n');
}

export class FakeMediaEngine implements MediaTransport {
  private open = true;
  private version = 1;
  private readonly messages = new Listeners<[unknown]>();
  private readonly closes = new Listeners<[string]>();
  /** Sessions holding a remote offer: their next description is the answer. */
  private readonly remoteOffers = new Set<string>();
  /** Sessions that made an offer: the remote description they get is the answer. */
  private readonly localOffers = new Set<string>();

  get isOpen(): boolean {
    return this.open;
  }

  send(message: MediaRequest): void {
    if (!this.open) throw new Error('the fake media engine is gone');
    const sessionId = 'sessionId' in message ? String(message.sessionId) : '';
    let result: unknown = null;
    switch (message.op) {
      case 'getDescription': {
        const answer = this.remoteOffers.delete(sessionId);
        if (!answer) this.localOffers.add(sessionId);
        result = { body: audioSdp(this.version++), contentType: 'application/sdp', type: answer ? 'answer' : 'offer' };
        break;
      }
      case 'setDescription':
        if (!this.localOffers.delete(sessionId)) this.remoteOffers.add(sessionId);
        break;
      case 'prepareOffer':
        this.remoteOffers.add(sessionId);
        break;
      case 'hasDescription':
      case 'sendDtmf':
        result = true;
        break;
      case 'getStats':
        return this.reply({ kind: 'response', id: message.id, ok: false, error: { code: 'failed', message: 'no stats in the fake engine' } });
      default:
        break;
    }
    this.reply({ kind: 'response', id: message.id, ok: true, result });
  }

  onMessage(listener: (message: unknown) => void): () => void {
    return this.messages.add(listener);
  }

  onClose(listener: (reason: string) => void): () => void {
    return this.closes.add(listener);
  }

  close(): void {
    this.kill('closed');
  }

  /** The engine goes away: pending and future requests fail, live calls lose their media. */
  kill(reason: string): void {
    if (!this.open) return;
    this.open = false;
    this.closes.emit(silentMediaLogger, reason);
  }

  private reply(message: unknown): void {
    setImmediate(() => this.messages.emit(silentMediaLogger, message));
  }
}
