/**
 * The route and caller-ID answers for the mobile leg (issue 11, seeds 000/001): the mobile as
 * one more leg with its delay, per-leg delays of the devices here, forwards to the user's own
 * mobile kept as the number (the PBX sends them out through the trunk), and calls from a
 * user's mobile presenting the profile's caller ID for mobile calls.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProfileFieldsInput } from '../../../src/shared/model';
import { decodePbxParams } from '../../../src/shared/pbx';
import { baseProfile } from '../../support/sipHarness';
import { startTestServer, type TestServer } from '../../support/server';

describe('profile server: mobile legs and calls from the mobile', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.stop();
  });

  const ask = async (path: string): Promise<{ status: number; body: Record<string, string> }> => {
    const response = await fetch(`${server.url}${path}`, { headers: { 'x-pbx-secret': server.pbxSecret } });
    return { status: response.status, body: decodePbxParams(await response.text()) };
  };
  // Asked as a call from a colleague (extensions are looked up in the caller's company).
  const route = async (to: string, from = 'dave'): Promise<Record<string, string>> => (await ask(`/pbx/v1/route?from=${from}&to=${encodeURIComponent(to)}`)).body;

  /** Adds a profile to the user (as their company's admin) and switches to it. */
  async function useProfile(userName: string, fields: Partial<ProfileFieldsInput>, admin = 'admin'): Promise<void> {
    const adminToken = await server.signIn(admin);
    const company = server.company.users[userName] ? server.company : server.otherCompany;
    const profile = { ...baseProfile(), ...fields };
    const added = await server.api('/api/v1/admin/profiles/add', { token: adminToken, body: { userIds: [company.users[userName]!.id], profile } });
    expect(added.status, await added.clone().text()).toBe(200);
    const token = await server.signIn(userName);
    const snapshot = (await (await server.api('/api/v1/me/snapshot', { token })).json()) as { profiles: { id: string; name: string }[] };
    const id = snapshot.profiles.find((candidate) => candidate.name === profile.name)?.id;
    const switched = await server.api('/api/v1/me/profile-switch', { token, body: { profileId: id, until: null } });
    expect(switched.status).toBe(200);
  }

  it('rings the mobile only: no device here, the mobile leg at once', async () => {
    await useProfile('alice', { routing: { any: { kind: 'ring', devices: [{ device: 'mobile', delaySeconds: 0 }] } } });
    expect(await route('1001')).toMatchObject({ kind: 'user', ring: '', ring_delays: '', mobile: '+46705550001', mobile_delay: '0' });
  });

  it('softphone first, mobile after N seconds; mobile first, softphone after N', async () => {
    await useProfile('alice', {
      routing: {
        any: { kind: 'ring', devices: [{ device: 'softphone', delaySeconds: 0 }, { device: 'mobile', delaySeconds: 15 }] },
        mobile: { kind: 'ring', devices: [{ device: 'mobile', delaySeconds: 0 }, { device: 'softphone', delaySeconds: 8 }] },
      },
    });
    expect(await route('1001')).toMatchObject({ kind: 'user', ring: 'alice', ring_delays: '', mobile: '+46705550001', mobile_delay: '15' });
    expect(await route('+46705550001')).toMatchObject({ kind: 'user', ring: 'alice', ring_delays: '8', mobile: '+46705550001', mobile_delay: '0', called_type: 'mobile' });
  });

  it('a user without a mobile number gets no mobile leg; mobile only is then not available', async () => {
    await useProfile('carol', { routing: { any: { kind: 'ring', devices: [{ device: 'mobile', delaySeconds: 0 }] } } });
    expect(await route('1003')).toMatchObject({ kind: 'reject', status: '480', mobile: '', own_mobile: '' });
  });

  it('keeps a forward to the own mobile as the number and names it own_mobile (the PBX sends it out, no loop)', async () => {
    await useProfile('alice', {
      routing: { any: { kind: 'number', number: '+46705550001' } },
      exceptions: { busy: null, noAnswer: null, unreachable: { kind: 'ring', devices: [{ device: 'mobile', delaySeconds: 0 }] } },
    });
    expect(await route('1001')).toMatchObject({ kind: 'forward', target: '+46705550001', own_mobile: '+46705550001', unreachable_target: '+46705550001' });
    // Someone else's mobile as a target is still that user (bob's rules apply to it).
    await useProfile('alice', { routing: { any: { kind: 'number', number: '+46705550002' } } });
    expect(await route('1001')).toMatchObject({ kind: 'forward', target: 'bob' });
  });

  it('a call from a user\'s mobile presents the profile\'s caller ID for mobile calls', async () => {
    await useProfile('bob', { callerId: { softphone: { kind: 'landline' }, mobile: { kind: 'company' } } });
    expect((await ask('/pbx/v1/caller-id?mobile=%2B46705550002')).body).toEqual({ identity: '+46855500000', display: 'Bob Berg', privacy: '0', record: '0', user: 'bob' });
    await useProfile('bob', { callerId: { softphone: { kind: 'company' }, mobile: { kind: 'mobile' } } });
    expect((await ask('/pbx/v1/caller-id?mobile=%2B46705550002')).body).toMatchObject({ identity: '+46705550002', user: 'bob' });
    await useProfile('bob', { callerId: { softphone: { kind: 'landline' }, mobile: { kind: 'hidden' } } });
    expect((await ask('/pbx/v1/caller-id?mobile=%2B46705550002')).body).toMatchObject({ identity: 'anonymous', privacy: '1', user: 'bob' });
  });

  it('refuses a mobile that is nobody\'s (a landline, an unknown number) and a question naming both or neither', async () => {
    expect((await ask('/pbx/v1/caller-id?mobile=%2B46855501002')).status).toBe(404);
    expect((await ask('/pbx/v1/caller-id?mobile=%2B46709999999')).status).toBe(404);
    const both = await ask('/pbx/v1/caller-id?mobile=%2B46705550002&user=bob');
    expect(both).toMatchObject({ status: 400, body: { field: 'user' } });
    expect((await ask('/pbx/v1/caller-id?requested=1')).status).toBe(400);
  });

  it('answers for the company whose number it is: another company\'s profile choices never mix in', async () => {
    // Bob's company main number is Acme's; Globex's landline is Globex's user's, who has no mobile.
    await useProfile('bob', { callerId: { softphone: { kind: 'landline' }, mobile: { kind: 'company' } } });
    expect((await ask('/pbx/v1/caller-id?mobile=%2B46705550002')).body).toMatchObject({ identity: '+46855500000', user: 'bob' });
    expect(await route('+46866602001')).toMatchObject({ kind: 'user', ring: 'olga', own_mobile: '' });
  });
});
