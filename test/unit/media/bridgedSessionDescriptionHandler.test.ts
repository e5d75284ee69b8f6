import { describe, expect, it, vi } from 'vitest';
import type { Session } from 'sip.js';
import {
  BridgedSessionDescriptionHandler,
  bridgedMediaFactory,
  mediaSessionIdOf,
  MediaSessionClosedError,
} from '../../../src/main/media/bridgedSessionDescriptionHandler';
import { MediaRequestError, type MediaEngineEvent, type MediaEnginePort } from '../../../src/main/media/mediaPort';
import type { MediaArgs, MediaOp, MediaResult } from '../../../src/shared/media';

interface Call {
  op: MediaOp;
  sessionId: string | undefined;
  args: unknown;
  resolve(result: unknown): void;
  reject(error: Error): void;
}

/** A port whose engine is the test: each request waits until the test settles it. */
class FakePort implements MediaEnginePort {
  connected = true;
  epoch = 0;
  readonly calls: Call[] = [];

  request<Op extends MediaOp>(op: Op, sessionId: string | undefined, args: MediaArgs<Op>): Promise<MediaResult<Op>> {
    if (!this.connected) return Promise.reject(new MediaRequestError('disconnected', op, sessionId, 'gone'));
    return new Promise((resolve, reject) => {
      this.calls.push({ op, sessionId, args, resolve: resolve as (r: unknown) => void, reject });
    });
  }
  private readonly eventListeners = new Set<(event: MediaEngineEvent) => void>();
  private readonly disconnectListeners = new Set<(reason: string) => void>();

  onEvent(listener: (event: MediaEngineEvent) => void): () => void {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }
  onDisconnect(listener: (reason: string) => void): () => void {
    this.disconnectListeners.add(listener);
    return () => this.disconnectListeners.delete(listener);
  }
  emitEvent(event: MediaEngineEvent): void {
    for (const listener of this.eventListeners) listener(event);
  }
  disconnect(reason: string): void {
    this.connected = false;
    this.epoch += 1;
    for (const listener of this.disconnectListeners) listener(reason);
  }
  dispose(): void {}

  last(op: MediaOp): Call {
    const call = [...this.calls].reverse().find((c) => c.op === op);
    if (!call) throw new Error(`no ${op} call`);
    return call;
  }
}

const logs: string[] = [];
const logger = { error: (m: string) => logs.push(m), warn: (m: string) => logs.push(m), debug: () => {} };
const offer = { body: 'v=0\r\na=sendrecv\r\n', contentType: 'application/sdp', type: 'offer' as const };
const answer = { body: 'v=0\r\na=recvonly\r\n', contentType: 'application/sdp', type: 'answer' as const };

function fakeSession(): Session {
  const sipLogger = { error: vi.fn(), warn: vi.fn(), debug: vi.fn(), log: vi.fn() };
  return { id: 'call-1@host', userAgent: { getLogger: () => sipLogger } } as unknown as Session;
}

function handler(port: FakePort, onDtmfFailure?: () => void): BridgedSessionDescriptionHandler {
  return new BridgedSessionDescriptionHandler(port, 'media-1', logger, { iceGatheringTimeoutMs: 500 }, { onDtmfFailure });
}

