/**
 * Issue 11 on the profile server: announcements (WAV upload converted to 8 kHz mono, rename,
 * replace, delete refused while in use), applications (SIP address), the company's feature
 * codes and the speed-dial rules, each scoped to one company; and the PBX's route answers for
 * `message-<id>`, `app-<id>` and `*NN` codes (a code runs the user's command: the switch is in
 * the user's snapshot).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Announcement, Application, CompanyCodes, CompanyDestinations, type ProfileFieldsInput } from '../../../src/shared/model';
import { decodePbxParams } from '../../../src/shared/pbx';
import { baseProfile } from '../../support/sipHarness';
import { startTestServer, type TestServer } from '../../support/server';
import { readWav, toneShare, toneWav } from '../../support/wav';

const b64 = (bytes: Buffer): string => bytes.toString('base64');

describe('profile server: announcements, applications and feature codes', () => {
  let server: TestServer;
  let admin: string;
  let globexAdmin: string;
  let alice: string;
  let olga: string;
  const ids = (userName: string): string => server.company.users[userName]?.id as string;

  beforeAll(async () => {
    server = await startTestServer();
    admin = await server.signIn('admin');
    globexAdmin = await server.signIn('globexadmin');
    alice = await server.signIn('alice');
    olga = await server.signIn('olga');
  });
  afterAll(async () => {
    await server.stop();
  });

  const pbx = async (path: string): Promise<{ status: number; values: Record<string, string> }> => {
    const response = await fetch(`${server.url}${path}`, { headers: { 'x-pbx-secret': server.pbxSecret } });
    return { status: response.status, values: decodePbxParams(await response.text()) };
  };
  const route = (to: string, from: string, via?: string) =>
    pbx(`/pbx/v1/route?to=${encodeURIComponent(to)}&from=${encodeURIComponent(from)}&call_id=call-1${via ? `&via=${encodeURIComponent(via)}` : ''}`);
  const prompt = (name: string, lang = 'en') => expect.stringMatching(new RegExp(`^prompt-${name}\\.${lang}-[0-9a-f]{32}$`));
  const upload = async (token: string, name: string, wav: Buffer, afterwards?: 'end' | 'voicemail'): Promise<Response> =>
    server.api('/api/v1/admin/announcements', { token, body: { name, audioBase64: b64(wav), ...(afterwards ? { afterwards } : {}) } });
  const created = async (response: Response): Promise<Announcement> => {
    expect(response.status, await response.clone().text()).toBe(200);
    return Announcement.parse(await response.json());
  };
  const addProfile = async (userName: string, fields: Partial<ProfileFieldsInput>): Promise<Response> =>
    server.api('/api/v1/admin/profiles/add', { token: userName === 'olga' ? globexAdmin : admin, body: { userIds: [userName === 'olga' ? server.otherCompany.users.olga?.id : ids(userName)], profile: { ...baseProfile(), ...fields } } });

  it('converts an uploaded 44.1 kHz WAV to 8 kHz mono with the same tone; the PBX fetches that audio', async () => {
    const announcement = await created(await upload(admin, 'Closed for lunch', toneWav([{ hz: 440, seconds: 1.5 }], 44100)));
    expect(announcement).toMatchObject({ name: 'Closed for lunch', afterwards: 'end', usedBy: [] });
    expect(announcement.durationSeconds).toBeCloseTo(1.5, 1);
    expect((await addProfile('dave', { name: 'Lunch message', routing: { any: { kind: 'message', messageId: announcement.id } } })).status).toBe(200);
    const { target } = (await route(`message-${announcement.id}`, 'bob', '1004')).values;
    const audio = await fetch(`${server.url}/pbx/v1/announcements/audio?target=${target}&call_id=call-1`, { headers: { 'x-pbx-secret': server.pbxSecret } });
    expect(audio.status).toBe(200);
    const wav = readWav(Buffer.from(await audio.arrayBuffer()));
    expect(wav).toMatchObject({ sampleRate: 8000, channels: 1 });
    expect(toneShare(wav, 0, 0.2, 1.3, 440)).toBeGreaterThan(0.8);
    // without the PBX secret: refused
    expect((await fetch(`${server.url}/pbx/v1/announcements/audio?target=${target}&call_id=call-1`)).status).toBe(401);
    // a target the server did not sign
    expect((await fetch(`${server.url}/pbx/v1/announcements/audio?target=ann-${announcement.id}-00000000000000000000000000000000&call_id=call-1`, { headers: { 'x-pbx-secret': server.pbxSecret } })).status).toBe(404);
  });

  it('refuses what is not a WAV, what is too long, and a name already used; nothing is stored', async () => {
    const before = (await (await server.api('/api/v1/admin/announcements', { token: admin })).json()) as unknown[];
    const notWav = await upload(admin, 'Garbage', Buffer.from('this is not audio at all'));
    expect(notWav.status).toBe(400);
    expect(((await notWav.json()) as { message: string }).message).toMatch(/^audioBase64: /);
    const long = await upload(admin, 'Too long', toneWav([{ hz: 0, seconds: 130 }]));
    expect(long.status).toBe(400);
    expect(await long.json()).toMatchObject({ text: { key: 'error.audioTooLong', params: { seconds: 130, max: 120 } } });
    await created(await upload(admin, 'Holiday', toneWav([{ hz: 600, seconds: 0.5 }])));
    const twice = await upload(admin, 'holiday', toneWav([{ hz: 600, seconds: 0.5 }]));
    expect(twice.status).toBe(409);
    expect(await twice.json()).toMatchObject({ text: { key: 'error.destinationNameTaken' } });
    const after = (await (await server.api('/api/v1/admin/announcements', { token: admin })).json()) as unknown[];
    expect(after.length).toBe(before.length + 1);
  });

  it('renames, changes what follows and replaces the audio', async () => {
    const announcement = await created(await upload(admin, 'Rename me', toneWav([{ hz: 500, seconds: 1 }])));
    const response = await server.api(`/api/v1/admin/announcements/${announcement.id}`, {
      method: 'PATCH',
      token: admin,
      body: { name: 'Renamed', afterwards: 'voicemail', audioBase64: b64(toneWav([{ hz: 900, seconds: 2 }], 16000)) },
    });
    const changed = Announcement.parse(await response.json());
    expect(changed).toMatchObject({ name: 'Renamed', afterwards: 'voicemail' });
    expect(changed.durationSeconds).toBeCloseTo(2, 1);
    const audio = await fetch(`${server.url}/api/v1/admin/announcements/${announcement.id}/audio`, { headers: { authorization: `Bearer ${admin}` } });
    expect(toneShare(readWav(Buffer.from(await audio.arrayBuffer())), 0, 0.2, 1.8, 900)).toBeGreaterThan(0.8);
  });

  it('another company sees, changes and deletes nothing of it; users cannot manage them; each editor lists its own company', async () => {
    const announcement = await created(await upload(admin, 'Acme only', toneWav([{ hz: 500, seconds: 0.5 }])));
    const theirs = (await (await server.api('/api/v1/admin/announcements', { token: globexAdmin })).json()) as Announcement[];
    expect(theirs.map((a) => a.id)).not.toContain(announcement.id);
    for (const [method, path] of [
      ['PATCH', `/api/v1/admin/announcements/${announcement.id}`],
      ['DELETE', `/api/v1/admin/announcements/${announcement.id}`],
      ['GET', `/api/v1/admin/announcements/${announcement.id}/audio`],
    ] as const) {
      const body = method === 'PATCH' ? { name: 'Stolen' } : undefined;
      expect((await server.api(path, { method, token: globexAdmin, body })).status).toBe(404);
      expect((await server.api(path, { method, token: alice, body })).status).toBe(403);
    }
    const mine = CompanyDestinations.parse(await (await server.api('/api/v1/me/destinations', { token: alice })).json());
    expect(mine.announcements.map((a) => a.name)).toContain('Acme only');
    const olgas = CompanyDestinations.parse(await (await server.api('/api/v1/me/destinations', { token: olga })).json());
    expect(olgas.announcements.map((a) => a.id)).not.toContain(announcement.id);
    // A profile of the other company cannot name it either
    const stolen = await addProfile('olga', { name: 'Sneaky', routing: { any: { kind: 'message', messageId: announcement.id } } });
    expect(stolen.status).toBe(400);
  });

  it('refuses to delete an announcement a profile plays, naming who uses it; the PBX answers its message target', async () => {
    const announcement = await created(await upload(admin, 'In use', toneWav([{ hz: 500, seconds: 0.5 }]), 'voicemail'));
    expect((await addProfile('alice', { name: 'Closed', routing: { any: { kind: 'message', messageId: announcement.id, label: 'In use' } } })).status).toBe(200);
    const refused = await server.api(`/api/v1/admin/announcements/${announcement.id}`, { method: 'DELETE', token: admin });
    expect(refused.status).toBe(409);
    expect(((await refused.json()) as { message: string }).message).toContain('Alice Andersson (Closed)');
    const listed = (await (await server.api('/api/v1/admin/announcements', { token: admin })).json()) as Announcement[];
    expect(listed.find((a) => a.id === announcement.id)?.usedBy).toEqual(['Alice Andersson (Closed)']);

    // forwarded by alice's profile (bob's call reached her 1001 first): her company's
    // announcement, then her voicemail
    await route('1001', 'bob');
    const forwarded = (await route(`message-${announcement.id}`, 'bob', '1001')).values;
    expect(forwarded.kind).toBe('media');
    expect(forwarded.target).toMatch(new RegExp(`^ann-${announcement.id}\\.${ids('alice')}-[0-9a-f]{32}$`));
    // the media component fetches the audio with that target and the same Call-ID only
    const audio = (callId: string) => fetch(`${server.url}/pbx/v1/announcements/audio?target=${forwarded.target}&call_id=${callId}`, { headers: { 'x-pbx-secret': server.pbxSecret } });
    expect((await audio('call-1')).status).toBe(200);
    expect((await audio('another-call')).status).toBe(404);
    // dialled by someone of another company, forwarded by nobody: not found
    expect((await route(`message-${announcement.id}`, 'olga')).values).toMatchObject({ kind: 'unknown', status: '404' });
  });

  it('applications: a valid SIP address, scoped to the company, handed to the PBX as the relay target', async () => {
    const bad = await server.api('/api/v1/admin/applications', { token: admin, body: { name: 'IVR', sipUri: 'http://example.com' } });
    expect(bad.status).toBe(400);
    const response = await server.api('/api/v1/admin/applications', { token: admin, body: { name: 'IVR', sipUri: 'sip:ivr@127.0.0.1:5099' } });
    expect(response.status).toBe(200);
    const app = Application.parse(await response.json());
    expect((await server.api(`/api/v1/admin/applications/${app.id}`, { method: 'PUT', token: globexAdmin, body: { name: 'x', sipUri: 'sip:x@y' } })).status).toBe(404);
    expect((await route(`app-${app.id}`, 'bob', '1001')).values).toMatchObject({ kind: 'application', target: 'sip:ivr@127.0.0.1:5099' });
    expect((await route(`app-${app.id}`, 'olga', '2001')).values).toMatchObject({ kind: 'unknown' });
    expect((await addProfile('carol', { name: 'To IVR', routing: { any: { kind: 'application', applicationId: app.id } } })).status).toBe(200);
    expect((await server.api(`/api/v1/admin/applications/${app.id}`, { method: 'DELETE', token: admin })).status).toBe(409);
  });

  it('company codes: defaults, per company, no code twice and none that is a speed dial', async () => {
    const codes = CompanyCodes.parse(await (await server.api('/api/v1/admin/feature-codes', { token: admin })).json());
    expect(codes).toEqual({ queuesPause: '*20', queuesResume: '*21', defaultProfile: '*30', listenVoicemail: '*98' });
    const twice = await server.api('/api/v1/admin/feature-codes', { method: 'PUT', token: admin, body: { ...codes, queuesResume: '*20' } });
    expect(twice.status).toBe(400);
    expect(await twice.json()).toMatchObject({ text: { key: 'validation.companyCodeTwice' } });
    // listening to voicemail is one of the codes too: unique, and no speed dial may take it
    const listenTwice = await server.api('/api/v1/admin/feature-codes', { method: 'PUT', token: admin, body: { ...codes, listenVoicemail: '*30' } });
    expect(listenTwice.status).toBe(400);
    expect(await listenTwice.json()).toMatchObject({ text: { key: 'validation.companyCodeTwice', params: { code: '*30' } } });
    // a table saved without the newer code (an older client) keeps it at its default
    const older = await server.api('/api/v1/admin/feature-codes', { method: 'PUT', token: admin, body: { queuesPause: '*20', queuesResume: '*21', defaultProfile: '*30' } });
    expect(older.status).toBe(200);
    expect(await older.json()).toEqual(codes);
    const listenDial = await addProfile('bob', { name: 'Listening', speedDial: '*98' });
    expect(listenDial.status).toBe(400);
    expect(await listenDial.json()).toMatchObject({ text: { key: 'validation.speedDialCompanyCode', params: { code: '*98' } } });
    expect((await addProfile('bob', { name: 'Speedy', speedDial: '*77' })).status).toBe(200);
    const clash = await server.api('/api/v1/admin/feature-codes', { method: 'PUT', token: admin, body: { ...codes, defaultProfile: '*77' } });
    expect(clash.status).toBe(409);
    expect(await clash.json()).toMatchObject({ text: { key: 'validation.companyCodeUsed', params: { code: '*77', profile: 'Speedy' } } });
    // Globex changes its own table only
    const globex = await server.api('/api/v1/admin/feature-codes', { method: 'PUT', token: globexAdmin, body: { queuesPause: '*55', queuesResume: null, defaultProfile: '*30', listenVoicemail: '*99' } });
    expect(globex.status).toBe(200);
    expect(CompanyCodes.parse(await (await server.api('/api/v1/admin/feature-codes', { token: admin })).json())).toEqual(codes);
    expect((await server.api('/api/v1/admin/feature-codes', { token: alice })).status).toBe(403);
  });

  it('a speed dial that is a company code or another profile\'s is refused in profiles and templates', async () => {
    const company = await addProfile('dave', { name: 'Pausing', speedDial: '*20' });
    expect(company.status).toBe(400);
    expect(await company.json()).toMatchObject({ text: { key: 'validation.speedDialCompanyCode', params: { code: '*20' } } });
    const templates = (await (await server.api('/api/v1/admin/templates', { token: admin })).json()) as { id: string; builtIn: boolean }[];
    const clone = (await (await server.api(`/api/v1/admin/templates/${templates[0]!.id}/clone`, { method: 'POST', token: admin, body: { name: 'Codes test' } })).json()) as {
      id: string;
      name: string;
      profiles: (ProfileFieldsInput & { key: string })[];
    };
    const profiles = clone.profiles.map((p, i) => (i === 1 ? { ...p, speedDial: clone.profiles[0]!.speedDial } : p));
    const saved = await server.api(`/api/v1/admin/templates/${clone.id}`, { method: 'PUT', token: admin, body: { name: clone.name, profiles } });
    expect(saved.status).toBe(400);
    expect(await saved.json()).toMatchObject({ text: { key: 'validation.speedDialTaken', params: { code: clone.profiles[0]!.speedDial } } });
    // a user editing their own profile
    const snapshot = (await (await server.api('/api/v1/me/snapshot', { token: alice })).json()) as { profiles: (ProfileFieldsInput & { id: string })[] };
    const [first, second] = snapshot.profiles;
    const { id, ...fields } = second!;
    const edit = await server.api(`/api/v1/me/profiles/${id}`, { method: 'PUT', token: alice, body: { fields: { ...fields, speedDial: first!.speedDial ?? '*21' } } });
    expect(edit.status).toBe(400);
  });

  it('a speed dial from the user or their desk phone switches the profile; company codes pause and resume queues; unknown codes are not found', async () => {
    expect((await addProfile('carol', { name: 'Focus', speedDial: '*66' })).status).toBe(200);
    const answer = await route('*66', 'carol');
    expect(answer.values).toMatchObject({ kind: 'media', target: prompt('switched') });
    const snapshotOf = async (token: string) =>
      (await (await server.api('/api/v1/me/snapshot', { token })).json()) as { profiles: { id: string; name: string }[]; manualChoice: { profileId: string } | null; queueOverrides: { status: string }[] };
    const carol = await server.signIn('carol');
    let snapshot = await snapshotOf(carol);
    expect(snapshot.profiles.find((p) => p.id === snapshot.manualChoice?.profileId)?.name).toBe('Focus');

    // the desk phone's account maps to its owner
    const desk = await server.api(`/api/v1/admin/users/${ids('carol')}/devices`, { token: admin, body: { label: 'Desk' } });
    const sipUser = ((await desk.json()) as { device: { sipUser: string } }).device.sipUser;
    expect((await route('*30', sipUser)).values).toMatchObject({ kind: 'media', target: prompt('default-profile') });
    snapshot = await snapshotOf(carol);
    expect(snapshot.manualChoice).toBeNull();

    expect((await route('*20', 'carol')).values).toMatchObject({ target: prompt('queues-paused') });
    snapshot = await snapshotOf(carol);
    expect(snapshot.queueOverrides.map((o) => o.status)).toEqual(['paused']);
    expect((await route('*21', sipUser)).values).toMatchObject({ target: prompt('queues-resumed') });
    expect((await snapshotOf(carol)).queueOverrides.map((o) => o.status)).toEqual(['active']);

    expect((await route('*9999', 'carol')).values).toMatchObject({ kind: 'unknown', status: '404' });
    // Globex's pause code is *55, Acme's is not
    expect((await route('*55', 'carol')).values).toMatchObject({ kind: 'unknown' });
    expect((await route('*55', 'olga')).values).toMatchObject({ kind: 'media', target: prompt('queues-paused') });
  });
});
