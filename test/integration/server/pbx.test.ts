import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UserSnapshot } from '../../../src/shared/model';
import { decodePbxParams } from '../../../src/shared/pbx';
import { startTestServer, type TestServer } from '../../support/server';

describe('profile server: the PBX questions (src/shared/pbx.ts)', () => {
  let server: TestServer;
  let alice: string;
  let bob: string;
  beforeAll(async () => {
    server = await startTestServer();
    alice = await server.signIn('alice');
    bob = await server.signIn('bob');
  });
  afterAll(async () => {
    await server.stop();
  });

  const ask = async (path: string): Promise<Record<string, string>> => {
    const response = await fetch(`${server.url}${path}`, { headers: { 'x-pbx-secret': server.pbxSecret } });
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    return decodePbxParams(await response.text());
  };
  const switchTo = async (token: string, name: string): Promise<void> => {
    const snap = (await (await server.api('/api/v1/me/snapshot', { token })).json()) as UserSnapshot;
    const profile = snap.profiles.find((p) => p.name === name);
    const response = await server.api('/api/v1/me/profile-switch', { token, body: { profileId: profile?.id, until: null } });
    expect(response.status, `${name}: ${await response.clone().text()} ${snap.profiles.map((p) => p.name).join()}`).toBe(200);
  };

  it('routes a call to an available user: ring, then voicemail on no answer, busy and unreachable', async () => {
    expect(await ask('/pbx/v1/route?from=bob&to=1001&busy=0')).toEqual({
      kind: 'user',
      ring: 'alice',
      noanswer_after: '30',
      noanswer_target: 'voicemail',
      busy_target: 'voicemail',
      unreachable_target: 'voicemail',
      target: '',
      status: '480',
      called_type: 'internal',
      record: '0',
      forward_reason: 'unconditional',
      ring_delays: '',
      // the default profile (seed 001 "Delay to mobile"): the mobile joins after 15 seconds
      mobile: '+46705550001',
      mobile_delay: '15',
      own_mobile: '+46705550001',
      callee: 'alice',
      queue_mobiles: '',
      queue_mobile_owners: '',
    });
    expect(await ask('/pbx/v1/route?from=bob&to=alice')).toMatchObject({ kind: 'user', ring: 'alice', called_type: 'internal' });
    expect(await ask('/pbx/v1/route?to=%2B46705550001')).toMatchObject({ kind: 'user', ring: 'alice', called_type: 'mobile' });
  });

  it('follows the profile in effect: in a meeting, landline and internal calls go to voicemail, mobile calls to the mobile', async () => {
    await switchTo(alice, 'Meeting');
    expect(await ask('/pbx/v1/route?from=bob&to=1001')).toMatchObject({ kind: 'forward', target: 'voicemail' });
    expect(await ask('/pbx/v1/route?to=%2B46855501001')).toMatchObject({ kind: 'forward', target: 'voicemail', called_type: 'landline' });
    // The mobile rings through the carrier trunk as a leg of the call, not a forward to the
    // mobile number (which is routed by this very rule again: a loop).
    expect(await ask('/pbx/v1/route?to=%2B46705550001')).toMatchObject({ kind: 'user', ring: '', mobile: '+46705550001', mobile_delay: '0', called_type: 'mobile' });
    await switchTo(alice, 'Available');
  });

  it('rings only the active members of a queue', async () => {
    expect(await ask('/pbx/v1/route?to=%2B46855501100')).toMatchObject({ kind: 'queue', ring: 'alice,bob,carol', called_type: 'queue' });
    await switchTo(alice, 'Lunch'); // Lunch pauses all queues.
    await server.api('/api/v1/me/queues', { token: bob, body: { queueIds: 'all', status: 'paused' } });
    expect(await ask('/pbx/v1/route?to=%2B46855501100')).toMatchObject({ kind: 'queue', ring: 'carol' });
    await server.api('/api/v1/me/queues', { token: bob, body: { queueIds: 'all', status: 'active' } });
    expect(await ask('/pbx/v1/route?to=%2B46855501100')).toMatchObject({ ring: 'bob,carol' });
    await switchTo(alice, 'Available');
  });

  it('answers unknown, external and disabled targets', async () => {
    expect(await ask('/pbx/v1/route?to=nobody')).toMatchObject({ kind: 'unknown', status: '404' });
    expect(await ask('/pbx/v1/route?to=%2B4612345678')).toMatchObject({ kind: 'external', target: '+4612345678' });
    const admin = await server.signIn('admin');
    await server.api(`/api/v1/admin/users/${server.company.users.dave?.id}/disabled`, { method: 'PUT', token: admin, body: { disabled: true } });
    expect(await ask('/pbx/v1/route?from=alice&to=1004')).toMatchObject({ kind: 'unknown' });
    expect((await fetch(`${server.url}/pbx/v1/credentials/dave`, { headers: { 'x-pbx-secret': server.pbxSecret } })).status).toBe(404);
    await server.api(`/api/v1/admin/users/${server.company.users.dave?.id}/disabled`, { method: 'PUT', token: admin, body: { disabled: false } });
  });

  it('lets a user present only their own numbers; anything else is replaced', async () => {
    expect(await ask('/pbx/v1/caller-id?user=alice&requested=%2B46855501001')).toEqual({ identity: '+46855501001', display: 'Alice Andersson', privacy: '0', record: '0' });
    expect(await ask('/pbx/v1/caller-id?user=alice&requested=%2B46855500000')).toMatchObject({ identity: '+46855500000' });
    // Bob's landline is not Alice's to present: the profile's choice (her landline) is asserted.
    expect(await ask('/pbx/v1/caller-id?user=alice&requested=%2B46855501002')).toMatchObject({ identity: '+46855501001' });
    expect(await ask('/pbx/v1/caller-id?user=alice&requested=anonymous')).toEqual({ identity: 'anonymous', display: 'Anonymous', privacy: '1', record: '0' });
  });

  it('answers JSON when asked', async () => {
    const response = await fetch(`${server.url}/pbx/v1/route?from=alice&to=1002`, { headers: { 'x-pbx-secret': server.pbxSecret, accept: 'application/json' } });
    expect(await response.json()).toMatchObject({ kind: 'user', ring: 'bob' });
  });
});

describe('profile server: PBX endpoints answer loopback callers only', () => {
  it('refuses the same request, with the right secret, from a non-loopback address', async () => {
    const { networkInterfaces } = await import('node:os');
    const external = Object.values(networkInterfaces())
      .flat()
      .find((a) => a && a.family === 'IPv4' && !a.internal)?.address;
    if (!external) throw new Error('This test needs a non-loopback IPv4 address (eth0)');
    const server = await startTestServer({ config: { host: '0.0.0.0' } });
    try {
      const port = new URL(server.url).port;
      const headers = { 'x-pbx-secret': server.pbxSecret };
      expect((await fetch(`http://127.0.0.1:${port}/pbx/v1/credentials/alice`, { headers })).status).toBe(200);
      const remote = await fetch(`http://${external}:${port}/pbx/v1/credentials/alice`, { headers });
      expect(remote.status).toBe(403);
      expect(decodePbxParams(await remote.text())).toMatchObject({ error: 'forbidden' });
    } finally {
      await server.stop();
    }
  });
});
