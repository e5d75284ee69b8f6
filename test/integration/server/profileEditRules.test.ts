/**
 * Issue 14: a user's own profile edit that cannot take effect is refused with field-level errors
 * (`details.texts`, each a catalog text), and nothing is stored; a valid edit is stored; a
 * setting the stored profile already had (applied from a template) does not block other edits.
 * Two companies: Acme (`server.company`) and Globex (`server.otherCompany`).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Profile, UserSnapshot } from '../../../src/shared/model';
import { formatText } from '../../../src/shared/i18n';
import type { Text } from '../../../src/shared/text';
import { startTestServer, type TestServer } from '../../support/server';

interface ErrorAnswer {
  error: string;
  text?: Text;
  details?: { texts?: Record<string, Text> };
}

describe('profile server: a user edits their own profile (issue 14)', () => {
  let server: TestServer;
  let carol: string;
  let alice: string;
  let olga: string;
  beforeAll(async () => {
    server = await startTestServer();
    carol = await server.signIn('carol');
    alice = await server.signIn('alice');
    olga = await server.signIn('olga');
  });
  afterAll(async () => {
    await server.stop();
  });

  const snapshotOf = async (token: string): Promise<UserSnapshot> => (await (await server.api('/api/v1/me/snapshot', { token })).json()) as UserSnapshot;
  const put = (token: string, profile: Profile) => {
    const { id, ...fields } = profile;
    return server.api(`/api/v1/me/profiles/${id}`, { method: 'PUT', token, body: { fields } });
  };
  const available = (snapshot: UserSnapshot): Profile => {
    const profile = snapshot.profiles.find((p) => p.availability === 'available' && p.routing.any.kind === 'ring');
    if (!profile) throw new Error('no available profile that rings');
    return profile;
  };

  it('ringing the softphone on a not-available profile is refused next to the leg, in words, and nothing is stored', async () => {
    const before = await snapshotOf(alice);
    const profile = available(before);
    const response = await put(alice, { ...profile, availability: 'not_available', routing: { any: { kind: 'ring', devices: [{ device: 'softphone', delaySeconds: 0 }, { device: 'mobile', delaySeconds: 5 }] } } });
    expect(response.status).toBe(400);
    const answer = (await response.json()) as ErrorAnswer;
    expect(answer.error).toBe('invalid_argument');
    expect(answer.text?.key).toBe('command.profileImpossible');
    const texts = answer.details?.texts ?? {};
    expect(Object.keys(texts)).toEqual(['routing.any.devices.0']);
    expect(formatText('en', texts['routing.any.devices.0']!)).toMatch(/^Your softphone does not ring while this profile says you are not available/);
    expect(formatText('sv', texts['routing.any.devices.0']!)).toMatch(/^Din softphone ringer inte när den här profilen säger att du inte är tillgänglig/);
    expect((await snapshotOf(alice)).profiles).toEqual(before.profiles);
  });

  it('a delay past the no-answer time, the mobile without a mobile number, a number not hers: each field named', async () => {
    const before = await snapshotOf(carol); // carol has no mobile number
    const profile = available(before);
    const response = await put(carol, {
      ...profile,
      routing: { any: { kind: 'ring', devices: [{ device: 'mobile', delaySeconds: 0 }, { device: 'softphone', delaySeconds: 40 }] } },
      exceptions: { ...profile.exceptions, noAnswer: { afterSeconds: 30, target: { kind: 'voicemail' } } },
      callerId: { softphone: { kind: 'number', number: '+46855501001' }, mobile: profile.callerId.mobile },
    });
    expect(response.status).toBe(400);
    const texts = ((await response.json()) as ErrorAnswer).details?.texts ?? {};
    expect(Object.fromEntries(Object.entries(texts).map(([path, t]) => [path, t.key]))).toEqual({
      'routing.any.devices.0': 'profile.problem.noMobile',
      'routing.any.devices.1.delaySeconds': 'profile.problem.delayBeyondNoAnswer',
      'callerId.softphone.number': 'profile.problem.callerIdNotAllowed',
    });
    expect((await snapshotOf(carol)).profiles).toEqual(before.profiles);
  });

  it('a problem the template already put there does not block an unrelated edit; a valid edit is stored', async () => {
    const before = await snapshotOf(carol);
    // The built-in template rings carol's mobile although she has none: renaming still works.
    const withMobileLeg = before.profiles.find((p) => JSON.stringify(p.routing).includes('"mobile"'));
    expect(withMobileLeg).toBeDefined();
    const renamed = await put(carol, { ...withMobileLeg!, name: 'Renamed' });
    expect(renamed.status, await renamed.clone().text()).toBe(200);
    const profile = available(await snapshotOf(carol));
    const valid = await put(carol, { ...profile, routing: { any: { kind: 'ring', devices: [{ device: 'softphone', delaySeconds: 0 }] } }, exceptions: { ...profile.exceptions, noAnswer: { afterSeconds: 25, target: { kind: 'voicemail' } } } });
    expect(valid.status, await valid.clone().text()).toBe(200);
    const after = (await snapshotOf(carol)).profiles;
    expect(after.find((p) => p.id === withMobileLeg!.id)?.name).toBe('Renamed');
    expect(after.find((p) => p.id === profile.id)?.exceptions.noAnswer?.afterSeconds).toBe(25);
  });

  it('an admin editing the user\'s profile gets the same field errors; another company\'s admin finds nothing', async () => {
    const admin = await server.signIn('admin');
    const globexAdmin = await server.signIn('globexadmin');
    const carolId = server.company.users.carol?.id as string;
    const before = await snapshotOf(carol);
    const { id, ...fields } = available(before);
    const path = `/api/v1/admin/users/${carolId}/profiles/${id}`;
    const impossible = { ...fields, routing: { any: { kind: 'ring', devices: [{ device: 'mobile', delaySeconds: 0 }] } } };
    expect((await server.api(path, { method: 'PUT', token: globexAdmin, body: { fields: impossible } })).status).toBe(404);
    const response = await server.api(path, { method: 'PUT', token: admin, body: { fields: impossible } });
    expect(response.status).toBe(400);
    const texts = ((await response.json()) as ErrorAnswer).details?.texts ?? {};
    expect(Object.fromEntries(Object.entries(texts).map(([p, t]) => [p, t.key]))).toEqual({ 'routing.any.devices.0': 'profile.problem.noMobile' });
    expect((await snapshotOf(carol)).profiles).toEqual(before.profiles);
  });

  it('another company\'s user cannot edit it (not found), and a locked user cannot edit at all', async () => {
    const profile = available(await snapshotOf(alice));
    expect((await put(olga, profile)).status).toBe(404);
    const admin = await server.signIn('admin');
    const aliceId = server.company.users.alice?.id as string;
    const lock = await server.api(`/api/v1/admin/users/${aliceId}/profiles-lock`, { method: 'PUT', token: admin, body: { locked: true } });
    expect(lock.status, await lock.clone().text()).toBe(200);
    const locked = await put(alice, { ...profile, name: 'Mine' });
    expect(locked.status).toBe(403);
    expect(((await locked.json()) as ErrorAnswer).text?.key).toBe('command.profilesLocked');
  });
});
