/**
 * Issue 11: calls to a company's main number go where its admin chose in the company settings
 * (a queue, a user, an application, or nobody: 480). Two companies: Acme (`server.company`,
 * main number +46855500000) and Globex (`server.otherCompany`, +46866600000).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodePbxParams } from '../../../src/shared/pbx';
import { startTestServer, type TestServer } from '../../support/server';

interface ErrorBody {
  error: string;
  message: string;
  details?: { field?: string };
  text?: { key: string };
}

const ACME_MAIN = '%2B46855500000';
const GLOBEX_MAIN = '%2B46866600000';
const OUTSIDE = '%2B46701234567';

describe('profile server: where calls to the main number go (issue 11)', () => {
  let server: TestServer;
  let acmeAdmin: string;
  let globexAdmin: string;
  beforeAll(async () => {
    server = await startTestServer();
    acmeAdmin = await server.signIn('admin');
    globexAdmin = await server.signIn('globexadmin');
  });
  afterAll(async () => {
    await server.stop();
  });

  const route = async (to: string, from = OUTSIDE): Promise<Record<string, string>> => {
    const response = await fetch(`${server.url}/pbx/v1/route?from=${from}&to=${to}&call_id=main-1`, { headers: { 'x-pbx-secret': server.pbxSecret } });
    expect(response.status).toBe(200);
    return decodePbxParams(await response.text());
  };
  const setMain = (token: string, mainNumberRoute: unknown) =>
    server.api('/api/v1/admin/company', { method: 'PATCH', token, body: { mainNumberRoute } });
  const settingsOf = async (token: string) =>
    ((await (await server.api('/api/v1/admin/company', { token })).json()) as { settings: Record<string, unknown> }).settings;

  it('answers "not available" (480), not 404, while the admin has chosen nobody', async () => {
    expect(await route(ACME_MAIN)).toMatchObject({ kind: 'reject', status: '480' });
    expect((await setMain(acmeAdmin, { kind: 'nobody' })).status).toBe(200);
    expect(await route(ACME_MAIN)).toMatchObject({ kind: 'reject', status: '480' });
  });

  it("rings the chosen queue's members, for Acme's main number only", async () => {
    const support = server.company.queues.Support!;
    const response = await setMain(acmeAdmin, { kind: 'queue', queueId: support.id });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { mainNumberRoute: unknown }).mainNumberRoute).toEqual({ kind: 'queue', queueId: support.id });
    const answer = await route(ACME_MAIN);
    expect(answer).toMatchObject({ kind: 'queue', called_type: 'queue' });
    expect(answer.ring!.split(',').sort()).toEqual(['alice', 'bob', 'carol']);
    // Globex's main number is untouched by Acme's choice.
    expect(await route(GLOBEX_MAIN)).toMatchObject({ kind: 'reject', status: '480' });
  });

  it('routes to the chosen user as a call to their landline (their profile decides)', async () => {
    const dave = server.company.users.dave!;
    expect((await setMain(acmeAdmin, { kind: 'user', userId: dave.id })).status).toBe(200);
    expect(await route(ACME_MAIN)).toMatchObject({ kind: 'user', callee: 'dave', called_type: 'landline' });
  });

  it('hands the call to the chosen application, and refuses to delete that application', async () => {
    const created = await server.api('/api/v1/admin/applications', { token: acmeAdmin, body: { name: 'Switchboard', sipUri: 'sip:switchboard@127.0.0.1:5099' } });
    expect(created.status).toBe(200);
    const { id } = (await created.json()) as { id: string };
    expect((await setMain(acmeAdmin, { kind: 'application', applicationId: id })).status).toBe(200);
    expect(await route(ACME_MAIN)).toMatchObject({ kind: 'application', target: 'sip:switchboard@127.0.0.1:5099' });
    const deleted = await server.api(`/api/v1/admin/applications/${id}`, { method: 'DELETE', token: acmeAdmin });
    expect(deleted.status).toBe(409);
    expect((await deleted.json()) as ErrorBody).toMatchObject({ details: { field: 'mainNumberRoute' }, text: { key: 'error.mainNumberRoute.inUse' } });
    expect(await route(ACME_MAIN)).toMatchObject({ kind: 'application' });
    // Globex cannot point its main number at Acme's application.
    const foreign = await setMain(globexAdmin, { kind: 'application', applicationId: id });
    expect(foreign.status).toBe(400);
    expect(((await foreign.json()) as ErrorBody).details?.field).toBe('mainNumberRoute.applicationId');
  });

  it("refuses another company's queue or user (naming the field) and leaves the settings untouched", async () => {
    const before = await settingsOf(globexAdmin);
    const queue = await setMain(globexAdmin, { kind: 'queue', queueId: server.company.queues.Support!.id });
    expect(queue.status).toBe(400);
    expect((await queue.json()) as ErrorBody).toMatchObject({ details: { field: 'mainNumberRoute.queueId' }, text: { key: 'error.mainNumberRoute.queue' } });
    const user = await setMain(globexAdmin, { kind: 'user', userId: server.company.users.alice!.id });
    expect(user.status).toBe(400);
    expect(((await user.json()) as ErrorBody).details?.field).toBe('mainNumberRoute.userId');
    const unknownKind = await setMain(globexAdmin, { kind: 'voicemail' });
    expect(unknownKind.status).toBe(400);
    expect(await settingsOf(globexAdmin)).toEqual(before);
    expect(await route(GLOBEX_MAIN)).toMatchObject({ kind: 'reject', status: '480' });
    // Globex's own user is fine, and only Globex's main number goes there.
    const olga = server.otherCompany.users.olga!;
    expect((await setMain(globexAdmin, { kind: 'user', userId: olga.id })).status).toBe(200);
    expect(await route(GLOBEX_MAIN)).toMatchObject({ kind: 'user', callee: 'olga' });
    expect((await route(ACME_MAIN)).callee).not.toBe('olga');
  });

  it('answers 480 when the chosen user has since been disabled (and refuses choosing a disabled user)', async () => {
    const carol = server.company.users.carol!;
    expect((await setMain(acmeAdmin, { kind: 'user', userId: carol.id })).status).toBe(200);
    expect((await server.api(`/api/v1/admin/users/${carol.id}/disabled`, { method: 'PUT', token: acmeAdmin, body: { disabled: true } })).status).toBe(200);
    try {
      expect(await route(ACME_MAIN)).toMatchObject({ kind: 'reject', status: '480' });
      const again = await setMain(acmeAdmin, { kind: 'user', userId: carol.id });
      expect(again.status).toBe(400);
    } finally {
      await server.api(`/api/v1/admin/users/${carol.id}/disabled`, { method: 'PUT', token: acmeAdmin, body: { disabled: false } });
    }
  });
});