describe('bridged session description handler', () => {
  it('forwards getDescription with hold and ICE options and returns the engine SDP', async () => {
    const port = new FakePort();
    const sdh = handler(port);
    const pending = sdh.getDescription({ hold: true, offerOptions: { iceRestart: true }, constraints: { audio: true } } as object);
    const call = port.last('getDescription');
    expect(call.sessionId).toBe('media-1');
    expect(call.args).toEqual({ options: { hold: true, iceRestart: true }, config: { iceGatheringTimeoutMs: 500 } });
    call.resolve(offer);
    await expect(pending).resolves.toEqual({ body: offer.body, contentType: 'application/sdp' });
  });

  it('applies modifiers in main: to the engine SDP for getDescription, to the remote SDP before setDescription', async () => {
    const port = new FakePort();
    const sdh = handler(port);
    const seenTypes: string[] = [];
    const tag = (label: string) => async (d: RTCSessionDescriptionInit) => {
      seenTypes.push(d.type);
      return { ...d, sdp: `${d.sdp}a=${label}\r\n` };
    };
    const local = sdh.getDescription({}, [tag('one'), tag('two')]);
    port.last('getDescription').resolve(offer);
    expect((await local).body).toBe(`${offer.body}a=one\r\na=two\r\n`);

    // After our offer, the remote SDP is the answer.
    const remote = sdh.setDescription(answer.body, {}, [tag('remote')]);
    await vi.waitFor(() => expect(port.calls.some((c) => c.op === 'setDescription')).toBe(true));
    expect(port.last('setDescription').args).toMatchObject({ sdp: `${answer.body}a=remote\r\n` });
    port.last('setDescription').resolve(null);
    await remote;
    expect(seenTypes).toEqual(['offer', 'offer', 'answer']);

    // A re-INVITE from the peer: its SDP is now an offer.
    const reinvite = sdh.setDescription(offer.body, {}, [tag('again')]);
    await vi.waitFor(() => expect(port.calls.filter((c) => c.op === 'setDescription')).toHaveLength(2));
    port.last('setDescription').resolve(null);
    await reinvite;
    expect(seenTypes.at(-1)).toBe('offer');
  });

  it('answers hasDescription itself, since sip.js asks synchronously', () => {
    const sdh = handler(new FakePort());
    expect(sdh.hasDescription('application/sdp')).toBe(true);
    expect(sdh.hasDescription('text/plain')).toBe(false);
  });

  it('rejects getDescription when the engine fails or is unreachable, with the cause', async () => {
    const port = new FakePort();
    const sdh = handler(port);
    const pending = sdh.getDescription();
    port.last('getDescription').reject(new MediaRequestError('timeout', 'getDescription', 'media-1', 'no answer within 3000 ms'));
    await expect(pending).rejects.toMatchObject({ code: 'timeout' });

    port.connected = false;
    await expect(sdh.getDescription()).rejects.toMatchObject({ code: 'disconnected' });
  });

  it('refuses to work for an engine that restarted since the handler was made', async () => {
    const port = new FakePort();
    const sdh = handler(port);
    port.epoch = 1;
    await expect(sdh.setDescription('v=0')).rejects.toMatchObject({ code: 'disconnected', message: expect.stringContaining('restarted') });
    expect(sdh.sendDtmf('1')).toBe(false);
    expect(port.calls).toHaveLength(0);
  });

  it('close rejects what is in flight, tells the engine once, and later calls fail', async () => {
    const port = new FakePort();
    const sdh = handler(port);
    const pending = sdh.getDescription();
    sdh.close();
    sdh.close();
    await expect(pending).rejects.toBeInstanceOf(MediaSessionClosedError);
    expect(port.calls.filter((c) => c.op === 'close')).toHaveLength(1);
    port.last('close').reject(new MediaRequestError('unknown-session', 'close', 'media-1', 'never created'));
    await expect(sdh.setDescription('v=0')).rejects.toBeInstanceOf(MediaSessionClosedError);
    expect(sdh.isClosed).toBe(true);
  });

  it('sendDtmf returns at once, sends asynchronously and reports a failure to the logger and the hook', async () => {
    const port = new FakePort();
    const failures: string[] = [];
    const sdh = handler(port, () => failures.push('failed'));
    expect(sdh.sendDtmf('5#', { duration: 10, interToneGap: 70.4 })).toBe(true);
    expect(port.last('sendDtmf').args).toEqual({ tones: '5#', durationMs: 40, interToneGapMs: 70 });
    port.last('sendDtmf').resolve(false);
    await vi.waitFor(() => expect(failures).toEqual(['failed']));
    expect(logs.some((l) => l.includes('sendDtmf 5# failed') && l.includes('no DTMF sender'))).toBe(true);

    expect(sdh.sendDtmf('x')).toBe(false);
    port.connected = false;
    expect(sdh.sendDtmf('1')).toBe(false);
  });

  it('forwards rollback, mute, devices and stats for its session', async () => {
    const port = new FakePort();
    const sdh = handler(port);
    const rollback = sdh.rollbackDescription();
    port.last('rollbackDescription').resolve(null);
    await rollback;
    sdh.setMuted(true);
    expect(port.last('setMuted').args).toEqual({ muted: true });
    port.last('setMuted').resolve(null);
    sdh.setMuted(false);
    port.last('setMuted').reject(new MediaRequestError('closed', 'setMuted', 'media-1', 'gone'));
    await vi.waitFor(() => expect(logs.some((l) => l.includes('setMuted(false)'))).toBe(true));
    const devices = sdh.setDevices({ outputDeviceId: 'speaker-2' });
    expect(port.last('setDevices')).toMatchObject({ sessionId: 'media-1', args: { outputDeviceId: 'speaker-2' } });
    port.last('setDevices').resolve(null);
    await devices;
    const stats = sdh.getStats();
    port.last('getStats').resolve({ sessionId: 'media-1' });
    await expect(stats).resolves.toEqual({ sessionId: 'media-1' });
  });
});

