/**
 * Issue 13 on the profile server: the company's queues as its admin manages them (create,
 * rename, number from the company's own blocks, members and each member's queue devices,
 * delete refused while the main number routes to the queue, who is paused now, pushed to
 * watching admins) and the audit log of every admin action, with two companies: company B's
 * admin never sees nor touches company A's queues or audit rows.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdminQueue, AuditPage, UserSnapshot, type AuditAction, type Profile } from '../../../src/shared/model';
import { decodePbxParams } from '../../../src/shared/pbx';
import { submitCsvJob } from '../../support/csvJobs';
import { apiOk, apiCall, startTestServer, type TestServer } from '../../support/server';
import { openSyncSocket } from '../../support/sync-socket';
import { toneWav } from '../../support/wav';

describe('profile server: queues admin and the audit log', () => {
  let server: TestServer;
  let admin: string;
  let globexAdmin: string;
  const id = (userName: string): string => server.company.users[userName]?.id as string;

  beforeAll(async () => {
    server = await startTestServer();
    admin = await server.signIn('admin');
    globexAdmin = await server.signIn('globexadmin');
  });
  afterAll(async () => {
    await server.stop();
  });

  const call = (token: string, path: string, method: string, body?: unknown) => apiCall(server, token, path, method, body);
  const ok = <T>(token: string, path: string, method: string, body?: unknown): Promise<T> => apiOk<T>(server, token, path, method, body);
  const queues = async (token = admin): Promise<AdminQueue[]> => (await ok<unknown[]>(token, '/api/v1/admin/queues', 'GET')).map((q) => AdminQueue.parse(q));
  const audit = async (query: string, token = admin): Promise<AuditPage> => AuditPage.parse(await ok(token, `/api/v1/admin/audit?${query}`, 'GET'));
  const route = async (to: string, from = 'dave'): Promise<Record<string, string>> => {
    const response = await fetch(`${server.url}/pbx/v1/route?to=${encodeURIComponent(to)}&from=${from}&call_id=queue-${Math.random()}`, { headers: { 'x-pbx-secret': server.pbxSecret } });
    return decodePbxParams(await response.text());
  };

  it('creates a queue numbered from the company’s own numbers; refuses numbers that are not its own or are taken, naming the field', async () => {
    const created = await ok<AdminQueue>(admin, '/api/v1/admin/queues', 'POST', { name: 'Billing', number: '+46855501300' });
    expect(created).toMatchObject({ name: 'Billing', number: '+46855501300', memberIds: [], members: [], mainNumber: false });
    const before = await queues();

    const globexNumber = await call(admin, '/api/v1/admin/queues', 'POST', { name: 'Stolen', number: '+46866601234' });
    expect(globexNumber.status).toBe(409);
    expect(globexNumber.json).toMatchObject({ details: { field: 'number' }, text: { key: 'error.numberNotOwned' } });
    const alicesExtension = await call(admin, '/api/v1/admin/queues', 'POST', { name: 'Clash', number: '1001' });
    expect(alicesExtension.status).toBe(409);
    expect(alicesExtension.json).toMatchObject({ details: { field: 'number' }, text: { key: 'error.numberTaken' } });
    const noName = await call(admin, '/api/v1/admin/queues', 'POST', { name: ' ', number: '3100' });
    expect(noName.status).toBe(400);
    expect(JSON.stringify(noName.json)).toContain('name');
    // A national number typed too short (not extension 07012): refused, naming the field.
    const badNumber = await call(admin, '/api/v1/admin/queues', 'POST', { name: 'Bad', number: '070-12' });
    expect(badNumber.status).toBe(400);
    expect(badNumber.json).toMatchObject({ details: { field: 'number' }, text: { key: 'validation.phoneNumber' } });
    expect(await queues()).toEqual(before);

    // Globex's admin: its own numbers only, and Acme's queues are not there for it.
    expect((await call(globexAdmin, '/api/v1/admin/queues', 'POST', { name: 'Acme clash', number: '+46855501300' })).status).toBe(409);
    expect((await queues(globexAdmin)).map((q) => q.name)).toEqual([]);
    expect((await call(globexAdmin, `/api/v1/admin/queues/${created.id}`, 'PATCH', { name: 'Hijacked' })).status).toBe(404);
    expect((await call(globexAdmin, `/api/v1/admin/queues/${created.id}/members/${id('bob')}`, 'PUT', { devices: null })).status).toBe(404);
    expect((await call(globexAdmin, `/api/v1/admin/queues/${created.id}`, 'DELETE')).status).toBe(404);
    // …nor may it add its own user to Acme's queue, or Acme's user to its own.
    const globexQueue = await ok<AdminQueue>(globexAdmin, '/api/v1/admin/queues', 'POST', { name: 'Globex desk', number: '2100' });
    expect((await call(globexAdmin, `/api/v1/admin/queues/${globexQueue.id}/members/${id('bob')}`, 'PUT', { devices: null })).status).toBe(404);
    expect((await call(admin, `/api/v1/admin/queues/${created.id}/members/${server.otherCompany.users.olga?.id}`, 'PUT', { devices: null })).status).toBe(404);
    expect((await queues()).find((q) => q.id === created.id)?.name).toBe('Billing');
  });

  it('takes queue numbers in national format, read in the company’s country, and stores E.164', async () => {
    const national = await ok<AdminQueue>(admin, '/api/v1/admin/queues', 'POST', { name: 'Sales', number: '08-555 013 10' });
    expect(national.number).toBe('+46855501310');
    const spaced = await ok<AdminQueue>(admin, `/api/v1/admin/queues/${national.id}`, 'PATCH', { number: '08-555 013 11' });
    expect(spaced.number).toBe('+46855501311');
    const extension = await ok<AdminQueue>(admin, `/api/v1/admin/queues/${national.id}`, 'PATCH', { number: '3 400' });
    expect(extension.number).toBe('3400');
    // Stored in E.164: the same number typed internationally is the same queue's, so taken.
    await ok(admin, `/api/v1/admin/queues/${national.id}`, 'PATCH', { number: '08-555 013 10' });
    const clash = await call(admin, '/api/v1/admin/queues', 'POST', { name: 'Sales 2', number: '+46 8 555 013 10' });
    expect(clash.json).toMatchObject({ details: { field: 'number' }, text: { key: 'error.numberTaken', params: { number: '+46855501310' } } });
    // Globex reads national numbers in its own country too, and they must be its own.
    expect((await call(globexAdmin, '/api/v1/admin/queues', 'POST', { name: 'Acme’s', number: '08-555 013 20' })).json).toMatchObject({ text: { key: 'error.numberNotOwned' } });
    const globex = await ok<AdminQueue>(globexAdmin, '/api/v1/admin/queues', 'POST', { name: 'Globex sales', number: '08-666 012 34' });
    expect(globex.number).toBe('+46866601234');
    await ok(globexAdmin, `/api/v1/admin/queues/${globex.id}`, 'DELETE');
    await ok(admin, `/api/v1/admin/queues/${national.id}`, 'DELETE');
  });

  it('a queue the admin creates, numbers and gives a member is what the PBX rings; the member’s devices follow the admin’s choice', async () => {
    const queue = await ok<AdminQueue>(admin, '/api/v1/admin/queues', 'POST', { name: 'Front desk', number: '3200' });
    // Nobody in it yet: nobody to ring.
    expect(await route('3200')).toMatchObject({ kind: 'reject', status: '480' });
    const withCarol = await ok<AdminQueue>(admin, `/api/v1/admin/queues/${queue.id}/members/${id('carol')}`, 'PUT', { devices: null });
    expect(withCarol.members).toEqual([{ userId: id('carol'), devices: null, status: 'active' }]);
    expect(await route('3200')).toMatchObject({ kind: 'queue', ring: 'carol' });

    // Renumbered and renamed: the new number rings, the old one is free.
    await ok(admin, `/api/v1/admin/queues/${queue.id}`, 'PATCH', { name: 'Reception', number: '+46855501400' });
    expect(await route('+46855501400')).toMatchObject({ kind: 'queue', ring: 'carol' });
    expect((await route('3200')).kind).not.toBe('queue');

    // Only her desk phone for this queue (she has none yet): the softphone no longer rings.
    await ok(admin, `/api/v1/admin/queues/${queue.id}/members/${id('carol')}`, 'PUT', { devices: ['deskphone'] });
    expect(await route('+46855501400')).toMatchObject({ kind: 'reject', status: '480' });
    const desk = await ok<{ device: { sipUser: string } }>(admin, `/api/v1/admin/users/${id('carol')}/devices`, 'POST', { label: 'Reception desk' });
    expect(await route('+46855501400')).toMatchObject({ kind: 'queue', ring: desk.device.sipUser });
    expect((await queues()).find((q) => q.id === queue.id)?.members).toEqual([{ userId: id('carol'), devices: ['deskphone'], status: 'active' }]);

    // Removed: nobody rings again.
    await ok(admin, `/api/v1/admin/queues/${queue.id}/members/${id('carol')}`, 'DELETE');
    expect(await route('+46855501400')).toMatchObject({ kind: 'reject', status: '480' });
  });

  it('admins see who is paused now, and a watching admin is told when a member pauses', async () => {
    const support = server.company.queues.Support?.id as string;
    const alice = await server.signIn('alice');
    const watching = await openSyncSocket(server.wsUrl, { token: admin, watchCompany: true });
    const elsewhere = await openSyncSocket(server.wsUrl, { token: globexAdmin, watchCompany: true });
    try {
      await watching.waitFor((m) => m.type === 'snapshot');
      const statusOf = async (): Promise<string | undefined> => (await queues()).find((q) => q.id === support)?.members.find((m) => m.userId === id('alice'))?.status;
      expect(await statusOf()).toBe('active');
      expect((await call(alice, '/api/v1/me/queues', 'POST', { queueIds: [support], status: 'paused' })).status).toBe(200);
      await watching.waitFor((m) => m.type === 'company-change' && m.userId === id('alice'));
      expect(await statusOf()).toBe('paused');
      expect((await route('+46855501100')).ring?.split(',')).not.toContain('alice');
      expect((await call(alice, '/api/v1/me/queues', 'POST', { queueIds: [support], status: 'active' })).status).toBe(200);
      expect(await statusOf()).toBe('active');
      expect(elsewhere.messages.filter((m) => m.type === 'company-change')).toEqual([]);
    } finally {
      await watching.close();
      await elsewhere.close();
    }
  });

  it('a scheduled switch (a timed choice ending) that changes who is paused is pushed to the watching admins, not to another company’s', async () => {
    const support = server.company.queues.Support?.id as string;
    const carol = await server.signIn('carol');
    const snapshot = UserSnapshot.parse(await ok(carol, '/api/v1/me/snapshot', 'GET'));
    // Her default profile takes queue calls, her second pauses them (the admin edits them so).
    const [fallback, paused] = snapshot.profiles as [Profile, Profile];
    expect(snapshot.defaultProfileId ?? fallback.id).toBe(fallback.id);
    const policy = (p: Profile, status: 'active' | 'paused') => ({ fields: { ...p, queues: { ...p.queues, status, scope: 'all' } } });
    await ok(admin, `/api/v1/admin/users/${id('carol')}/profiles/${fallback.id}`, 'PUT', policy(fallback, 'active'));
    await ok(admin, `/api/v1/admin/users/${id('carol')}/profiles/${paused.id}`, 'PUT', policy(paused, 'paused'));
    const watching = await openSyncSocket(server.wsUrl, { token: admin, watchCompany: true });
    const elsewhere = await openSyncSocket(server.wsUrl, { token: globexAdmin, watchCompany: true });
    try {
      await watching.waitFor((m) => m.type === 'presence');
      const statusOf = async (): Promise<string | undefined> => (await queues()).find((q) => q.id === support)?.members.find((m) => m.userId === id('carol'))?.status;
      expect(await statusOf()).toBe('active');
      // A manual switch to the pausing profile, until 2 s from now: its end is a scheduled switch.
      await ok(carol, '/api/v1/me/profile-switch', 'POST', { profileId: paused.id, until: new Date(Date.now() + 2000).toISOString() });
      expect(await statusOf()).toBe('paused');
      const before = watching.messages.length;
      const note = await watching.waitFor((m) => m.type === 'company-change' && m.userId === id('carol') && m.reason.startsWith('schedule'), 10_000);
      expect(watching.messages.indexOf(note)).toBeGreaterThanOrEqual(before);
      expect(await statusOf()).toBe('active');
      expect(elsewhere.messages.filter((m) => m.type === 'company-change')).toEqual([]);
    } finally {
      await watching.close();
      await elsewhere.close();
    }
  });

  it('refuses to delete the queue the main number routes to, naming it; deletes it once the main number goes elsewhere', async () => {
    const queue = await ok<AdminQueue>(admin, '/api/v1/admin/queues', 'POST', { name: 'Switchboard', number: '3300' });
    await ok(admin, `/api/v1/admin/queues/${queue.id}/members/${id('bob')}`, 'PUT', { devices: null });
    await ok(admin, '/api/v1/admin/company', 'PATCH', { mainNumberRoute: { kind: 'queue', queueId: queue.id } });
    expect((await queues()).find((q) => q.id === queue.id)?.mainNumber).toBe(true);
    const refused = await call(admin, `/api/v1/admin/queues/${queue.id}`, 'DELETE');
    expect(refused.status).toBe(409);
    expect(refused.json).toMatchObject({ details: { field: 'mainNumberRoute' }, text: { key: 'error.queueIsMainNumberRoute', params: { queue: 'Switchboard', number: '+46855500000' } } });
    expect((await queues()).some((q) => q.id === queue.id)).toBe(true);
    expect((await route('+46855500000')).ring?.split(',')).toContain('bob');

    await ok(admin, '/api/v1/admin/company', 'PATCH', { mainNumberRoute: { kind: 'nobody' } });
    await ok(admin, `/api/v1/admin/queues/${queue.id}`, 'DELETE');
    expect((await queues()).some((q) => q.id === queue.id)).toBe(false);
    expect((await route('3300')).kind).not.toBe('queue');
    // The number is free again.
    await ok(admin, '/api/v1/admin/queues', 'POST', { name: 'Switchboard 2', number: '3300' });
  });

  it('records every admin action with who, what, whom and when; company B’s log never shows company A’s', async () => {
    const started = new Date().toISOString();
    const createdUser = await ok<{ user: { id: string } }>(admin, '/api/v1/admin/users', 'POST', { firstName: 'Erik', lastName: 'Ek', email: 'erik@example.test', password: 'Erik-password-1!' });
    const erik = createdUser.user.id;
    await ok(admin, `/api/v1/admin/users/${erik}`, 'PATCH', { lastName: 'Eklund' });
    await ok(admin, `/api/v1/admin/users/${erik}/disabled`, 'PUT', { disabled: true });
    await ok(admin, `/api/v1/admin/users/${erik}/disabled`, 'PUT', { disabled: false });
    const csv = await submitCsvJob(server, admin, { content: 'Internal ID,First Name,Last Name,Email\n,Frida,Fors,frida@example.test\n' });
    expect(csv.state).toBe('committed');
    await ok(admin, '/api/v1/admin/invitations', 'POST', { emails: ['gustav@example.test'] });
    const templates = await ok<{ id: string }[]>(admin, '/api/v1/admin/templates', 'GET');
    const source = await ok<{ id: string; profiles: unknown[] }>(admin, `/api/v1/admin/templates/${templates[0]?.id}`, 'GET');
    const clone = await ok<{ id: string; profiles: { key: string; name: string }[] }>(admin, `/api/v1/admin/templates/${source.id}/clone`, 'POST', { name: 'Audited copy' });
    await ok(admin, `/api/v1/admin/templates/${clone.id}`, 'PUT', { name: 'Audited template', profiles: clone.profiles });
    await ok(admin, `/api/v1/admin/templates/${clone.id}/apply`, 'POST', { userIds: [erik], confirmOverwrite: true });
    await ok(admin, '/api/v1/admin/profiles/mass-edit', 'POST', { userIds: [erik], profileKey: clone.profiles[0]?.key, field: 'recording', value: true });
    await ok(admin, '/api/v1/admin/profiles/add', 'POST', { userIds: [erik], profile: { ...clone.profiles[0], key: undefined, name: 'Audited extra', speedDial: null } });
    const doomed = await ok<{ id: string }>(admin, `/api/v1/admin/templates/${source.id}/clone`, 'POST', { name: 'Audited doomed' });
    await ok(admin, `/api/v1/admin/templates/${doomed.id}`, 'DELETE');
    await ok(admin, '/api/v1/admin/company', 'PATCH', { recordingRetentionDays: 45 });
    const queue = await ok<AdminQueue>(admin, '/api/v1/admin/queues', 'POST', { name: 'Audited queue', number: '3400' });
    await ok(admin, '/api/v1/admin/company', 'PATCH', { mainNumberRoute: { kind: 'queue', queueId: queue.id } });
    await ok(admin, '/api/v1/admin/company', 'PATCH', { mainNumberRoute: { kind: 'nobody' } });
    await ok(admin, `/api/v1/admin/queues/${queue.id}`, 'PATCH', { name: 'Audited queue 2' });
    await ok(admin, `/api/v1/admin/queues/${queue.id}/members/${erik}`, 'PUT', { devices: null });
    await ok(admin, `/api/v1/admin/queues/${queue.id}/members/${erik}`, 'PUT', { devices: ['softphone', 'mobile'] });
    await ok(admin, `/api/v1/admin/queues/${queue.id}/members/${erik}`, 'DELETE');
    await ok(admin, `/api/v1/admin/queues/${queue.id}`, 'DELETE');
    await ok(admin, '/api/v1/admin/feature-codes', 'PUT', { queuesPause: '*22', queuesResume: '*21', defaultProfile: '*30', listenVoicemail: '*98' });
    const audioBase64 = Buffer.from(toneWav([{ hz: 440, seconds: 0.3 }])).toString('base64');
    const announcement = await ok<{ id: string }>(admin, '/api/v1/admin/announcements', 'POST', { name: 'Audited message', afterwards: 'end', audioBase64 });
    await ok(admin, `/api/v1/admin/announcements/${announcement.id}`, 'PATCH', { name: 'Audited message 2' });
    await ok(admin, `/api/v1/admin/announcements/${announcement.id}`, 'DELETE');
    const application = await ok<{ id: string }>(admin, '/api/v1/admin/applications', 'POST', { name: 'Audited app', sipUri: 'sip:ivr@apps.example.test' });
    await ok(admin, `/api/v1/admin/applications/${application.id}`, 'PUT', { name: 'Audited app 2', sipUri: 'sip:ivr2@apps.example.test' });
    await ok(admin, `/api/v1/admin/applications/${application.id}`, 'DELETE');
    const desk = await ok<{ device: { id: string } }>(admin, `/api/v1/admin/users/${erik}/devices`, 'POST', { label: 'Erik desk' });
    await ok(admin, `/api/v1/admin/users/${erik}/devices/${desk.device.id}/rotate`, 'POST');
    await ok(admin, `/api/v1/admin/users/${erik}/devices/${desk.device.id}`, 'DELETE');
    await ok(admin, '/api/v1/admin/registration-link/rotate', 'POST');
    // A refused action leaves no row.
    expect((await call(admin, '/api/v1/admin/queues', 'POST', { name: 'Refused', number: '1001' })).status).toBe(409);

    const recent = await audit(`from=${encodeURIComponent(started)}&pageSize=200`);
    const actions = recent.entries.map((e) => e.action);
    const expected: AuditAction[] = [
      'users.create', 'users.update', 'users.disable', 'users.enable', 'users.csvImport', 'users.invite',
      'templates.clone', 'templates.update', 'templates.apply', 'massEdit.field', 'massEdit.addProfile', 'templates.delete',
      'company.update', 'numbers.update', 'queues.create', 'queues.update', 'queues.memberAdd', 'queues.memberUpdate', 'queues.memberRemove', 'queues.delete',
      'codes.set', 'announcements.create', 'announcements.update', 'announcements.delete', 'applications.create', 'applications.update', 'applications.delete',
      'devices.create', 'devices.rotate', 'devices.delete', 'registrationLink.rotate',
    ];
    for (const action of expected) expect(actions, action).toContain(action);
    expect(recent.entries.some((e) => e.subject?.name === 'Refused')).toBe(false);
    // Newest first, each with who and when.
    expect(actions[0]).toBe('registrationLink.rotate');
    for (const entry of recent.entries) {
      expect(entry).toMatchObject({ actorId: id('admin'), actorName: 'admin' });
      expect(entry.at >= started).toBe(true);
    }
    expect(recent.entries.find((e) => e.action === 'users.create')?.subject).toEqual({ kind: 'user', id: erik, name: 'Erik Ek (erik@example.test)' });
    expect(recent.entries.find((e) => e.action === 'users.update')?.details).toEqual({ fields: ['lastName'] });
    expect(recent.entries.find((e) => e.action === 'queues.memberUpdate')?.details).toMatchObject({ queue: 'Audited queue 2', devices: ['softphone', 'mobile'] });
    // Secrets never reach the log.
    expect(JSON.stringify(recent)).not.toContain('Erik-password-1!');

    // Search, filters and pages.
    const searched = await audit('q=Audited%20queue');
    expect(searched.entries.map((e) => e.action).sort()).toEqual(['queues.create', 'queues.delete', 'queues.memberAdd', 'queues.memberRemove', 'queues.memberUpdate', 'queues.update'].sort());
    expect((await audit('action=devices.rotate')).entries).toHaveLength(1);
    const aboutErik = await audit(`personId=${erik}&pageSize=200`);
    expect(aboutErik.entries.map((e) => e.action)).toEqual(expect.arrayContaining(['users.create', 'templates.apply', 'massEdit.field', 'devices.create', 'queues.memberAdd']));
    expect(aboutErik.entries.map((e) => e.action)).not.toContain('codes.set');
    const page1 = await audit('pageSize=5&page=1');
    const page2 = await audit('pageSize=5&page=2');
    expect(page1.total).toBeGreaterThan(30);
    expect(page2.total).toBe(page1.total);
    expect(page1.entries).toHaveLength(5);
    expect((page2.entries[0]?.at ?? '') <= (page1.entries[4]?.at ?? '')).toBe(true);
    expect(new Set([...page1.entries, ...page2.entries].map((e) => e.id)).size).toBe(10);
    const earlier = (await audit(`to=${encodeURIComponent(started)}&action=queues.create`)).entries;
    expect(earlier.map((e) => e.subject?.name)).toContain('Billing');
    expect(earlier.map((e) => e.subject?.name)).not.toContain('Audited queue');
    expect((await call(admin, '/api/v1/admin/audit?action=queues.explode', 'GET')).status).toBe(400);
    expect((await call(admin, '/api/v1/admin/audit?pageSize=100000', 'GET')).status).toBe(400);

    // Company B: its own log only (its creation and initial apply), nothing of A's, whatever it asks.
    const globex = await audit('pageSize=200', globexAdmin);
    expect(globex.entries.map((e) => e.action)).toEqual(expect.arrayContaining(['company.create', 'templates.apply', 'queues.create']));
    expect(JSON.stringify(globex)).not.toMatch(/Audited|Erik|erik|acme/i);
    expect((await audit(`personId=${erik}`, globexAdmin)).entries).toEqual([]);
    expect((await audit('q=Audited', globexAdmin)).total).toBe(0);
    // Users are not admins: no audit log for them.
    expect((await call(await server.signIn('alice'), '/api/v1/admin/audit', 'GET')).status).toBe(403);
  });

  it('records the initial apply made when the company was created, by the system', async () => {
    const created = await audit('action=company.create');
    expect(created.entries).toEqual([expect.objectContaining({ actorId: null, subject: { kind: 'company', id: 'acme', name: 'Acme' } })]);
    const initial = (await audit('action=templates.apply&pageSize=200')).entries.find((e) => e.details.initial === true);
    expect(initial).toMatchObject({ actorId: null, subject: { kind: 'template' } });
    expect(initial?.details.userIds).toEqual(expect.arrayContaining(Object.values(server.company.users).map((u) => u.id)));
  });
});
