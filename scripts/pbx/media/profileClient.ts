/**
 * The media component's questions to the profile server's PBX area (`/pbx/v1/...`, loopback,
 * X-Pbx-Secret), each bounded in time.
 */
import { PBX_SECRET_HEADER } from '../../../src/shared/pbx';

export interface ProfileClient {
  /** GET `path` with `query`; the raw Response (the caller checks the status). */
  get(path: string, query?: Record<string, string>, options?: { timeoutMs?: number; signal?: AbortSignal }): Promise<Response>;
  /** POST `body` with its content type. */
  post(path: string, query: Record<string, string>, body: Uint8Array, contentType: string): Promise<Response>;
}

const DEFAULT_TIMEOUT_MS = 5000;

export function profileClient(baseUrl: string, secret: string): ProfileClient {
  const base = baseUrl.replace(/\/+$/, '');
  const url = (path: string, query: Record<string, string> = {}): string => {
    const search = new URLSearchParams(query).toString();
    return `${base}${path}${search ? `?${search}` : ''}`;
  };
  return {
    get(path, query, options = {}) {
      const timeout = AbortSignal.timeout(options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
      return fetch(url(path, query), {
        headers: { [PBX_SECRET_HEADER]: secret, accept: 'application/json' },
        signal: options.signal ? AbortSignal.any([timeout, options.signal]) : timeout,
      });
    },
    post(path, query, body, contentType) {
      return fetch(url(path, query), {
        method: 'POST',
        headers: { [PBX_SECRET_HEADER]: secret, 'content-type': contentType, accept: 'application/json' },
        body: new Uint8Array(body),
        signal: AbortSignal.timeout(30_000),
      });
    },
  };
}
