import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ServerApi, ServerApiError, normaliseServerUrl } from '../../../src/main/client/serverApi';

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

function apiAnswering(answer: (url: string, init: RequestInit) => Response | Promise<Response>) {
  const calls: { url: string; init: RequestInit }[] = [];
  const fetchImpl = (async (input: string | URL | Request, init?: RequestInit) => {
    calls.push({ url: String(input), init: init ?? {} });
    return answer(String(input), init ?? {});
  }) as typeof fetch;
  return {
    api: new ServerApi({ serverUrl: 'https://server.test:8787/', token: 't0k', fetch: fetchImpl }),
    calls,
  };
}

describe('ServerApi', () => {
  it('normalises the address and refuses other schemes', () => {
    expect(normaliseServerUrl(' https://pbx.example.com/ ')).toBe('https://pbx.example.com');
    expect(() => normaliseServerUrl('ftp://x')).toThrow(/must start with http:\/\/ or https:\/\//);
  });

  it('takes a host name without a scheme as https:// (issue 14) and names an address it cannot read', () => {
    expect(normaliseServerUrl('phone.example.com')).toBe('https://phone.example.com');
    expect(normaliseServerUrl(' phone.example.com:8443/softphone/ ')).toBe('https://phone.example.com:8443/softphone');
    expect(normaliseServerUrl('localhost:8787')).toBe('https://localhost:8787');
    let caught: unknown;
    try {
      normaliseServerUrl('phone example com');
    } catch (error) {
      caught = error;
    }
    expect((caught as ServerApiError).text).toEqual({ key: 'server.invalidAddress', params: { address: 'phone example com' } });
  });

  it('refuses a profile server over plain http:// unless it is on this computer (issue 12)', () => {
    for (const local of ['http://127.0.0.1:8787', 'http://localhost:8787/', 'http://[::1]:8787', 'http://127.3.2.1']) {
      expect(() => normaliseServerUrl(local)).not.toThrow();
    }
    for (const remote of ['http://profiles.example.com', 'http://10.0.0.5:8787', 'http://127.0.0.1.example.com']) {
      let caught: unknown;
      try {
        normaliseServerUrl(remote);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(ServerApiError);
      expect((caught as ServerApiError).text).toEqual({ key: 'server.plainHttp', params: { server: new URL(remote).host } });
    }
    expect(normaliseServerUrl('https://profiles.example.com')).toBe('https://profiles.example.com');
  });

  it('says "wrong password" for a refused sign-in, in the server\'s words when it gives them', async () => {
    const { api } = apiAnswering(() =>
      json(401, { error: 'unauthenticated', message: 'Wrong user name, email or password' }),
    );
    await expect(api.signIn('bob', 'x')).rejects.toMatchObject({
      kind: 'unauthenticated',
      message: 'Wrong user name, email or password',
    });
    const bare = apiAnswering(() => new Response('', { status: 401 }));
    await expect(bare.api.signIn('bob', 'x')).rejects.toMatchObject({
      message: 'Wrong user name or password.',
    });
  });

  it('says "session expired" for a 401 elsewhere, and the IPC code follows', async () => {
    const { api } = apiAnswering(() => new Response('', { status: 401 }));
    const error = await api.snapshot().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServerApiError);
    expect(error).toMatchObject({
      kind: 'unauthenticated',
      message: 'Your session has expired; sign in again.',
      commandCode: 'unauthenticated',
    });
  });

  it('says the server is unreachable for network errors and 503, keeping them retryable', async () => {
    const refused = apiAnswering(() => {
      throw Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } });
    });
    await expect(refused.api.me()).rejects.toMatchObject({
      kind: 'unreachable',
      message:
        'The server at https://server.test:8787 cannot be reached: the connection was refused.',
      commandCode: 'offline',
    });
    const busy = apiAnswering(() => new Response('', { status: 503 }));
    await expect(busy.api.me()).rejects.toMatchObject({ kind: 'unreachable' });
  });

  it('reports a refusal with the server message and maps the status to an IPC code', async () => {
    const { api } = apiAnswering(() =>
      json(403, { error: 'forbidden', message: 'Only administrators can do this' }),
    );
    await expect(
      api.request({ method: 'GET', path: '/admin/templates', response: z.array(z.unknown()) }),
    ).rejects.toMatchObject({
      kind: 'rejected',
      message: 'Only administrators can do this',
      commandCode: 'forbidden',
    });
  });

  it('refuses an answer that does not match the schema, naming the field', async () => {
    const { api } = apiAnswering(() => json(200, { userName: 'bob' }));
    await expect(api.sipCredentials()).rejects.toMatchObject({
      kind: 'failed',
      message: expect.stringContaining('ha1'),
    });
  });

  it('sends commands with their idempotency key and bearer token', async () => {
    const { api, calls } = apiAnswering(() => json(200, { ok: true }));
    await api.sendCommand({
      key: 'key-12345678',
      name: 'callerId.choose',
      args: { number: null },
      queuedAt: new Date().toISOString(),
    });
    await api.sendCommand({
      key: 'key-87654321',
      name: 'profiles.clearManual',
      args: null,
      queuedAt: new Date().toISOString(),
    });
    expect(calls.map((c) => c.url)).toEqual([
      'https://server.test:8787/api/v1/me/caller-id',
      'https://server.test:8787/api/v1/me/manual-choice/clear',
    ]);
    const headers = calls[0]?.init.headers as Record<string, string>;
    expect(headers).toMatchObject({
      authorization: 'Bearer t0k',
      'idempotency-key': 'key-12345678',
      'content-type': 'application/json',
    });
    expect(calls[0]?.init.body).toBe('{"number":null}');
    expect(calls[1]?.init.body).toBeUndefined();
  });
});
