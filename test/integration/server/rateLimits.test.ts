/** Issue 12: rate limits on registration, invitation acceptance, confirmation and directory search. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RATE_LIMITS } from '../../../src/server/routes/rate-limits';
import { startTestServer, type TestServer } from '../../support/server';

interface ErrorBody {
  error: string;
  text?: { key: string; params?: { seconds?: number } };
}

describe('profile server: rate limits', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.stop();
  });

  it('answers 429 with Retry-After, in the caller\'s words, past the registration limit', async () => {
    const register = async (i: number) =>
      server.api('/api/v1/register', {
        body: { registrationToken: await server.server.ctx.store.getRegistrationToken(server.company.id), firstName: 'Gina', lastName: 'Gäst', email: `gina${i}@example.test`, userName: `gina${i}`, password: `gina-password-${i}x` },
      });
    for (let i = 0; i < RATE_LIMITS.registration.max; i++) expect((await register(i)).status).toBe(202);
    const refused = await register(99);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    const body = (await refused.json()) as ErrorBody;
    expect(body).toMatchObject({ error: 'throttled', text: { key: 'error.rateLimited' } });
    // the same limit covers invitation acceptance from that address (own counter per route)
    const accept = await server.api('/api/v1/invitations/accept', { body: { token: 'not-a-real-token-000', firstName: 'A', lastName: 'B', password: 'whatever-pass-12' } });
    expect(accept.status).not.toBe(429);
  });

  it('limits confirmation attempts (guessing tokens) per address', async () => {
    let last = 0;
    for (let i = 0; i <= RATE_LIMITS.confirmation.max; i++) {
      last = (await server.api('/api/v1/confirm', { body: { token: `guess-${String(i).padStart(8, '0')}` } })).status;
    }
    expect(last).toBe(429);
  });

  it('limits directory searches per session, not per address', async () => {
    const alice = await server.signIn('alice');
    const bob = await server.signIn('bob');
    const search = (token: string) => server.api('/api/v1/directory?query=a', { token });
    let last = 0;
    for (let i = 0; i <= RATE_LIMITS.directory.max; i++) last = (await search(alice)).status;
    expect(last).toBe(429);
    // bob, at the same address, searches on
    expect((await search(bob)).status).toBe(200);
  });
});
