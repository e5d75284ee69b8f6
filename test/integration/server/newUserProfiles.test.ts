/**
 * Issue 13: people who get in have profiles. The company setting "Profiles for new users"
 * (`newUserTemplateId`) names a template of the company (default: the first built-in, the one
 * applied when the company was created; null: none), and every way a user comes into being
 * (admin form, CSV import, invitation accepted, self-registration) gives its profiles in the
 * same transaction, with the default profile set. Company A's templates are never usable in B,
 * and the template for new users cannot be deleted.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Template, UserSnapshot } from '../../../src/shared/model';
import { startTestServer, type TestServer } from '../../support/server';
import { submitCsvJob } from '../../support/csvJobs';

interface Summary {
  id: string;
  name: string;
  builtIn: boolean;
}
interface AuditEntry {
  action: string;
  subject: { name: string } | null;
  details: Record<string, unknown>;
}

describe('profile server: profiles for new users (issue 13)', () => {
  let server: TestServer;
  let adminA: string;
  let adminB: string;
  beforeAll(async () => {
    server = await startTestServer();
    adminA = await server.signIn('admin');
    adminB = await server.signIn('globexadmin');
  });
  afterAll(async () => {
    await server.stop();
  });

  const templates = async (token: string) => (await (await server.api('/api/v1/admin/templates', { token })).json()) as Summary[];
  const template = async (token: string, id: string) => (await (await server.api(`/api/v1/admin/templates/${id}`, { token })).json()) as Template;
  const patchCompany = (token: string, body: unknown) => server.api('/api/v1/admin/company', { method: 'PATCH', token, body });
  const settingOf = async (token: string) =>
    ((await (await server.api('/api/v1/admin/company', { token })).json()) as { settings: { newUserTemplateId?: string | null } }).settings.newUserTemplateId;
  const userId = async (token: string, email: string) =>
    ((await (await server.api('/api/v1/admin/users', { token })).json()) as { id: string; email: string }[]).find((u) => u.email === email)?.id;
  const snapshotOf = async (token: string, email: string) => {
    const id = await userId(token, email);
    expect(id, `user ${email}`).toBeDefined();
    return (await (await server.api(`/api/v1/admin/users/${id}/snapshot`, { token })).json()) as UserSnapshot;
  };
  /** The new user's profiles are the template's, in order, and the first is their default. */
  const expectProfilesOf = async (token: string, email: string, from: Template | null) => {
    const snapshot = await snapshotOf(token, email);
    if (!from) {
      expect(snapshot.profiles).toEqual([]);
      expect(snapshot.defaultProfileId).toBeNull();
      return;
    }
    expect(snapshot.profiles.map((p) => p.name)).toEqual(from.profiles.map((p) => p.name));
    expect(snapshot.profiles.length).toBeGreaterThan(0);
    expect(snapshot.defaultProfileId).toBe(snapshot.profiles[0]?.id);
  };
  const audit = async (action: string, token = adminA) =>
    ((await (await server.api(`/api/v1/admin/audit?action=${action}&pageSize=200`, { token })).json()) as { entries: AuditEntry[] }).entries;
  const mailLink = async (kind: string, to: string) => {
    for (let i = 0; i < 200; i++) {
      const mail = server.mails().find((m) => m.kind === kind && m.to === to);
      if (mail?.link) return new URL(mail.link).searchParams.get('token') ?? '';
      await new Promise((wake) => setTimeout(wake, 50));
    }
    throw new Error(`no ${kind} mail to ${to}`);
  };
  const createByAdmin = (token: string, firstName: string, email: string) =>
    server.api('/api/v1/admin/users', { token, body: { firstName, lastName: 'Newcomer', email, password: `${firstName}-secret-41` } });
  const importCsv = (token: string, rows: string[]) => submitCsvJob(server, token, ['Internal ID,First Name,Last Name,Email,User Name,Password', ...rows].join('\n'), { pollMs: 5 });
  const invite = async (token: string, email: string, firstName: string) => {
    expect((await server.api('/api/v1/admin/invitations', { token, body: { emails: [email] } })).status).toBe(200);
    const accepted = await server.api('/api/v1/invitations/accept', {
      body: { token: await mailLink('invitation', email), firstName, lastName: 'Invited', userName: firstName.toLowerCase(), password: `${firstName}-secret-41` },
    });
    expect(accepted.status).toBe(200);
  };
  const register = async (companyId: string, email: string, firstName: string) => {
    const registrationToken = (await server.server.ctx.store.getRegistrationToken(companyId)) ?? '';
    expect(registrationToken).not.toBe('');
    const answer = await server.api('/api/v1/register', { body: { registrationToken, firstName, lastName: 'Registered', email, password: `${firstName}-secret-41` } });
    expect(answer.status).toBe(202);
  };

  it('by default gives every new user the template the company was created with, on every path', async () => {
    expect(await settingOf(adminA)).toBeUndefined();
    const first = (await templates(adminA)).find((t) => t.builtIn) as Summary;
    const initial = await template(adminA, first.id);
    // the seed applied the same template to the company's first users
    expect((await snapshotOf(adminA, 'alice@example.test')).profiles.map((p) => p.name)).toEqual(initial.profiles.map((p) => p.name));

    expect((await createByAdmin(adminA, 'Nadia', 'nadia@example.test')).status).toBe(200);
    await expectProfilesOf(adminA, 'nadia@example.test', initial);
    const job = await importCsv(adminA, [',Carla,Csv,carla@example.test,carla,Carla-secret-41']);
    expect(job).toMatchObject({ state: 'committed', result: { created: 1, changed: 0 } });
    await expectProfilesOf(adminA, 'carla@example.test', initial);
    expect((await audit('users.csvImport'))[0]?.details).toMatchObject({ created: 1, profilesFrom: initial.name });
    await invite(adminA, 'ivar@example.test', 'Ivar');
    await expectProfilesOf(adminA, 'ivar@example.test', initial);
    await register('acme', 'rita@example.test', 'Rita');
    await expectProfilesOf(adminA, 'rita@example.test', initial);
    // the creation's audit entry names where the profiles came from
    expect((await audit('users.create')).find((e) => e.subject?.name.includes('nadia'))?.details).toMatchObject({ profilesFrom: initial.name });
  });

  it("gives the company's chosen template on every path; B can never choose A's template", async () => {
    const office = (await templates(adminA)).find((t) => t.builtIn) as Summary;
    const cloned = await server.api(`/api/v1/admin/templates/${office.id}/clone`, { token: adminA, body: { name: 'Front desk' } });
    const frontDesk = (await cloned.json()) as Template;
    const profiles = frontDesk.profiles.slice(0, 2).map((p, i) => ({ ...p, name: i === 0 ? 'Reception open' : 'Reception closed' }));
    expect((await server.api(`/api/v1/admin/templates/${frontDesk.id}`, { method: 'PUT', token: adminA, body: { name: 'Front desk', profiles } })).status).toBe(200);
    const chosen = await template(adminA, frontDesk.id);

    // A's template id in B: refused naming the field, B's setting untouched
    const foreign = await patchCompany(adminB, { newUserTemplateId: frontDesk.id });
    expect(foreign.status).toBe(400);
    expect(await foreign.json()).toMatchObject({ details: { field: 'newUserTemplateId' }, text: { key: 'error.newUserTemplateUnknown' } });
    expect((await patchCompany(adminA, { newUserTemplateId: 'no-such-template' })).status).toBe(400);
    expect(await settingOf(adminB)).toBeUndefined();
    expect(await settingOf(adminA)).toBeUndefined();

    expect((await patchCompany(adminA, { newUserTemplateId: frontDesk.id })).status).toBe(200);
    expect(await settingOf(adminA)).toBe(frontDesk.id);
    const changed = (await audit('company.update')).find((e) => Array.isArray(e.details.fields) && e.details.fields.includes('newUserTemplateId'));
    expect(changed).toBeDefined();

    expect((await createByAdmin(adminA, 'Petra', 'petra@example.test')).status).toBe(200);
    await expectProfilesOf(adminA, 'petra@example.test', chosen);
    await importCsv(adminA, [',Cecilia,Csv,cecilia@example.test,cecilia,Cecilia-secret-41']);
    await expectProfilesOf(adminA, 'cecilia@example.test', chosen);
    await invite(adminA, 'ingrid@example.test', 'Ingrid');
    await expectProfilesOf(adminA, 'ingrid@example.test', chosen);
    await register('acme', 'ronja@example.test', 'Ronja');
    await expectProfilesOf(adminA, 'ronja@example.test', chosen);

    // B's new users still get B's default (its own first built-in), on every path
    const bFirst = await template(adminB, ((await templates(adminB)).find((t) => t.builtIn) as Summary).id);
    expect(bFirst.id).not.toBe(office.id);
    expect((await createByAdmin(adminB, 'Gustav', 'gustav@example.test')).status).toBe(200);
    await expectProfilesOf(adminB, 'gustav@example.test', bFirst);
    await importCsv(adminB, [',Gerda,Csv,gerda@example.test,gerda,Gerda-secret-41']);
    await expectProfilesOf(adminB, 'gerda@example.test', bFirst);
    await invite(adminB, 'gisela@example.test', 'Gisela');
    await expectProfilesOf(adminB, 'gisela@example.test', bFirst);
    await register('globex', 'greta@example.test', 'Greta');
    await expectProfilesOf(adminB, 'greta@example.test', bFirst);
  });

  it('a CSV update leaves the updated user’s profiles alone', async () => {
    const before = await snapshotOf(adminA, 'nadia@example.test');
    const id = await userId(adminA, 'nadia@example.test');
    const job = await importCsv(adminA, [`${id},Nadia,Renamed,nadia@example.test,nadia@example.test,`]);
    expect(job).toMatchObject({ state: 'committed', result: { created: 0, changed: 1 } });
    const after = await snapshotOf(adminA, 'nadia@example.test');
    expect(after.profiles).toEqual(before.profiles);
    expect(after.defaultProfileId).toBe(before.defaultProfileId);
  });

  it('the template for new users cannot be deleted; "None" gives new users no profiles', async () => {
    const frontDesk = (await templates(adminA)).find((t) => t.name === 'Front desk') as Summary;
    const refused = await server.api(`/api/v1/admin/templates/${frontDesk.id}`, { method: 'DELETE', token: adminA });
    expect(refused.status).toBe(409);
    expect(await refused.json()).toMatchObject({ details: { field: 'newUserTemplateId' }, text: { key: 'error.newUserTemplateDeleted', params: { template: 'Front desk' } } });
    expect((await templates(adminA)).some((t) => t.id === frontDesk.id)).toBe(true);

    expect((await patchCompany(adminA, { newUserTemplateId: null })).status).toBe(200);
    expect(await settingOf(adminA)).toBeNull();
    expect((await createByAdmin(adminA, 'Nils', 'nils@example.test')).status).toBe(200);
    await expectProfilesOf(adminA, 'nils@example.test', null);
    await importCsv(adminA, [',Nora,Csv,nora@example.test,nora,Nora-secret-41']);
    await expectProfilesOf(adminA, 'nora@example.test', null);
    await register('acme', 'nina@example.test', 'Nina');
    await expectProfilesOf(adminA, 'nina@example.test', null);
    expect((await audit('users.create')).find((e) => e.subject?.name.includes('nils'))?.details).toMatchObject({ profilesFrom: null });

    // no longer the template for new users: it can go
    expect((await server.api(`/api/v1/admin/templates/${frontDesk.id}`, { method: 'DELETE', token: adminA })).status).toBe(200);
  });
});
