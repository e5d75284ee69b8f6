import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createMediaPort, MediaRequestError, type MediaEnginePort } from '../../../src/main/media/mediaPort';
import type { MediaLogger } from '../../../src/main/media/transport';
import { FakeTransport } from './fakeTransport';

const stats = {
  sessionId: 's1',
  takenAt: 1,
  connectionState: 'connected',
  inbound: { bytesReceived: 10, packetsReceived: 1, packetsLost: 0, jitterMs: 0, audioLevel: 0.1, totalAudioEnergy: 0.2 },
  outbound: { bytesSent: 10, packetsSent: 1 },
  roundTripTimeMs: null,
  localAudioLevel: null,
  muted: false,
  inputDeviceId: null,
  outputDeviceId: null,
};

describe('media engine port', () => {
  let transport: FakeTransport;
  let port: MediaEnginePort;
  let warnings: string[];
  const logger: MediaLogger = { error: (m) => warnings.push(m), warn: (m) => warnings.push(m), debug: () => {} };

  beforeEach(() => {
    vi.useFakeTimers();
    warnings = [];
    transport = new FakeTransport();
    port = createMediaPort(transport, { timeoutMs: 1000, timeoutsMs: { getDescription: 3000 }, logger });
  });

  afterEach(() => {
    port.dispose();
    vi.useRealTimers();
  });

  it('matches each response to its request by correlation id, in any order', async () => {
    const first = port.request('hasDescription', 's1', { contentType: 'application/sdp' });
    const second = port.request('sendDtmf', 's1', { tones: '12#' });
    expect(transport.sent).toHaveLength(2);
    const [a, b] = transport.sent;
    expect(a?.id).not.toBe(b?.id);
    expect(b).toMatchObject({ kind: 'request', op: 'sendDtmf', sessionId: 's1', args: { tones: '12#' } });
    transport.answer(b, false);
    transport.answer(a, true);
    await expect(first).resolves.toBe(true);
    await expect(second).resolves.toBe(false);
  });

  it('passes the engine failure on with its code and the operation in the message', async () => {
    const pending = port.request('setDescription', 's1', { sdp: 'v=0', options: {} });
    transport.fail(transport.last(), 'failed', 'InvalidAccessError: bad m-line');
    const error = await pending.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MediaRequestError);
    expect(error).toMatchObject({ code: 'failed', op: 'setDescription', sessionId: 's1' });
    expect((error as Error).message).toContain('bad m-line');
  });

  it('rejects a request the engine does not answer within its bound, and ignores the late answer', async () => {
    const pending = port.request('close', 's1', {});
    const outcome = pending.catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(999);
    transport.answer(transport.sent[0], null); // in time
    await expect(pending).resolves.toBeNull();

    const slow = port.request('close', 's1', {}).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(1000);
    expect(await slow).toMatchObject({ code: 'timeout', op: 'close' });
    transport.answer(transport.sent[1], null); // too late: no throw, nothing resolves twice
    expect(await outcome).toBeNull();
  });

  it('uses the per-operation bound where one is given', async () => {
    const pending = port.request('getDescription', 's1', { options: {} }).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(2999);
    transport.answer(transport.last(), { body: 'v=0\r\n', contentType: 'application/sdp', type: 'offer' });
    expect(await pending).toMatchObject({ type: 'offer' });
  });

  it('fails every pending request at once when the transport closes, and new ones right away', async () => {
    const disconnected = vi.fn();
    port.onDisconnect(disconnected);
    const a = port.request('getDescription', 's1', { options: {} }).catch((e: unknown) => e);
    const b = port.request('getStats', 's2', {}).catch((e: unknown) => e);
    const epochBefore = port.epoch;
    transport.drop('page closed');
    // No timers advanced: the rejections must not wait for the bound.
    expect(await a).toMatchObject({ code: 'disconnected', op: 'getDescription' });
    expect(await b).toMatchObject({ code: 'disconnected', op: 'getStats' });
    expect((await a) as Error).toHaveProperty('message', expect.stringContaining('page closed'));
    expect(disconnected).toHaveBeenCalledWith('page closed');
    expect(port.connected).toBe(false);
    expect(port.epoch).toBe(epochBefore + 1);
    await expect(port.request('close', 's1', {})).rejects.toMatchObject({ code: 'disconnected' });
  });

  it('fails a request whose send throws instead of leaving it to time out', async () => {
    transport.send = () => {
      throw new Error('socket buffer full');
    };
    await expect(port.request('close', 's1', {})).rejects.toMatchObject({ code: 'disconnected', message: expect.stringContaining('buffer full') });
  });

  it('refuses bad arguments before they leave the process', async () => {
    await expect(port.request('sendDtmf', 's1', { tones: '12x' })).rejects.toMatchObject({ code: 'invalid-request' });
    await expect(port.request('close', undefined, {})).rejects.toMatchObject({ code: 'invalid-request' });
    // setDevices alone may go without a session (the engine-wide choice).
    const devices = port.request('setDevices', undefined, { inputDeviceId: 'mic-2' });
    expect(transport.sent.map((r) => r.op)).toEqual(['setDevices']);
    transport.answer(transport.last(), null);
    await expect(devices).resolves.toBeNull();
  });

  it('drops malformed and hostile messages without disturbing pending requests', async () => {
    const pending = port.request('hasDescription', 's1', { contentType: 'application/sdp' });
    const request = transport.last();
    transport.deliver('not an object');
    transport.deliver(null);
    transport.deliver({ kind: 'response', id: request?.id, ok: true, result: true, extra: 'field' });
    transport.deliver({ kind: 'response', id: '../../etc', ok: true, result: true });
    transport.deliver({ kind: 'response', id: request?.id, ok: false, error: { code: 'bogus', message: 'x' } });
    transport.deliver({ kind: 'event', event: 'stats', sessionId: 's1', stats: { ...stats, inbound: 'lots' } });
    transport.deliver({ kind: 'response', id: 'x'.repeat(500), ok: true, result: true });
    expect(warnings.filter((w) => w.includes('malformed'))).toHaveLength(7);
    transport.answer(request, true);
    await expect(pending).resolves.toBe(true);
  });

  it('rejects an answer whose result does not fit the operation', async () => {
    const pending = port.request('getDescription', 's1', { options: {} });
    transport.answer(transport.last(), { body: 'v=0', contentType: 'application/sdp', type: 'pranswer' });
    await expect(pending).rejects.toMatchObject({ code: 'invalid-response', op: 'getDescription' });
    const huge = port.request('getDescription', 's1', { options: {} });
    transport.answer(transport.last(), { body: 'a'.repeat(70_000), contentType: 'application/sdp', type: 'offer' });
    await expect(huge).rejects.toMatchObject({ code: 'invalid-response' });
  });

  it('hands engine events to listeners, and a throwing listener does not stop the others', () => {
    const seen: string[] = [];
    port.onEvent(() => {
      throw new Error('listener bug');
    });
    port.onEvent((event) => seen.push(event.event));
    transport.deliver({ kind: 'event', event: 'stats', sessionId: 's1', stats });
    transport.deliver({ kind: 'event', event: 'ended', sessionId: 's1', reason: 'ICE failed' });
    transport.deliver({ kind: 'event', event: 'ready', protocol: 1, engine: 'x' });
    expect(seen).toEqual(['stats', 'ended']);
    expect(warnings.some((w) => w.includes('listener bug'))).toBe(true);
  });

  it('disposing fails what is pending and stops listening', async () => {
    const pending = port.request('close', 's1', {}).catch((e: unknown) => e);
    port.dispose();
    expect(await pending).toMatchObject({ code: 'disconnected' });
    expect(port.connected).toBe(false);
  });
});
