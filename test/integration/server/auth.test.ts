import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../support/server';

describe('profile server: sign-in, sessions, SIP credentials', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.stop();
  });

  /** A sign-in sent from a given loopback address (Linux routes all of 127.0.0.0/8 to lo). */
  const signInFrom = (localAddress: string, login: string, password: string): Promise<{ status: number }> =>
    new Promise((resolve, reject) => {
      const url = new URL(`${server.url}/api/v1/auth/sign-in`);
      const body = JSON.stringify({ login, password });
      const req = request(
        { host: url.hostname, port: url.port, path: url.pathname, method: 'POST', localAddress, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
        (res) => {
          res.resume();
          res.on('end', () => resolve({ status: res.statusCode ?? 0 }));
        },
      );
      req.on('error', reject);
      req.end(body);
    });

  it('signs in by user name or email (any case) and answers /me', async () => {
    for (const login of ['alice', 'ALICE', 'Alice@Example.test']) {
      const response = await server.api('/api/v1/auth/sign-in', { body: { login, password: 'alice-password-1' } });
      expect(response.status).toBe(200);
      const body = (await response.json()) as { token: string; user: { userName: string; role: string } };
      expect(body.user).toMatchObject({ userName: 'alice', role: 'user' });
      const me = await server.api('/api/v1/me', { token: body.token });
      expect(me.status).toBe(200);
      expect(await me.json()).toMatchObject({ companyName: 'Acme', user: { userName: 'alice' } });
    }
  });

  it('rejects a wrong password and unknown users with the same message', async () => {
    const wrong = await server.api('/api/v1/auth/sign-in', { body: { login: 'bob', password: 'nope-nope' } });
    const unknown = await server.api('/api/v1/auth/sign-in', { body: { login: 'nobody', password: 'nope-nope' } });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(((await wrong.json()) as { message: string }).message).toBe(((await unknown.json()) as { message: string }).message);
  });

  it("does not let failures from another address lock the owner out; user name and email are one account (issue 12)", async () => {
    // the attacker on 127.0.0.2 tries dave's user name and email alike
    let last = 0;
    for (let i = 0; i < 8; i++) {
      last = (await signInFrom('127.0.0.2', i % 2 === 0 ? 'dave' : 'DAVE@example.test', `wrong-${i}`)).status;
    }
    expect(last).toBe(429);
    // dave, elsewhere, signs in
    expect((await signInFrom('127.0.0.3', 'dave', 'dave-password-1')).status).toBe(200);
    // and the attacker is still held back
    expect((await signInFrom('127.0.0.2', 'dave', 'dave-password-1')).status).toBe(429);
  });

  it('has an account-wide ceiling for failures spread over many addresses', async () => {
    let last = 0;
    for (let i = 0; i < 52; i++) {
      last = (await signInFrom(`127.0.1.${i + 1}`, 'olga', `wrong-${i}`)).status;
    }
    expect(last).toBe(429);
    expect((await signInFrom('127.0.2.1', 'olga', 'olga-password-1')).status).toBe(429);
  });

  it('throttles repeated failures per account with 429 and Retry-After', async () => {
    let last: Response | undefined;
    for (let i = 0; i < 7; i++) {
      last = await server.api('/api/v1/auth/sign-in', { body: { login: 'carol', password: `wrong-${i}` } });
    }
    expect(last?.status).toBe(429);
    expect(Number(last?.headers.get('retry-after'))).toBeGreaterThan(0);
    // Even the right password waits until the block ends.
    const right = await server.api('/api/v1/auth/sign-in', { body: { login: 'carol', password: 'carol-password-1' } });
    expect(right.status).toBe(429);
  });

  it('sign-out revokes the token', async () => {
    const token = await server.signIn('dave');
    expect((await server.api('/api/v1/me', { token })).status).toBe(200);
    expect((await server.api('/api/v1/auth/sign-out', { method: 'POST', token })).status).toBe(200);
    expect((await server.api('/api/v1/me', { token })).status).toBe(401);
  });

  it('accepts a bodyless command sent with a JSON content type, and names malformed JSON', async () => {
    const token = await server.signIn('bob');
    const empty = await server.api('/api/v1/me/manual-choice/clear', { method: 'POST', token, headers: { 'content-type': 'application/json' } });
    expect(empty.status).toBe(200);
    const broken = await server.api('/api/v1/me/caller-id', { token, body: '{"number":', headers: { 'content-type': 'application/json' } });
    expect(broken.status).toBe(400);
    expect(((await broken.json()) as { message: string }).message).toMatch(/not valid JSON/);
  });

  it('rejects requests without or with a forged token', async () => {
    expect((await server.api('/api/v1/me')).status).toBe(401);
    expect((await server.api('/api/v1/me', { token: 'forged' })).status).toBe(401);
  });

  it('hands SIP credentials to the client whose HA1 the PBX gets', async () => {
    const token = await server.signIn('alice');
    // only the HA1: the server keeps no SIP password to hand out (issue 12)
    const sip = (await (await server.api('/api/v1/me/sip', { token })).json()) as { userName: string; ha1: string; realm: string; password?: string };
    expect(sip).toMatchObject({ userName: 'alice', realm: 'test.local' });
    expect(sip.password).toBeUndefined();
    const pbx = await fetch(`${server.url}/pbx/v1/credentials/alice`, { headers: { 'x-pbx-secret': server.pbxSecret } });
    expect(await pbx.text()).toBe(`user=alice;realm=test.local;ha1=${sip.ha1};owner=alice`);

    const rotated = (await (await server.api('/api/v1/me/sip/rotate', { method: 'POST', token })).json()) as { ha1: string };
    expect(rotated.ha1).not.toBe(sip.ha1);
    const after = await fetch(`${server.url}/pbx/v1/credentials/alice`, { headers: { 'x-pbx-secret': server.pbxSecret, accept: 'application/json' } });
    expect(((await after.json()) as { ha1: string }).ha1).toBe(rotated.ha1);
  });

  it('names the PBX address softphones register at once it is configured', async () => {
    const sipOf = async (target: TestServer) =>
      (await (await target.api('/api/v1/me/sip', { token: await target.signIn('bob') })).json()) as { wsUrl: string | null };
    expect((await sipOf(server)).wsUrl).toBeNull();
    const configured = await startTestServer({ config: { pbxWsUrl: 'wss://pbx.example.com:8443/ws' } });
    try {
      expect((await sipOf(configured)).wsUrl).toBe('wss://pbx.example.com:8443/ws');
    } finally {
      await configured.stop();
    }
  });

  it('names every proxy of a PBX pair (wsUrls), and one of them as wsUrl for older clients, in each company', async () => {
    const sipOf = async (target: TestServer, userName: string) =>
      (await (await target.api('/api/v1/me/sip', { token: await target.signIn(userName) })).json()) as { wsUrl: string | null; wsUrls: string[] };
    expect(await sipOf(server, 'bob')).toMatchObject({ wsUrl: null, wsUrls: [] });
    const pair = ['wss://a.pbx.example.com:8443/ws', 'wss://b.pbx.example.com:8443/ws'];
    const configured = await startTestServer({ config: { pbxWsUrls: pair } });
    try {
      expect(await sipOf(configured, 'bob')).toMatchObject({ wsUrl: pair[0], wsUrls: pair });
      expect(await sipOf(configured, 'olga')).toMatchObject({ wsUrl: pair[0], wsUrls: pair });
      await configured.usePbx('wss://old.pbx.example.com/ws');
      expect(await sipOf(configured, 'bob')).toMatchObject({ wsUrl: 'wss://old.pbx.example.com/ws', wsUrls: ['wss://old.pbx.example.com/ws'] });
    } finally {
      await configured.stop();
    }
  });

  it('refuses PBX questions without the shared secret', async () => {
    const response = await fetch(`${server.url}/pbx/v1/credentials/alice`, { headers: { 'x-pbx-secret': 'wrong' } });
    expect(response.status).toBe(401);
    const missing = await fetch(`${server.url}/pbx/v1/credentials/nobody`, { headers: { 'x-pbx-secret': server.pbxSecret } });
    expect(missing.status).toBe(404);
  });

  it('serves an OpenAPI description generated from the route schemas', async () => {
    const doc = (await (await fetch(`${server.url}/openapi.json`)).json()) as { openapi: string; paths: Record<string, unknown> };
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/auth/sign-in', '/api/v1/me/snapshot', '/pbx/v1/route']));
  });
});
