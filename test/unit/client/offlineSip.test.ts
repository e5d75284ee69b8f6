/**
 * Offline start for calls: a resumed session registers with the saved SIP account (no
 * password on disk; that is in the SecretPort) while the profile server cannot be reached.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ClientService } from '../../../src/main/client/clientService';
import { FileStore } from '../../../src/main/client/fileStore';
import { MemorySecretPort } from '../../../src/main/client/memorySecrets';
import type { SipEngineLike, SipEngineRequest } from '../../../src/main/client/sipPort';

const ACCOUNT = {
  serverUrl: 'http://127.0.0.1:9',
  userName: 'bob',
  userId: 'u-bob',
  displayName: 'Bob Berg',
  role: 'user' as const,
  companyName: 'Acme',
  language: 'en' as const,
};
const SIP_ACCOUNT = { userName: 'bob', domain: 'test.local', realm: 'test.local', displayName: 'Bob Berg', wsUrl: 'wss://pbx.example.com/ws' };

function fakeEngine(): SipEngineLike {
  return {
    start: async () => undefined,
    stop: async () => undefined,
    on: () => () => undefined,
    registrationState: { status: 'registering', reason: null, since: null },
    calls: () => [],
  } as unknown as SipEngineLike;
}

describe('offline start of the SIP engine', () => {
  let dir: string;
  let service: ClientService | null = null;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'client-offline-sip-'));
  });
  afterEach(async () => {
    await service?.shutdown();
    service = null;
    await rm(dir, { recursive: true, force: true });
  });

  /** Starts the service on a saved account and secrets (server unreachable); returns the SIP engines it asked for. */
  async function startWithSaved(account: typeof ACCOUNT, saved: { sessionToken: string; sipHa1?: string }): Promise<{ client: ClientService; requests: SipEngineRequest[] }> {
    await new FileStore({ dir }).save({ account, sipAccount: SIP_ACCOUNT });
    const secrets = new MemorySecretPort();
    await secrets.set('sessionToken', saved.sessionToken);
    if (saved.sipHa1) await secrets.set('sipHa1', saved.sipHa1);
    const requests: SipEngineRequest[] = [];
    const client = new ClientService({
      persistence: new FileStore({ dir }),
      secrets,
      sipEngineFactory: (request) => {
        requests.push(request);
        return fakeEngine();
      },
      sync: { initialDelayMs: 60_000, maxDelayMs: 60_000 },
    });
    service = client;
    await client.start();
    return { client, requests };
  }

  it('starts the engine from the saved SIP account and the SIP HA1 secret, server unreachable', async () => {
    const { client, requests } = await startWithSaved(ACCOUNT, { sessionToken: 'token-of-bob', sipHa1: '0123456789abcdef0123456789abcdef' });
    expect(client.current().session.status).toBe('signedIn');
    expect(requests.map((r) => r.credentials)).toEqual([{ ...SIP_ACCOUNT, ha1: '0123456789abcdef0123456789abcdef' }]);
    // The password never reaches the file.
    expect(await readFile(path.join(dir, 'client-state.json'), 'utf8')).not.toContain('0123456789abcdef0123456789abcdef');
  });

  it('signs out, saying why, an account saved against a plain http:// server beyond this computer (issue 12)', async () => {
    const { client, requests } = await startWithSaved({ ...ACCOUNT, serverUrl: 'http://profiles.example.com' }, { sessionToken: 'token-of-bob' });
    expect(client.current().session.status).toBe('signedOut');
    expect(client.current().notices.map((n) => n.text)).toContainEqual({ key: 'server.plainHttp', params: { server: 'profiles.example.com' } });
    expect(requests).toEqual([]);
  });

  it('upgrades a version-1 state file with an empty SIP account', async () => {
    await writeFile(path.join(dir, 'client-state.json'), JSON.stringify({ version: 1, data: { account: null, revision: 3 } }));
    const { state, problems } = await new FileStore({ dir }).load();
    expect(problems).toEqual([]);
    expect(state).toMatchObject({ sipAccount: null, revision: 3 });
  });
});
