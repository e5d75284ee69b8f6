/**
 * A template applied to more than a thousand users at once (the admin's "apply to everyone" in a
 * large company): the apply writes its rows many at a time (store `getUsers`,
 * `replaceProfilesOfUsers`, `updateUsers`, `appendChanges`, in lists longer than one
 * statement's), and must still do for each user exactly what it does for one: the template's
 * profiles in order, ids kept for the same template key, a manual choice kept or fallen back,
 * queue toggles and caller-ID picks of removed profiles dropped, the revision bumped once with
 * its change logged and pushed. The other company's users are untouched.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Template, UserSnapshot } from '../../../src/shared/model';
import type { ServerMessage } from '../../../src/shared/server-api';
import type { UserRecord } from '../../../src/server/db/store';
import { ChangeRecorder } from '../../../src/server/services/changes';
import { applyTemplateToUser } from '../../../src/server/services/templates';
import { insertUser, newUserRecord } from '../../../src/server/services/user-records';
import { startTestServer, type TestServer } from '../../support/server';
import { openSyncSocket } from '../../support/sync-socket';

const MANY = 1_150;
type Changes = Extract<ServerMessage, { type: 'changes' }>;

describe('profile server: a template applied to more than a thousand users', () => {
  let server: TestServer;
  let admin: string;
  const ids: string[] = [];

  beforeAll(async () => {
    server = await startTestServer();
    admin = await server.signIn('admin');
    const { ctx } = server.server;
    const companyId = server.company.id;
    const [office] = await ctx.store.listTemplates(companyId);
    if (!office) throw new Error('no built-in template');
    // The users, each with the company's first built-in profiles, in one transaction.
    await ctx.store.write(async (tx) => {
      const changes = new ChangeRecorder(tx, new Date());
      for (let i = 0; i < MANY; i++) {
        const user = newUserRecord({ companyId, userName: `many${i}`, email: `many${i}@acme.test`, firstName: 'Many', lastName: `User ${i}`, role: 'user', numbers: {}, passwordHash: null, sipRealm: 'test.local' }, new Date());
        await insertUser(tx, user);
        await applyTemplateToUser(tx, changes, user, office);
        ids.push(user.id);
      }
    });
  }, 120_000);
  afterAll(async () => {
    await server.stop();
  });

  const api = async <T>(path: string, body?: unknown): Promise<T> => {
    const response = await server.api(path, { token: admin, ...(body === undefined ? {} : { body }) });
    if (!response.ok) throw new Error(`${path} answered ${response.status}: ${await response.text()}`);
    return (await response.json()) as T;
  };

  it('gives each of them the template’s profiles, keeps what survives, drops what does not, and pushes one change each', async () => {
    const { store } = server.server.ctx;
    const [office] = await api<{ id: string }[]>('/api/v1/admin/templates');
    // A clone keeping the first two profiles' keys, dropping the rest, adding one.
    const clone = await api<Template>(`/api/v1/admin/templates/${office?.id}/clone`, { name: 'Big apply' });
    const source = await api<Template>(`/api/v1/admin/templates/${office?.id}`);
    const [kept, second] = source.profiles;
    if (!kept || !second) throw new Error('template too small');
    const profiles = [{ ...second, name: 'Second, renamed' }, kept, { ...kept, key: 'brand-new', name: 'Brand new', speedDial: null }];
    const saved = await server.api(`/api/v1/admin/templates/${clone.id}`, { method: 'PUT', token: admin, body: { name: 'Big apply', profiles } });
    expect(saved.status).toBe(200);

    // Before: user 0 chose the kept profile, user 1 one that goes; user 2 paused a queue in a
    // profile that goes and picked a caller ID in the kept one.
    const before = new Map((await store.getUsers(ids)).map((u) => [u.id, u]));
    const profilesBefore = await store.listProfilesOfUsers(ids);
    const idOf = (userId: string, key: string): string => profilesBefore.get(userId)?.find((p) => p.templateKey === key)?.id as string;
    const goneKey = source.profiles[2]?.key as string;
    await store.write(async (tx) => {
      const [u0, u1, u2] = await tx.getUsers(ids.slice(0, 3).sort());
      const byId = new Map([u0, u1, u2].map((u) => [u?.id, u as UserRecord]));
      const set = (i: number, change: (u: UserRecord) => void) => change(byId.get(ids[i]) as UserRecord);
      const setAt = new Date().toISOString();
      set(0, (u) => (u.manualChoice = { profileId: idOf(ids[0] as string, kept.key), until: null, setAt }));
      set(1, (u) => (u.manualChoice = { profileId: idOf(ids[1] as string, goneKey), until: null, setAt }));
      set(2, (u) => {
        u.queueOverrides = [{ profileId: idOf(ids[2] as string, goneKey), queueId: 'q-x', status: 'paused', setAt }];
        u.callerIdOverride = { profileId: idOf(ids[2] as string, kept.key), number: null, setAt };
      });
      for (const u of byId.values()) await tx.updateUser(u);
    });
    const revisions = new Map((await store.getUsers(ids)).map((u) => [u.id, u.revision]));
    const other = await store.listUsers(server.otherCompany.id);

    // A connected user of the company is pushed her change.
    const alice = await server.signIn('alice');
    const socket = await openSyncSocket(server.wsUrl, { token: alice });
    await socket.waitFor((m) => m.type === 'snapshot');

    const answer = await api<{ applied: number }>(`/api/v1/admin/templates/${clone.id}/apply`, { userIds: 'all', confirmOverwrite: true });
    const enabled = (await store.listUsers(server.company.id)).filter((u) => !u.disabled);
    expect(answer.applied).toBe(enabled.length);

    const after = new Map((await store.getUsers(ids)).map((u) => [u.id, u]));
    const profilesAfter = await store.listProfilesOfUsers(ids);
    for (const id of ids) {
      const mine = profilesAfter.get(id) ?? [];
      expect(mine.map((p) => [p.templateKey, p.fields.name, p.position])).toEqual(profiles.map((p, i) => [p.key, p.name, i]));
      // Same key, same id: choices of kept profiles survive the apply.
      expect(mine[0]?.id).toBe(idOf(id, second.key));
      expect(mine[1]?.id).toBe(idOf(id, kept.key));
      expect(after.get(id)?.defaultProfileId).toBe(mine[0]?.id);
      expect(after.get(id)?.revision).toBe((revisions.get(id) as number) + 1);
    }
    expect(after.get(ids[0] as string)?.manualChoice?.profileId).toBe(idOf(ids[0] as string, kept.key));
    expect(after.get(ids[1] as string)?.manualChoice).toBeNull();
    expect(after.get(ids[2] as string)?.queueOverrides).toEqual([]);
    expect(after.get(ids[2] as string)?.callerIdOverride?.profileId).toBe(idOf(ids[2] as string, kept.key));
    expect(before.get(ids[5] as string)?.revision).toBeLessThan(after.get(ids[5] as string)?.revision as number);

    // The change log holds one entry per user at the new revision, with its notice's parts.
    for (const id of [ids[0], ids[1], ids[MANY - 1]] as string[]) {
      const log = await store.changesSince(id, revisions.get(id) as number);
      expect(log.map((c) => [c.revision, c.reason])).toEqual([[(revisions.get(id) as number) + 1, 'template-applied']]);
      expect((log[0]?.patch as Partial<UserSnapshot>).profiles?.map((p) => p.name)).toEqual(profiles.map((p) => p.name));
    }
    const fellBack = await store.changesSince(ids[1] as string, revisions.get(ids[1] as string) as number);
    expect(fellBack[0]?.patch).toMatchObject({ manualChoice: null });

    // Alice (of the company) is pushed her change; the other company is untouched.
    const pushed = (await socket.waitFor((m) => m.type === 'changes' && m.changes.some((c) => c.reason === 'template-applied'))) as Changes;
    expect(pushed.changes[0]?.notice).toBeDefined();
    await socket.close();
    expect((await store.listUsers(server.otherCompany.id)).map((u) => [u.id, u.revision])).toEqual(other.map((u) => [u.id, u.revision]));
  });
});
