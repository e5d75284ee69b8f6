/**
 * Issue 12 "Open sync sockets end when their session expires, is revoked or the user's role
 * changes; a demoted admin stops receiving company events at once."
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../support/server';
import { openSyncSocket } from '../../support/sync-socket';
import { submitCsvJob } from '../../support/csvJobs';

describe('a sync socket and the end of its session', () => {
  let server: TestServer;
  beforeAll(async () => {
    // sessions of 3 seconds, so the expiry can be watched
    server = await startTestServer({ config: { sessionDays: 3 / 86_400 } });
  });
  afterAll(async () => {
    await server.stop();
  });

  it("ends the socket, signing the client out, when the session's time is up", async () => {
    const token = await server.signIn('alice');
    const socket = await openSyncSocket(server.wsUrl, { token });
    await socket.waitFor((m) => m.type === 'snapshot');
    const signedOut = await socket.waitFor((m) => m.type === 'signed-out', 15_000);
    expect(signedOut).toMatchObject({ type: 'signed-out', text: { key: 'auth.sessionEnded' } });
    expect((await socket.closed).code).toBe(4401);
  });
});

describe('sync sockets live no longer than what let them open', () => {
  let server: TestServer;
  let admin: string;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.stop();
  });

  it('a demoted admin stops receiving company events at once; their socket starts over without them', async () => {
    admin = await server.signIn('admin');
    const created = await server.api('/api/v1/admin/users', {
      token: admin,
      body: { firstName: 'Second', lastName: 'Admin', email: 'second.admin@example.test', role: 'admin', password: 'second-admin-pass-77' },
    });
    expect(created.status).toBe(200);
    const second = ((await created.json()) as { user: { id: string } }).user;
    const token = await server.signIn('second.admin@example.test', 'second-admin-pass-77');
    const watching = await openSyncSocket(server.wsUrl, { token, watchCompany: true });
    await watching.waitFor((m) => m.type === 'snapshot');
    const bob = (await (await server.api('/api/v1/admin/users', { token: admin })).json()) as { id: string; userName: string }[];
    const bobId = bob.find((u) => u.userName === 'bob')?.id;
    // an admin edit of bob's numbers is a company event the watching admin sees
    const edit = (extension: string) => server.api(`/api/v1/admin/users/${bobId}`, { method: 'PATCH', token: admin, body: { numbers: { extension } } });
    expect((await edit('1092')).status).toBe(200);
    await watching.waitFor((m) => m.type === 'company-change');

    expect((await server.api(`/api/v1/admin/users/${second.id}`, { method: 'PATCH', token: admin, body: { role: 'user' } })).status).toBe(200);
    expect((await watching.closed).code).toBe(1001);
    // the client reconnects with its session, asking to watch as before: the server says no now
    const again = await openSyncSocket(server.wsUrl, { token, watchCompany: true });
    await again.waitFor((m) => m.type === 'snapshot');
    expect((await edit('1093')).status).toBe(200);
    await expect(again.waitFor((m) => m.type === 'company-change', 1500)).rejects.toThrow();
    await again.close();
    await edit('1002');
  });

  it('a password set by CSV ends the sockets of the sessions it revokes', async () => {
    const token = await server.signIn('carol');
    const socket = await openSyncSocket(server.wsUrl, { token });
    await socket.waitFor((m) => m.type === 'snapshot');
    admin = await server.signIn('admin');
    const list = (await (await server.api('/api/v1/admin/users', { token: admin })).json()) as { id: string; userName: string; firstName: string; lastName: string; email: string }[];
    const carol = list.find((u) => u.userName === 'carol');
    if (!carol) throw new Error('no carol');
    const csv = `Internal ID,First Name,Last Name,Email,Password\n${carol.id},${carol.firstName},${carol.lastName},${carol.email},a-brand-new-secret-42\n`;
    expect((await submitCsvJob(server, admin, { content: csv })).state).toBe('committed');
    expect(await socket.waitFor((m) => m.type === 'signed-out')).toMatchObject({ text: { key: 'auth.passwordChanged' } });
  });
});
