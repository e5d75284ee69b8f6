/**
 * Where our page lives. In production the renderer is served from a privileged custom scheme
 * (app://softphone/), which gives it a real, stable origin: permission checks and IPC sender
 * checks compare against it, and every response can carry our CSP header (file:// gives
 * neither). Under `electron-vite dev` the page comes from the Vite dev server instead.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'softphone';
const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

export interface PageLocation {
  /** The URL the window loads. */
  entryUrl: string;
  /** Origins whose pages count as ours. */
  origins: readonly string[];
  /** True when the page comes from the Vite dev server (HMR needs a looser CSP). */
  dev: boolean;
}

/** `devServerUrl` is electron-vite's ELECTRON_RENDERER_URL; only loopback addresses are honoured. */
export function pageLocation(devServerUrl: string | undefined, packaged: boolean): PageLocation {
  if (!packaged && devServerUrl) {
    const url = safeUrl(devServerUrl);
    if (url && url.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname)) {
      return { entryUrl: url.href, origins: [url.origin], dev: true };
    }
  }
  return { entryUrl: APP_ENTRY_URL, origins: [APP_ORIGIN], dev: false };
}

export function isOwnPage(location: PageLocation, candidate: string): boolean {
  const url = safeUrl(candidate);
  return url !== null && location.origins.includes(originOf(url));
}

/** The origin of a URL; the WHATWG parser says "null" for non-special schemes like app:. */
function originOf(url: URL): string {
  return url.origin !== 'null' ? url.origin : `${url.protocol}//${url.host}`;
}

export function safeUrl(text: string): URL | null {
  try {
    return new URL(text);
  } catch {
    return null;
  }
}
