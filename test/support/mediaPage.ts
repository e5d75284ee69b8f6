import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize, resolve } from 'node:path';
import { build } from 'vite';

const root = resolve(import.meta.dirname, '../e2e/fixtures/media-page');

export interface MediaTestPage {
  /** `http://127.0.0.1:PORT/index.html`: a secure context, so getUserMedia works. */
  readonly url: string;
  pageUrl(name: string, bridgeUrl: string): string;
  close(): Promise<void>;
}

/**
 * Builds the media-engine test page (the renderer's engine, outside the shipped bundle) into a
 * temporary directory and serves it on loopback. `close` stops the server and removes the build.
 */
export function buildAndServeMediaPage(): Promise<MediaTestPage> {
  return buildAndServePage(root);
}

/** The same for another fixture page (`pageRoot`: a directory with index.html), e.g. the in-page sip.js baseline. */
export async function buildAndServePage(pageRoot: string): Promise<MediaTestPage> {
  const outDir = await mkdtemp(join(tmpdir(), 'media-page-'));
  await build({
    root: pageRoot,
    configFile: false,
    logLevel: 'warn',
    base: './',
    build: { outDir, emptyOutDir: true, minify: false, sourcemap: false },
  });
  const server = await serve(outDir);
  const port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}/index.html`;
  return {
    url,
    pageUrl: (name, bridgeUrl) => `${url}?name=${encodeURIComponent(name)}&bridge=${encodeURIComponent(bridgeUrl)}`,
    close: async () => {
      await new Promise<void>((done) => server.close(() => done()));
      await rm(outDir, { recursive: true, force: true });
    },
  };
}

const types: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };

function serve(dir: string): Promise<Server> {
  const server = createServer((request, response) => {
    const path = normalize(decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname));
    const file = join(dir, path);
    if (!file.startsWith(dir)) {
      response.writeHead(403).end();
      return;
    }
    readFile(file).then(
      (body) => response.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' }).end(body),
      () => response.writeHead(404).end(),
    );
  });
  server.keepAliveTimeout = 1000;
  return new Promise((done, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => done(server));
  });
}
