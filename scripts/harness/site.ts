/**
 * Serves the built renderer (out/renderer) on 127.0.0.1 with the harness bridge injected
 * ahead of the app bundle. The bridge is bundled once per process into a temporary directory.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize, resolve } from 'node:path';
import { build } from 'vite';
import { CONFIG_GLOBAL, type HarnessPageConfig } from './protocol';

const repoRoot = resolve(import.meta.dirname, '../..');
export const rendererDir = join(repoRoot, 'out/renderer');

const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

let bridgeBuild: Promise<{ code: string; dir: string }> | null = null;

/** The bridge script as one classic (non-module) script, built on first use. */
export function bridgeScript(): Promise<{ code: string; dir: string }> {
  bridgeBuild ??= (async () => {
    const dir = await mkdtemp(join(tmpdir(), 'harness-bridge-'));
    await build({
      configFile: false,
      logLevel: 'warn',
      build: {
        outDir: dir,
        emptyOutDir: true,
        minify: false,
        lib: { entry: join(import.meta.dirname, 'page/bridge.ts'), formats: ['iife'], name: 'softphoneHarnessBridge', fileName: () => 'bridge.js' },
      },
    });
    return { code: await readFile(join(dir, 'bridge.js'), 'utf8'), dir };
  })();
  return bridgeBuild;
}

/** Removes the temporary bridge build (call once when the process is done with harnesses). */
export async function disposeBridgeScript(): Promise<void> {
  if (!bridgeBuild) return;
  const { dir } = await bridgeBuild;
  bridgeBuild = null;
  await rm(dir, { recursive: true, force: true });
}

export interface RendererSite {
  /** `http://127.0.0.1:PORT/` */
  readonly url: string;
  close(): Promise<void>;
}

/** The renderer with the harness bridge (contract and media over loopback WebSockets). */
export async function serveRenderer(config: HarnessPageConfig): Promise<RendererSite> {
  const { code } = await bridgeScript();
  return serveRendererWith(
    `<script>window.${CONFIG_GLOBAL} = ${JSON.stringify(config).replace(/</g, '\\u003c')};</script>\n<script src="./__harness/bridge.js"></script>`,
    code,
  );
}

/** The renderer with `headHtml` placed first in <head>, so it runs before the app bundle. */
export async function serveRendererWith(headHtml: string, bridgeCode = ''): Promise<RendererSite> {
  const indexHtml = await readFile(join(rendererDir, 'index.html'), 'utf8').catch(() => {
    throw new Error(`No renderer build in ${rendererDir}: run "npm run build" first`);
  });
  const injected = indexHtml.replace('<head>', `<head>\n${headHtml}`);
  const code = bridgeCode;
  const serve = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname);
    if (path === '/' || path === '/index.html') return send(response, 200, types['.html']!, injected);
    if (path === '/__harness/bridge.js') return send(response, 200, types['.js']!, code);
    const file = normalize(join(rendererDir, path));
    if (!file.startsWith(rendererDir)) return send(response, 403, 'text/plain', 'Forbidden');
    try {
      send(response, 200, types[extname(file)] ?? 'application/octet-stream', await readFile(file));
    } catch {
      send(response, 404, 'text/plain', 'Not found');
    }
  };
  const server: Server = createServer((request, response) => {
    serve(request, response).catch(() => {
      if (!response.headersSent) send(response, 400, 'text/plain', 'Bad request');
      else response.destroy();
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}

function send(response: ServerResponse, status: number, type: string, body: string | Buffer): void {
  response.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
  response.end(body);
}
