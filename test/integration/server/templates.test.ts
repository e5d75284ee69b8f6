import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Template, UserSnapshot } from '../../../src/shared/model';
import type { ServerMessage } from '../../../src/shared/server-api';
import { startTestServer, type TestServer } from '../../support/server';
import { openSyncSocket } from '../../support/sync-socket';

describe('profile server: templates (seed 000) and mass edits (seed 001)', () => {
  let server: TestServer;
  let admin: string;
  beforeAll(async () => {
    server = await startTestServer();
    admin = await server.signIn('admin');
  });
  afterAll(async () => {
    await server.stop();
  });

  const list = async () => (await (await server.api('/api/v1/admin/templates', { token: admin })).json()) as { id: string; name: string; builtIn: boolean }[];
  const snapshotOf = async (token: string) => (await (await server.api('/api/v1/me/snapshot', { token })).json()) as UserSnapshot;

  it('starts every company with the built-in templates, which cannot be edited', async () => {
    const templates = await list();
    expect(templates.length).toBeGreaterThanOrEqual(3);
    expect(templates.every((t) => t.builtIn)).toBe(true);
    const builtIn = (await (await server.api(`/api/v1/admin/templates/${templates[0]?.id}`, { token: admin })).json()) as Template;
    const edit = await server.api(`/api/v1/admin/templates/${builtIn.id}`, { method: 'PUT', token: admin, body: { name: 'Mine', profiles: builtIn.profiles } });
    expect(edit.status).toBe(409);
    expect(((await edit.json()) as { message: string }).message).toMatch(/clone/);
  });

  it('clones, renames, edits, reorders and applies only with the overwrite confirmation; clients see it live', async () => {
    const [office] = await list();
    const cloned = (await (await server.api(`/api/v1/admin/templates/${office?.id}/clone`, { token: admin, body: { name: 'Night shift' } })).json()) as Template;
    expect(cloned).toMatchObject({ name: 'Night shift', builtIn: false });
    const duplicate = await server.api(`/api/v1/admin/templates/${office?.id}/clone`, { token: admin, body: { name: 'night SHIFT' } });
    expect(duplicate.status).toBe(409);

    const [first, second, ...rest] = cloned.profiles;
    if (!first || !second) throw new Error('template too small');
    // (speed dials are unique within a template: the copy has none)
    const added = { ...first, key: 'graveyard', name: 'Graveyard', priority: 5, speedDial: null };
    const profiles = [second, { ...first, name: 'Awake' }, ...rest.slice(1), added]; // reorder, edit, remove one, add one
    const saved = await server.api(`/api/v1/admin/templates/${cloned.id}`, { method: 'PUT', token: admin, body: { name: 'Night shift v2', profiles } });
    expect(saved.status).toBe(200);
    expect(((await saved.json()) as Template).profiles.map((p) => p.name)).toEqual(profiles.map((p) => p.name));

    const bob = await server.signIn('bob');
    const bobBefore = await snapshotOf(bob);
    // Bob chose the profile that the template keeps under the same key: his choice survives.
    await server.api('/api/v1/me/profile-switch', { token: bob, body: { profileId: bobBefore.profiles[1]?.id } });
    const dave = await server.signIn('dave');
    const bobSocket = await openSyncSocket(server.wsUrl, { token: bob });
    const daveSocket = await openSyncSocket(server.wsUrl, { token: dave });
    const adminSocket = await openSyncSocket(server.wsUrl, { token: admin, watchCompany: true });
    await Promise.all([bobSocket, daveSocket, adminSocket].map((s) => s.waitFor((m) => m.type === 'snapshot')));

    const userIds = [server.company.users.bob?.id, server.company.users.dave?.id];
    const unconfirmed = await server.api(`/api/v1/admin/templates/${cloned.id}/apply`, { token: admin, body: { userIds } });
    expect(unconfirmed.status).toBe(409);
    expect(((await unconfirmed.json()) as { message: string }).message).toMatch(/removes all existing profiles/);
    expect((await snapshotOf(bob)).profiles).toEqual((await snapshotOf(bob)).profiles);

    const applied = await server.api(`/api/v1/admin/templates/${cloned.id}/apply`, { token: admin, body: { userIds, confirmOverwrite: true } });
    expect(applied.status).toBe(200);
    expect(await applied.json()).toMatchObject({ applied: 2 });

    const isApply = (m: ServerMessage) => m.type === 'changes' && m.changes.some((c) => c.reason === 'template-applied');
    const pushed = (await bobSocket.waitFor(isApply)) as Extract<ServerMessage, { type: 'changes' }>;
    const change = pushed.changes.find((c) => c.reason === 'template-applied');
    expect(change?.patch.profiles?.map((p) => p.name)).toEqual(profiles.map((p) => p.name));
    expect(change?.notice?.params).toEqual({ template: 'Night shift v2' });
    expect(['notice.templateApplied', 'notice.templateAppliedFellBack']).toContain(change?.notice?.key);
    await daveSocket.waitFor(isApply);
    await adminSocket.waitFor((m) => m.type === 'company-change' && m.userId === server.company.users.dave?.id);

    const bobAfter = await snapshotOf(bob);
    expect(bobAfter.profiles.map((p) => p.name)).toEqual(profiles.map((p) => p.name));
    expect(bobAfter.defaultProfileId).toBe(bobAfter.profiles[0]?.id);
    // Alice was not chosen: her profiles are untouched.
    const alice = await server.signIn('alice');
    expect((await snapshotOf(alice)).profiles.map((p) => p.name)).not.toContain('Graveyard');

    const audit = (await (await server.api('/api/v1/admin/template-applications', { token: admin })).json()) as { templateName: string; appliedBy: string; userIds: string[] }[];
    expect(audit[0]).toMatchObject({ templateName: 'Night shift v2', appliedBy: 'admin', userIds });

    // An applied template can still be deleted; the audit keeps its name.
    const scratch = (await (await server.api(`/api/v1/admin/templates/${cloned.id}/clone`, { token: admin, body: { name: 'Scratch' } })).json()) as Template;
    await server.api(`/api/v1/admin/templates/${scratch.id}/apply`, { token: admin, body: { userIds: [server.company.users.dave?.id], confirmOverwrite: true } });
    expect((await server.api(`/api/v1/admin/templates/${scratch.id}`, { method: 'DELETE', token: admin })).status).toBe(200);
    expect((await server.api(`/api/v1/admin/templates/${scratch.id}`, { token: admin })).status).toBe(404);
    const audited = (await (await server.api('/api/v1/admin/template-applications', { token: admin })).json()) as { templateName: string }[];
    expect(audited[0]?.templateName).toBe('Scratch');
    // The Night shift template goes back onto Dave for the rest of this test file.
    await server.api(`/api/v1/admin/templates/${cloned.id}/apply`, { token: admin, body: { userIds: [server.company.users.dave?.id], confirmOverwrite: true } });
    await Promise.all([bobSocket.close(), daveSocket.close(), adminSocket.close()]);
  });

  it('a removed profile makes the manual choice fall back, and says so', async () => {
    const carol = await server.signIn('carol');
    const before = await snapshotOf(carol);
    const last = before.profiles.at(-1);
    await server.api('/api/v1/me/profile-switch', { token: carol, body: { profileId: last?.id } });
    const templates = await list();
    const own = templates.find((t) => t.name === 'Night shift v2');
    const template = (await (await server.api(`/api/v1/admin/templates/${own?.id}`, { token: admin })).json()) as Template;
    const response = await server.api(`/api/v1/admin/templates/${own?.id}/apply`, { token: admin, body: { userIds: [server.company.users.carol?.id], confirmOverwrite: true } });
    expect(response.status).toBe(200);
    const after = await snapshotOf(carol);
    expect(after.profiles.map((p) => p.name)).toEqual(template.profiles.map((p) => p.name));
    expect(after.manualChoice).toBeNull();
  });

  it('answers a replayed apply from the stored answer: one audit entry, one change per user', async () => {
    const [office] = await list();
    const auditBefore = ((await (await server.api('/api/v1/admin/template-applications', { token: admin })).json()) as unknown[]).length;
    const alice = await server.signIn('alice');
    const revisionBefore = (await snapshotOf(alice)).revision;
    const send = () =>
      server.api(`/api/v1/admin/templates/${office?.id}/apply`, {
        token: admin,
        body: { userIds: [server.company.users.alice?.id], confirmOverwrite: true },
        headers: { 'idempotency-key': 'apply-office-to-alice' },
      });
    const first = await (await send()).json();
    const again = await send();
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await again.json()).toEqual(first);
    expect(((await (await server.api('/api/v1/admin/template-applications', { token: admin })).json()) as unknown[]).length).toBe(auditBefore + 1);
    expect((await snapshotOf(alice)).revision).toBe(revisionBefore + 1);
  });

  it('mass-edits one field of one profile for everyone, and adds a profile to everyone', async () => {
    const templates = await list();
    const office = (await (await server.api(`/api/v1/admin/templates/${templates[0]?.id}`, { token: admin })).json()) as Template;
    await server.api(`/api/v1/admin/templates/${office.id}/apply`, { token: admin, body: { userIds: 'all', confirmOverwrite: true } });
    const target = office.profiles[1];
    const edit = await server.api('/api/v1/admin/profiles/mass-edit', { token: admin, body: { userIds: 'all', profileKey: target?.key, field: 'recording', value: true } });
    expect(edit.status).toBe(200);
    const result = (await edit.json()) as { changed: string[]; skipped: string[] };
    expect(result.changed).toHaveLength(5);
    const alice = await server.signIn('alice');
    expect((await snapshotOf(alice)).profiles.find((p) => p.name === target?.name)?.recording).toBe(true);

    const bad = await server.api('/api/v1/admin/profiles/mass-edit', { token: admin, body: { userIds: 'all', profileName: target?.name, field: 'priority', value: 0 } });
    expect(bad.status, await bad.clone().text()).toBe(400);
    expect(((await bad.json()) as { message: string }).message).toMatch(/^priority/);

    const add = await server.api('/api/v1/admin/profiles/add', { token: admin, body: { profile: { ...target, name: 'Training' } } });
    expect(((await add.json()) as { changed: string[] }).changed).toHaveLength(5);
    expect((await snapshotOf(alice)).profiles.at(-1)?.name).toBe('Training');
  });
});
