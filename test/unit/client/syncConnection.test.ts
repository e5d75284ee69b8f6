/**
 * The sync socket against a small local WebSocket server speaking the server's protocol:
 * hello with resume point, online only after the first answer, reconnect after a drop,
 * dead-link detection, session end, and the backoff's bounds.
 */
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer, type WebSocket } from 'ws';
import { SyncConnection, type SyncStatus } from '../../../src/main/client/syncConnection';
import { fullJitterDelay as backoffDelay } from '../../../src/shared/backoff';
import type { ClientHello } from '../../../src/shared/server-api';
import { makeSnapshot } from './fixtures';
import type { Text } from '../../../src/shared/text';

interface FakeServer {
  url: string;
  hellos: ClientHello[];
  sockets: WebSocket[];
  onHello(answer: (socket: WebSocket, hello: ClientHello) => void): void;
  close(): Promise<void>;
}

async function fakeServer(): Promise<FakeServer> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, path: '/api/v1/ws' });
  await new Promise<void>((resolve) => wss.once('listening', resolve));
  const hellos: ClientHello[] = [];
  const sockets: WebSocket[] = [];
  let answer: (socket: WebSocket, hello: ClientHello) => void = () => undefined;
  wss.on('connection', (socket) => {
    sockets.push(socket);
    socket.once('message', (data) => {
      const hello = JSON.parse(String(data)) as ClientHello;
      hellos.push(hello);
      answer(socket, hello);
    });
  });
  return {
    url: `http://127.0.0.1:${(wss.address() as AddressInfo).port}`,
    hellos,
    sockets,
    onHello: (fn) => (answer = fn),
    close: () =>
      new Promise((resolve) => {
        for (const s of wss.clients) s.terminate();
        wss.close(() => resolve());
      }),
  };
}

function client(url: string, options: { revision?: () => number | null; silenceMs?: number } = {}) {
  const statuses: SyncStatus[] = [];
  const ended: Text[] = [];
  const snapshots: number[] = [];
  const waiters: { status: SyncStatus; resolve: () => void }[] = [];
  const sync = new SyncConnection({
    serverUrl: url,
    token: 'tok',
    initialDelayMs: 50,
    maxDelayMs: 200,
    silenceMs: options.silenceMs,
    handlers: {
      resumeFrom: options.revision ?? (() => null),
      onSnapshot: (s) => snapshots.push(s.revision),
      onChanges: () => undefined,
      onStatus: (status) => {
        if (statuses.at(-1) !== status) statuses.push(status);
        for (const w of waiters.filter((w) => w.status === status)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve();
        }
      },
      onSessionEnded: (reason) => ended.push(reason),
    },
  });
  const reach = (status: SyncStatus) =>
    sync.currentStatus === status
      ? Promise.resolve()
      : new Promise<void>((resolve) => waiters.push({ status, resolve }));
  return { sync, statuses, ended, snapshots, reach };
}

describe('SyncConnection', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const fn of cleanups.splice(0).reverse()) await fn();
  });

  it('says hello with the token and resume point, and is online only after the first answer', async () => {
    const server = await fakeServer();
    cleanups.push(() => server.close());
    let release: () => void = () => undefined;
    server.onHello((socket) => {
      release = () => socket.send(JSON.stringify({ type: 'changes', userId: 'u1', changes: [] }));
    });
    const c = client(server.url, { revision: () => 7 });
    cleanups.push(() => c.sync.stop());
    c.sync.start();
    await new Promise<void>((resolve) => {
      const check = () => (server.hellos.length > 0 ? resolve() : setTimeout(check, 5));
      check();
    });
    // watchCompany: an admin's screens follow their company live (the server ignores it for others).
    expect(server.hellos[0]).toEqual({ type: 'hello', token: 'tok', resumeFrom: 7, watchCompany: true });
    expect(c.sync.currentStatus).toBe('connecting');
    release();
    await c.reach('online');
  });

  it('reconnects after the link drops and resumes', async () => {
    const server = await fakeServer();
    cleanups.push(() => server.close());
    server.onHello((socket) =>
      socket.send(JSON.stringify({ type: 'snapshot', snapshot: makeSnapshot() })),
    );
    const c = client(server.url);
    cleanups.push(() => c.sync.stop());
    c.sync.start();
    await c.reach('online');
    server.sockets[0]?.terminate();
    await c.reach('offline');
    await c.reach('online');
    expect(server.hellos).toHaveLength(2);
    expect(c.snapshots).toEqual([5, 5]);
  });

  it('treats a silent link as dead and reconnects', async () => {
    const server = await fakeServer();
    cleanups.push(() => server.close());
    // This server answers the hello and then never pings: after 150 ms of silence the client
    // must give the link up and connect again.
    server.onHello((socket) =>
      socket.send(JSON.stringify({ type: 'changes', userId: 'u1', changes: [] })),
    );
    const c = client(server.url, { silenceMs: 150 });
    cleanups.push(() => c.sync.stop());
    c.sync.start();
    await c.reach('online');
    await c.reach('offline');
    await c.reach('online');
    expect(server.hellos.length).toBeGreaterThanOrEqual(2);
  });

  it('stops on a session end and resumes only when told it was a false alarm', async () => {
    const server = await fakeServer();
    cleanups.push(() => server.close());
    server.onHello((socket) => {
      socket.send(
        JSON.stringify({ type: 'signed-out', reason: 'The server is shutting down', text: { key: 'auth.passwordChanged' } }),
      );
      socket.close(4401, 'The server is shutting down');
    });
    const c = client(server.url);
    cleanups.push(() => c.sync.stop());
    c.sync.start();
    await new Promise<void>((resolve) => {
      const check = () => (c.ended.length > 0 ? resolve() : setTimeout(check, 5));
      check();
    });
    // The server's text wins over its English reason.
    expect(c.ended).toEqual([{ key: 'auth.passwordChanged' }]);
    expect(server.hellos).toHaveLength(1);
    server.onHello((socket) =>
      socket.send(JSON.stringify({ type: 'changes', userId: 'u1', changes: [] })),
    );
    c.sync.resumeAfterFalseAlarm();
    await c.reach('online');
    expect(server.hellos).toHaveLength(2);
  });

  it('backs off exponentially with full jitter, bounded', () => {
    expect(backoffDelay(0, 500, 30_000, () => 1)).toBe(500);
    expect(backoffDelay(3, 500, 30_000, () => 1)).toBe(4000);
    expect(backoffDelay(30, 500, 30_000, () => 1)).toBe(30_000);
    expect(backoffDelay(5, 500, 30_000, () => 0)).toBe(100);
    expect(backoffDelay(5, 500, 30_000, () => 0.5)).toBe(8000);
  });
});
