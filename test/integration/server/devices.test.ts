/**
 * Desk phones (issue 10 "Devices") through the admin routes and the PBX questions: provisioning
 * returns the password once and stores only its HA1, rotation replaces it at once, removal and
 * disabling the user end the account, another company's admin sees nothing, and a call the PBX
 * reports on a desk phone makes its user busy for the route answers.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UserSnapshot } from '../../../src/shared/model';
import { decodePbxParams } from '../../../src/shared/pbx';
import { DeskPhone, DeskPhoneCredentials } from '../../../src/shared/server-api';
import { baseProfile } from '../../support/sipHarness';
import { startTestServer, type TestServer } from '../../support/server';

const md5 = (text: string): string => createHash('md5').update(text).digest('hex');

describe('profile server: desk phones', () => {
  let server: TestServer;
  let admin: string;
  let globexAdmin: string;
  let bobId: string;
  const devicesOf = (userId: string): string => `/api/v1/admin/users/${userId}/devices`;

  beforeAll(async () => {
    server = await startTestServer();
    admin = await server.signIn('admin');
    globexAdmin = await server.signIn('globexadmin');
    bobId = server.company.users.bob?.id as string;
  });
  afterAll(async () => {
    await server.stop();
  });

  const pbx = async (path: string): Promise<{ status: number; values: Record<string, string> }> => {
    const response = await fetch(`${server.url}${path}`, { headers: { 'x-pbx-secret': server.pbxSecret } });
    return { status: response.status, values: decodePbxParams(await response.text()) };
  };
  const provision = async (userId: string, label: string): Promise<DeskPhoneCredentials> => {
    const response = await server.api(devicesOf(userId), { token: admin, body: { label } });
    expect(response.status, await response.clone().text()).toBe(200);
    return DeskPhoneCredentials.parse(await response.json());
  };

  it('provisions a desk phone with its own SIP account; the password is shown once and only its HA1 is kept', async () => {
    const created = await provision(bobId, 'Desk phone, reception');
    expect(created).toMatchObject({ domain: server.sipDomain, realm: server.sipDomain, transport: 'udp', device: { userId: bobId, label: 'Desk phone, reception' } });
    expect(created.device.sipUser).toMatch(/^desk-[a-z0-9]{8}$/);
    expect(created.password.length).toBeGreaterThanOrEqual(16);

    const listed = (await (await server.api(devicesOf(bobId), { token: admin })).json()) as unknown[];
    expect(listed).toEqual([DeskPhone.parse(created.device)]);
    expect(JSON.stringify(listed)).not.toContain(created.password);

    const { status, values } = await pbx(`/pbx/v1/credentials/${created.device.sipUser}`);
    expect(status).toBe(200);
    expect(values).toEqual({ user: created.device.sipUser, realm: server.sipDomain, ha1: md5(`${created.device.sipUser}:${server.sipDomain}:${created.password}`), owner: 'bob' });
    const row = JSON.stringify(await server.server.ctx.store.findDeviceBySipUser(created.device.sipUser));
    expect(row).not.toContain(created.password);
  });

  it('rotates the password: the PBX gets the new HA1 at once', async () => {
    const created = await provision(bobId, 'Rotate me');
    const response = await server.api(`${devicesOf(bobId)}/${created.device.id}/rotate`, { method: 'POST', token: admin });
    const rotated = DeskPhoneCredentials.parse(await response.json());
    expect(rotated.device.sipUser).toBe(created.device.sipUser);
    expect(rotated.password).not.toBe(created.password);
    const { values } = await pbx(`/pbx/v1/credentials/${created.device.sipUser}`);
    expect(values.ha1).toBe(md5(`${created.device.sipUser}:${server.sipDomain}:${rotated.password}`));
  });

  it('removes a desk phone: its account is unknown to the PBX from then on', async () => {
    const created = await provision(bobId, 'Remove me');
    expect((await server.api(`${devicesOf(bobId)}/${created.device.id}`, { method: 'DELETE', token: admin })).status).toBe(200);
    expect((await pbx(`/pbx/v1/credentials/${created.device.sipUser}`)).status).toBe(404);
    const listed = (await (await server.api(devicesOf(bobId), { token: admin })).json()) as DeskPhone[];
    expect(listed.map((d) => d.id)).not.toContain(created.device.id);
    expect((await server.api(`${devicesOf(bobId)}/${created.device.id}/rotate`, { method: 'POST', token: admin })).status).toBe(404);
  });

  it("a disabled user's desk phones answer 404 to the PBX as well; re-enabled, they work again", async () => {
    const daveId = server.company.users.dave?.id as string;
    const created = await provision(daveId, 'Dave desk');
    await server.api(`/api/v1/admin/users/${daveId}/disabled`, { method: 'PUT', token: admin, body: { disabled: true } });
    expect((await pbx(`/pbx/v1/credentials/${created.device.sipUser}`)).status).toBe(404);
    await server.api(`/api/v1/admin/users/${daveId}/disabled`, { method: 'PUT', token: admin, body: { disabled: false } });
    expect((await pbx(`/pbx/v1/credentials/${created.device.sipUser}`)).status).toBe(200);
  });

  it('the admin of another company can neither list, add, rotate nor remove them; users cannot either', async () => {
    const created = await provision(bobId, 'Acme only');
    const olgaId = server.otherCompany.users.olga?.id as string;
    expect((await server.api(devicesOf(bobId), { token: globexAdmin })).status).toBe(404);
    expect((await server.api(devicesOf(bobId), { token: globexAdmin, body: { label: 'Hijack' } })).status).toBe(404);
    expect((await server.api(`${devicesOf(bobId)}/${created.device.id}/rotate`, { method: 'POST', token: globexAdmin })).status).toBe(404);
    expect((await server.api(`${devicesOf(bobId)}/${created.device.id}`, { method: 'DELETE', token: globexAdmin })).status).toBe(404);
    // Their own user in the path does not reach another company's device either.
    expect((await server.api(`${devicesOf(olgaId)}/${created.device.id}/rotate`, { method: 'POST', token: globexAdmin })).status).toBe(404);
    expect((await server.api(`${devicesOf(olgaId)}/${created.device.id}`, { method: 'DELETE', token: globexAdmin })).status).toBe(404);
    const alice = await server.signIn('alice');
    expect((await server.api(devicesOf(bobId), { token: alice })).status).toBe(403);
    expect((await pbx(`/pbx/v1/credentials/${created.device.sipUser}`)).values.ha1).toBe(
      md5(`${created.device.sipUser}:${server.sipDomain}:${created.password}`),
    );
  });

  it("a user named like a desk phone's SIP account gets a SIP name of their own; the account stays the desk phone's", async () => {
    const created = await provision(bobId, 'Name taken');
    const response = await server.api('/api/v1/admin/users', {
      token: admin,
      body: { firstName: 'Copy', lastName: 'Cat', email: 'copycat@example.test', userName: created.device.sipUser, password: 'copycat-password-1' },
    });
    // User names are no SIP names any more (issue 12): the two never meet.
    expect(response.status).toBe(200);
    const { user } = (await response.json()) as { user: { id: string } };
    expect((await server.server.ctx.store.getUser(user.id))?.sipUser).toMatch(/^user-desk-[a-z0-9]{8}-[a-z2-9]{6}$/);
    expect((await pbx(`/pbx/v1/credentials/${created.device.sipUser}`)).values).toMatchObject({ user: created.device.sipUser, owner: 'bob' });
  });

  it('a call the PBX reports on a desk phone makes its user busy until it ends', async () => {
    // Bob's seeded profile has call waiting: give him one without, sending busy calls to carol.
    const profile = {
      ...baseProfile(),
      name: 'No call waiting',
      callWaiting: false,
      exceptions: { busy: { kind: 'number', number: '1003' }, noAnswer: null, unreachable: null },
    };
    expect((await server.api('/api/v1/admin/profiles/add', { token: admin, body: { userIds: [bobId], profile } })).status).toBe(200);
    const bob = await server.signIn('bob');
    const snapshot = (await (await server.api('/api/v1/me/snapshot', { token: bob })).json()) as UserSnapshot;
    const added = snapshot.profiles.find((p) => p.name === 'No call waiting');
    expect((await server.api('/api/v1/me/profile-switch', { token: bob, body: { profileId: added?.id, until: null } })).status).toBe(200);
    const created = await provision(bobId, 'Busy desk');
    const idle = await pbx('/pbx/v1/route?from=alice&to=1002&busy=0');
    expect(idle.values).toMatchObject({ kind: 'user' });
    expect(idle.values.ring?.split(',')).toContain('bob');

    expect((await pbx(`/pbx/v1/dialog?call_id=c1%40x&state=start&users=alice,${created.device.sipUser}`)).values).toEqual({ users: '2' });
    expect((await pbx('/pbx/v1/route?from=dave&to=1002&busy=0')).values).toMatchObject({ kind: 'forward', target: 'carol', forward_reason: 'user-busy' });
    // Alice's profile has call waiting: her softphone rings during the call.
    expect((await pbx('/pbx/v1/route?from=dave&to=1001&busy=0')).values).toMatchObject({ kind: 'user', ring: 'alice' });
    await pbx('/pbx/v1/dialog?call_id=c1%40x&state=end');
    expect((await pbx('/pbx/v1/route?from=dave&to=1002&busy=0')).values).toMatchObject({ kind: 'user', forward_reason: 'unconditional' });

    // A restarted PBX will never report the end of a call it no longer knows: it says so when
    // it starts, and nobody stays "in a call" for good.
    await pbx(`/pbx/v1/dialog?call_id=c2%40x&state=start&users=alice,${created.device.sipUser}`);
    expect((await pbx('/pbx/v1/route?from=dave&to=1002&busy=0')).values).toMatchObject({ forward_reason: 'user-busy' });
    await pbx('/pbx/v1/dialog?state=reset');
    expect((await pbx('/pbx/v1/route?from=dave&to=1002&busy=0')).values).toMatchObject({ kind: 'user', forward_reason: 'unconditional' });

    // A pair of proxies names itself in its reports: proxy A restarting forgets the calls it
    // reported, not bob's call that proxy B carries (and will report ending).
    const proxyA = encodeURIComponent('127.0.0.1:5070');
    const proxyB = encodeURIComponent('127.0.0.2:5070');
    await pbx(`/pbx/v1/dialog?call_id=c3%40x&state=start&users=alice,${created.device.sipUser}&pbx=${proxyB}`);
    await pbx(`/pbx/v1/dialog?call_id=c4%40x&state=start&users=dave,carol&pbx=${proxyA}`);
    await pbx(`/pbx/v1/dialog?state=reset&pbx=${proxyA}`);
    expect((await pbx('/pbx/v1/route?from=dave&to=1002&busy=0')).values).toMatchObject({ forward_reason: 'user-busy' });
    expect(server.server.ctx.calls.inCall(server.company.users.dave!.id)).toBe(false);
    // A call both proxies reported stays until both are gone or it ends.
    await pbx(`/pbx/v1/dialog?call_id=c3%40x&state=start&users=alice,${created.device.sipUser}&pbx=${proxyA}`);
    await pbx(`/pbx/v1/dialog?state=reset&pbx=${proxyA}`);
    expect((await pbx('/pbx/v1/route?from=dave&to=1002&busy=0')).values).toMatchObject({ forward_reason: 'user-busy' });
    await pbx(`/pbx/v1/dialog?state=reset&pbx=${proxyB}`);
    expect((await pbx('/pbx/v1/route?from=dave&to=1002&busy=0')).values).toMatchObject({ kind: 'user', forward_reason: 'unconditional' });
  });
});
