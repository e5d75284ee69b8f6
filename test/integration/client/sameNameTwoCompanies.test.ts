/**
 * Issue 12 through the client service's contract: `anna@example.com` is a user name in Acme and
 * in Globex, with the same password. The sign-in answers with the company question, then signs
 * in to the company named and registers under the SIP name the server hands out. The client
 * remembers the company: Globex's Anna on the same machine does not inherit Acme's Anna's
 * history.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startKamailio, type RunningKamailio } from '../../../scripts/pbx/kamailio';
import { startClient, type TestClient } from '../../support/clients';
import { startTestServer, type TestServer } from '../../support/server';

const PASSWORD = 'Same-pass-in-both-9';

describe('client service: one user name in two companies (issue 12)', () => {
  let server: TestServer;
  let pbx: RunningKamailio;
  const clients: TestClient[] = [];

  beforeAll(async () => {
    server = await startTestServer();
    pbx = await startKamailio({ profileServerUrl: server.url, pbxSecret: server.pbxSecret, domain: server.sipDomain });
    for (const admin of ['admin', 'globexadmin']) {
      const created = await server.api('/api/v1/admin/users', {
        token: await server.signIn(admin),
        body: { firstName: 'Anna', lastName: 'Ek', userName: 'anna@example.com', email: 'anna@example.com', password: PASSWORD, numbers: { extension: '1006' } },
      });
      expect(created.status).toBe(200);
    }
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.stop()));
  });
  afterAll(async () => {
    await pbx?.stop();
    await server?.stop();
  });

  it('asks for the company, signs in to it, registers, and keeps each company’s Anna apart', async () => {
    const client = await startClient({ pbxUrl: pbx.wsUrl });
    clients.push(client);
    const asked = await client.service.invoke('session.signIn', { serverUrl: server.url, userName: 'anna@example.com', password: PASSWORD });
    expect(asked).toMatchObject({ status: 'signedOut', error: { key: 'auth.companyRequired' } });

    const acme = await client.service.invoke('session.signIn', { serverUrl: server.url, userName: 'anna@example.com', password: PASSWORD, company: 'Acme' });
    expect(acme).toMatchObject({ status: 'signedIn', account: { userName: 'anna@example.com', companyName: 'Acme' }, remembered: { companyName: 'Acme' } });
    await client.until('registration', (r) => r.status === 'registered', 'the SIP registration');
    // A call that fails (nobody on 1000 is registered) is still history.
    await client.service.invoke('calls.dial', { target: '1000' });
    await client.until('history', (h) => h.length > 0, 'the call in history');
    await client.service.invoke('session.signOut', null);
    expect(client.service.current().history).toHaveLength(1);

    const globex = await client.service.invoke('session.signIn', { serverUrl: server.url, userName: 'anna@example.com', password: PASSWORD, company: 'Globex' });
    expect(globex).toMatchObject({ status: 'signedIn', account: { companyName: 'Globex' } });
    await client.until('registration', (r) => r.status === 'registered', 'the SIP registration');
    // Another person (same user name, other company): Acme's Anna's history is not hers.
    expect(client.service.current().history).toEqual([]);
  });
});
