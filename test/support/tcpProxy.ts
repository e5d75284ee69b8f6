/**
 * A TCP relay on a free loopback port that a test controls, to put between a client and a
 * server and break the path the way a network does:
 *
 *   const proxy = await startTcpProxy('127.0.0.1', pbx.wsPort);
 *   proxy.blackHole();   // nothing goes through any more, both ways; no socket is closed (no FIN)
 *   proxy.restore();     // new connections go through again (black-holed ones stay dead, as
 *                        // a connection through a NAT binding that expired does)
 *   await proxy.stop();
 *
 * While black-holed, bytes are read and dropped (a dead path loses packets; reading keeps the
 * sender's buffers from filling, which would tell it something) and new connections are
 * accepted but never reach the server.
 */
import { connect, createServer, type Socket } from 'node:net';

export interface TcpProxy {
  /** ws://host:port through the proxy. */
  url(scheme: 'ws' | 'wss'): string;
  port: number;
  /** How many connections were accepted so far. */
  readonly accepted: number;
  blackHole(): void;
  restore(): void;
  stop(): Promise<void>;
}

interface Pair {
  client: Socket;
  server: Socket | null;
  dead: boolean;
}

export async function startTcpProxy(targetHost: string, targetPort: number): Promise<TcpProxy> {
  const pairs = new Set<Pair>();
  let holed = false;
  let accepted = 0;

  const server = createServer((client) => {
    accepted += 1;
    const pair: Pair = { client, server: null, dead: holed };
    pairs.add(pair);
    const forget = (): void => {
      pairs.delete(pair);
    };
    client.on('error', () => undefined);
    client.on('close', () => {
      // A black-holed path tells the other side nothing; a live one passes the close on.
      if (!pair.dead) pair.server?.destroy();
      forget();
    });
    client.on('data', (chunk) => {
      if (!pair.dead) pair.server?.write(chunk);
    });
    if (pair.dead) return;
    const upstream = connect({ host: targetHost, port: targetPort });
    pair.server = upstream;
    client.pause();
    upstream.on('connect', () => client.resume());
    upstream.on('error', () => undefined);
    upstream.on('data', (chunk) => {
      if (!pair.dead) client.write(chunk);
    });
    upstream.on('close', () => {
      if (!pair.dead) client.destroy();
    });
  });

  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : 0);
    });
  });

  return {
    port,
    url: (scheme) => `${scheme}://127.0.0.1:${port}`,
    get accepted() {
      return accepted;
    },
    blackHole() {
      holed = true;
      for (const pair of pairs) pair.dead = true;
    },
    restore() {
      holed = false;
    },
    async stop() {
      for (const pair of pairs) {
        pair.client.destroy();
        pair.server?.destroy();
      }
      pairs.clear();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
