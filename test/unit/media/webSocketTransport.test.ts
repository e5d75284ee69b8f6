import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createMediaPort } from '../../../src/main/media/mediaPort';
import { startMediaEngineServer, type MediaEngineServer } from '../../../src/main/media/webSocketTransport';

const ready = (engine: string) => JSON.stringify({ kind: 'event', event: 'ready', protocol: 1, engine });

function connect(url: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    socket.once('open', () => resolve(socket));
    socket.once('error', reject);
  });
}

function closed(socket: WebSocket): Promise<number> {
  return new Promise((resolve) => socket.once('close', (code) => resolve(code)));
}

describe('loopback WebSocket media transport', () => {
  let server: MediaEngineServer;
  const sockets: WebSocket[] = [];

  beforeEach(async () => {
    server = await startMediaEngineServer({ handshakeTimeoutMs: 2000, heartbeatMs: 0 });
  });

  afterEach(async () => {
    for (const socket of sockets) socket.terminate();
    sockets.length = 0;
    await server.close();
  });

  it('listens on loopback only, on an ephemeral port', () => {
    expect(server.engineUrl).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/media\?token=/);
    expect(server.port).toBeGreaterThan(0);
  });

  it('refuses a connection without the right token', async () => {
    const bad = new WebSocket(server.engineUrl.replace(/token=[^&]+/, 'token=wrong'));
    sockets.push(bad);
    bad.on('error', () => {}); // the refused handshake surfaces as an error too
    const status = await new Promise<number>((resolve) => bad.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0)));
    expect(status).toBe(401);
  });

  it('carries requests and responses between the port and a page that said ready', async () => {
    const page = await connect(server.engineUrl);
    sockets.push(page);
    const arrival = server.waitForEngine('alice', 2000);
    page.send(ready('alice'));
    const transport = await arrival;
    const port = createMediaPort(transport, { timeoutMs: 2000 });
    page.on('message', (data) => {
      const request = JSON.parse(String(data)) as { id: string; op: string };
      page.send(JSON.stringify({ kind: 'response', id: request.id, ok: true, result: request.op === 'hasDescription' }));
    });
    await expect(port.request('hasDescription', 's1', { contentType: 'application/sdp' })).resolves.toBe(true);
    port.dispose();
  });

  it('closes a connection whose first message is not the ready event, and a second page with the same name', async () => {
    const rude = await connect(server.engineUrl);
    sockets.push(rude);
    const rudeClosed = closed(rude);
    rude.send(JSON.stringify({ hello: 'world' }));
    expect(await rudeClosed).toBe(4000);

    const first = await connect(server.engineUrl);
    sockets.push(first);
    const arrival = server.waitForEngine('bob', 2000);
    first.send(ready('bob'));
    await arrival;
    const twin = await connect(server.engineUrl);
    sockets.push(twin);
    const twinClosed = closed(twin);
    twin.send(ready('bob'));
    expect(await twinClosed).toBe(4009);
  });

  it('a page that goes away fails the pending request at once and frees its name', async () => {
    const page = await connect(server.engineUrl);
    sockets.push(page);
    const arrival = server.waitForEngine('carol', 2000);
    page.send(ready('carol'));
    const transport = await arrival;
    const port = createMediaPort(transport, { timeoutMs: 60_000 });
    const pending = port.request('getDescription', 's1', { options: {} });
    await new Promise((resolve) => page.once('message', resolve));
    page.close();
    await expect(pending).rejects.toMatchObject({ code: 'disconnected' });
    expect(transport.isOpen).toBe(false);

    const again = await connect(server.engineUrl);
    sockets.push(again);
    const rearrival = server.waitForEngine('carol', 2000);
    again.send(ready('carol'));
    await expect(rearrival).resolves.toBeDefined();
    port.dispose();
  });

  it('drops frames that are not JSON and keeps working', async () => {
    const page = await connect(server.engineUrl);
    sockets.push(page);
    const arrival = server.waitForEngine('dave', 2000);
    page.send(ready('dave'));
    const port = createMediaPort(await arrival, { timeoutMs: 2000 });
    page.on('message', (data) => {
      const request = JSON.parse(String(data)) as { id: string };
      page.send('{not json');
      page.send(JSON.stringify({ kind: 'response', id: request.id, ok: true, result: null }));
    });
    await expect(port.request('close', 's1', {})).resolves.toBeNull();
    port.dispose();
  });

  it('drops a page that sends an oversized frame, failing what was pending', async () => {
    const page = await connect(server.engineUrl);
    sockets.push(page);
    const arrival = server.waitForEngine('eve', 2000);
    page.send(ready('eve'));
    const transport = await arrival;
    const port = createMediaPort(transport, { timeoutMs: 60_000 });
    const pending = port.request('getStats', 's1', {}).catch((error: unknown) => error);
    const pageClosed = closed(page);
    page.send('x'.repeat(300 * 1024));
    expect(await pageClosed).toBe(1009);
    expect(await pending).toMatchObject({ code: 'disconnected', message: expect.stringContaining('payload') });
    port.dispose();
  });

  it('keeps a page that misses a ping now and then, and drops one that stopped answering', async () => {
    const beating = await startMediaEngineServer({ heartbeatMs: 30 });
    try {
      // Answers every other ping only, as a page on a stalled machine seems to.
      const slow = new WebSocket(beating.engineUrl, { autoPong: false });
      sockets.push(slow);
      await new Promise((resolve) => slow.once('open', resolve));
      let pings = 0;
      slow.on('ping', () => {
        pings += 1;
        if (pings % 2 === 0) slow.pong();
      });
      const slowArrival = beating.waitForEngine('slow', 2000);
      slow.send(ready('slow'));
      const slowTransport = await slowArrival;
      await new Promise<void>((resolve) => slow.on('ping', () => pings >= 12 && resolve()));
      expect(slowTransport.isOpen).toBe(true);

      const frozen = new WebSocket(beating.engineUrl, { autoPong: false });
      sockets.push(frozen);
      await new Promise((resolve) => frozen.once('open', resolve));
      const frozenArrival = beating.waitForEngine('frozen', 2000);
      frozen.send(ready('frozen'));
      const frozenTransport = await frozenArrival;
      const reason = await new Promise<string>((resolve) => frozenTransport.onClose(resolve));
      expect(reason).toContain('stopped answering pings');
      expect(slowTransport.isOpen).toBe(true);
    } finally {
      await beating.close();
    }
  });
});