describe('bridged media factory', () => {
  it('makes a handler per call with a fresh media session id and the UserAgent ICE options', async () => {
    const port = new FakePort();
    const factory = bridgedMediaFactory(port, { iceGatheringTimeoutMs: 300 });
    const session = fakeSession();
    const first = factory(session, { iceGatheringTimeout: 250, peerConnectionConfiguration: { iceServers: [{ urls: 'stun:x' }] } });
    const second = factory(session, {});
    expect(first).toBeInstanceOf(BridgedSessionDescriptionHandler);
    const a = first as BridgedSessionDescriptionHandler;
    const b = second as BridgedSessionDescriptionHandler;
    expect(a.mediaSessionId).not.toBe(b.mediaSessionId);
    void a.getDescription();
    expect(port.last('getDescription').args).toMatchObject({ config: { iceGatheringTimeoutMs: 250, iceServers: [{ urls: 'stun:x' }] } });
    void b.getDescription();
    expect(port.last('getDescription').args).toMatchObject({ config: { iceGatheringTimeoutMs: 300 } });

    const withHandler = { ...session, sessionDescriptionHandler: a } as unknown as Session;
    expect(mediaSessionIdOf(withHandler)).toBe(a.mediaSessionId);
    expect(mediaSessionIdOf(session)).toBeUndefined();
  });

  it('defaults the ICE bound to 500 ms, not sip.js’s 5 s', () => {
    const port = new FakePort();
    const sdh = bridgedMediaFactory(port)(fakeSession(), undefined) as BridgedSessionDescriptionHandler;
    void sdh.getDescription();
    expect(port.last('getDescription').args).toMatchObject({ config: { iceGatheringTimeoutMs: 500 } });
  });

  it('tells the owner which live calls lost their media, once, and not about closed ones', () => {
    const port = new FakePort();
    const lost: Array<[string, string]> = [];
    const factory = bridgedMediaFactory(port, { logger, onMediaLost: (session, reason) => lost.push([session.id, reason]) });
    const sessionA = { ...fakeSession(), id: 'call-a' } as unknown as Session;
    const sessionB = { ...fakeSession(), id: 'call-b' } as unknown as Session;
    const sessionC = { ...fakeSession(), id: 'call-c' } as unknown as Session;
    const a = factory(sessionA, {}) as BridgedSessionDescriptionHandler;
    factory(sessionB, {});
    const c = factory(sessionC, {}) as BridgedSessionDescriptionHandler;
    c.close();

    port.emitEvent({ kind: 'event', event: 'ended', sessionId: a.mediaSessionId, reason: 'The media connection failed (ICE).' });
    port.emitEvent({ kind: 'event', event: 'ended', sessionId: 'someone-else', reason: 'x' });
    expect(lost).toEqual([['call-a', 'The media connection failed (ICE).']]);

    port.disconnect('the page was closed');
    expect(lost).toEqual([
      ['call-a', 'The media connection failed (ICE).'],
      ['call-b', "The call's audio stopped: the page was closed."],
    ]);
  });

  describe('a ringing call prepared ahead of the answer', () => {
    const ringing = (): Session =>
      ({ ...fakeSession(), userAgent: { ...fakeSession().userAgent, configuration: { sessionDescriptionHandlerFactoryOptions: { iceGatheringTimeout: 250 } } } }) as unknown as Session;

    it('sends the offer while the call rings; answering reuses that handler and skips sending the offer again', async () => {
      const port = new FakePort();
      const factory = bridgedMediaFactory(port, { logger });
      const session = ringing();
      factory.prepareAnswer!(session, offer.body);
      const prepare = port.last('prepareOffer');
      expect(prepare.args).toMatchObject({ sdp: offer.body, config: { iceGatheringTimeoutMs: 250 } });
      prepare.resolve(null);

      const sdh = factory(session, {}) as BridgedSessionDescriptionHandler;
      expect(sdh.mediaSessionId).toBe(prepare.sessionId);
      await sdh.setDescription(offer.body);
      expect(port.calls.filter((c) => c.op === 'setDescription')).toHaveLength(0);
      const made = sdh.getDescription();
      port.last('getDescription').resolve(answer);
      await expect(made).resolves.toEqual({ body: answer.body, contentType: 'application/sdp' });
    });

    it('sends the offer as usual when preparing failed or the offer differs', async () => {
      const port = new FakePort();
      const factory = bridgedMediaFactory(port, { logger });
      const failed = ringing();
      factory.prepareAnswer!(failed, offer.body);
      port.last('prepareOffer').reject(new Error('engine busy'));
      const a = factory(failed, {}) as BridgedSessionDescriptionHandler;
      const setA = a.setDescription(offer.body);
      await vi.waitFor(() => expect(port.calls.filter((c) => c.op === 'setDescription')).toHaveLength(1));
      port.last('setDescription').resolve(null);
      await setA;

      const changed = ringing();
      factory.prepareAnswer!(changed, offer.body);
      port.last('prepareOffer').resolve(null);
      const b = factory(changed, {}) as BridgedSessionDescriptionHandler;
      const setB = b.setDescription('v=0\r\na=sendonly\r\n');
      await vi.waitFor(() => expect(port.calls.filter((c) => c.op === 'setDescription')).toHaveLength(2));
      expect(port.last('setDescription').args).toMatchObject({ sdp: 'v=0\r\na=sendonly\r\n' });
      port.last('setDescription').resolve(null);
      await setB;
    });

    it('a call that ends unanswered closes its prepared media session in the engine', () => {
      const port = new FakePort();
      const factory = bridgedMediaFactory(port, { logger });
      const session = ringing();
      const release = factory.prepareAnswer!(session, offer.body);
      const prepared = port.last('prepareOffer');
      release();
      expect(port.last('close').sessionId).toBe(prepared.sessionId);
      // sip.js asking later (it will not) would get a fresh handler, never the closed one
      const fresh = factory(session, {}) as BridgedSessionDescriptionHandler;
      expect(fresh.mediaSessionId).not.toBe(prepared.sessionId);
    });

    it('releasing after the answer leaves the answered call alone', () => {
      const port = new FakePort();
      const factory = bridgedMediaFactory(port, { logger });
      const session = ringing();
      const release = factory.prepareAnswer!(session, offer.body);
      const sdh = factory(session, {}) as BridgedSessionDescriptionHandler;
      release();
      expect(port.calls.filter((c) => c.op === 'close')).toHaveLength(0);
      expect(sdh.isClosed).toBe(false);
    });
  });
});
