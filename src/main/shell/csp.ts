/**
 * The page's Content-Security-Policy. The renderer talks to main over IPC only and its WebRTC
 * media is not governed by CSP, so the page needs no network at all; the profile server and
 * the PBX are still named explicitly (and nothing else is), so a page that someday fetches an
 * avatar from the server works, and a page tricked into calling anywhere else does not.
 */
import { safeUrl } from './origin';

export interface CspAddresses {
  /** The profile server the user signs in to (https or http on loopback). */
  serverUrl: string | null;
  /** The PBX's WebSocket address (wss, or ws on loopback). */
  pbxUrl: string | null;
}

export function buildCsp(addresses: CspAddresses, options: { dev: boolean; devOrigin?: string }): string {
  const connect = new Set<string>(["'self'"]);
  const images = new Set<string>(["'self'", 'data:', 'blob:']);
  const server = networkOrigin(addresses.serverUrl, ['https:', 'http:']);
  if (server) {
    connect.add(server);
    connect.add(server.replace(/^http/, 'ws'));
    images.add(server);
  }
  const pbx = networkOrigin(addresses.pbxUrl, ['wss:', 'ws:']);
  if (pbx) connect.add(pbx);

  const scripts = ["'self'"];
  if (options.dev && options.devOrigin) {
    // Vite's dev server injects an inline React-refresh preamble and talks HMR over ws.
    scripts.push("'unsafe-inline'", options.devOrigin);
    connect.add(options.devOrigin);
    connect.add(options.devOrigin.replace(/^http/, 'ws'));
  }

  return [
    "default-src 'none'",
    `script-src ${scripts.join(' ')}`,
    // React sets style attributes through the CSSOM (not blocked); inline <style> from CSS-in-JS is.
    "style-src 'self' 'unsafe-inline'",
    `img-src ${[...images].join(' ')}`,
    "font-src 'self' data:",
    // Ringtones and remote audio are blob/media-stream sources.
    "media-src 'self' blob: data: mediastream:",
    `connect-src ${[...connect].join(' ')}`,
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-src 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/**
 * The origin of a configured address, or null when it is absent or not an allowed scheme.
 * Plain http/ws is only accepted on loopback, where the development stack runs.
 */
export function networkOrigin(address: string | null, schemes: readonly string[]): string | null {
  if (!address) return null;
  const url = safeUrl(address);
  if (!url || !schemes.includes(url.protocol)) return null;
  const insecure = url.protocol === 'http:' || url.protocol === 'ws:';
  if (insecure && !['localhost', '127.0.0.1', '[::1]'].includes(url.hostname)) return null;
  // Serialised by the URL parser: no spaces, quotes or semicolons can reach the header.
  return `${url.protocol}//${url.host}`;
}
