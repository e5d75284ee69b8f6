/**
 * Users' own SIP accounts are kept as digest HA1 only (issue 12): the server never stores the
 * secret the HA1 is made from, hands the softphone the HA1 (sip.js `authorizationHa1`), and the
 * PBX authenticates with the same HA1. Every random password the server makes is recorded here
 * (the secrets module is wrapped), and the database files are searched for each of them and for
 * the passwords admins typed.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestServer, type TestServer } from '../../support/server';
import { databaseText } from '../../support/testStore';
import { submitCsvJob } from '../../support/csvJobs';
import type * as Secrets from '../../../src/server/security/secrets';

const generated = vi.hoisted(() => [] as string[]);
vi.mock('../../../src/server/security/secrets', async (importOriginal) => {
  const original = await importOriginal<typeof Secrets>();
  return {
    ...original,
    randomPassword: (length?: number) => {
      const password = original.randomPassword(length);
      generated.push(password);
      return password;
    },
  };
});

interface Sip {
  userName: string;
  ha1: string;
  realm: string;
  password?: unknown;
}

describe('users’ SIP credentials as HA1 (issue 12)', () => {
  let server: TestServer;
  let admin: string;
  beforeAll(async () => {
    server = await startTestServer();
    admin = await server.signIn('admin');
  });
  afterAll(async () => {
    await server.stop();
  });

  const sipOf = async (token: string): Promise<Sip> => {
    const response = await server.api('/api/v1/me/sip', { token });
    expect(response.status).toBe(200);
    return (await response.json()) as Sip;
  };
  const pbxCredentials = (user: string) => server.api(`/pbx/v1/credentials/${user}`, { headers: { 'x-pbx-secret': server.pbxSecret, accept: 'application/json' } });
  /** What the database holds (SQLite: the file and its write-ahead log as bytes). */
  const databaseBytes = (): Promise<string> => databaseText(server);

  it('hands the softphone the HA1 the PBX authenticates with, and no password', async () => {
    const alice = await server.signIn('alice');
    const sip = await sipOf(alice);
    expect(sip.password).toBeUndefined();
    expect(sip.ha1).toMatch(/^[0-9a-f]{32}$/);
    const pbx = await pbxCredentials('alice');
    expect(pbx.status).toBe(200);
    expect(await pbx.json()).toMatchObject({ user: 'alice', realm: sip.realm, ha1: sip.ha1 });
  });

  it('rotating gives a new HA1 that the PBX uses from then on', async () => {
    const bob = await server.signIn('bob');
    const before = await sipOf(bob);
    const rotated = await server.api('/api/v1/me/sip/rotate', { method: 'POST', token: bob });
    expect(rotated.status).toBe(200);
    const after = (await rotated.json()) as Sip;
    expect(after.ha1).not.toBe(before.ha1);
    expect(await (await pbxCredentials('bob')).json()).toMatchObject({ ha1: after.ha1 });
    expect((await sipOf(bob)).ha1).toBe(after.ha1);
  });

  it('keeps no plain secret in the database after create, rotate and CSV import', async () => {
    generated.length = 0;
    const typed = ['Erin-typed-Secret-71', 'Frank-csv-Secret-82', 'Gina-csv-Secret-93'];
    const created = await server.api('/api/v1/admin/users', {
      token: admin,
      body: { firstName: 'Erin', lastName: 'Ek', email: 'erin@example.test', userName: 'erin', role: 'user', password: typed[0] },
    });
    expect(created.status).toBe(200);
    const erin = await server.signIn('erin', typed[0]);
    expect((await server.api('/api/v1/me/sip/rotate', { method: 'POST', token: erin })).status).toBe(200);
    const csv = [
      'Internal ID,First Name,Last Name,Email,User Name,Password',
      `,Frank,Fors,frank@example.test,frank,${typed[1]}`,
      `,Gina,Grip,gina@example.test,gina,${typed[2]}`,
    ].join('\n');
    const job = await submitCsvJob(server, admin, csv);
    expect(job.result).toEqual({ created: 2, changed: 0 });
    // create (1), rotate (1) and the CSV rows (2) each made a SIP secret
    expect(generated.length).toBeGreaterThanOrEqual(4);
    const bytes = await databaseBytes();
    for (const secret of [...generated, ...typed]) expect(bytes.includes(secret), `"${secret}" is in the database`).toBe(false);
    // and what the PBX is told still matches what each softphone is handed
    for (const name of ['erin', 'frank', 'gina']) {
      const sip = await sipOf(await server.signIn(name, name === 'erin' ? typed[0] : name === 'frank' ? typed[1] : typed[2]));
      expect(await (await pbxCredentials(name)).json()).toMatchObject({ ha1: sip.ha1, realm: sip.realm });
    }
  });

  it('after a realm change: the PBX refuses the old HA1 and the softphone gets a fresh one for the new realm', async () => {
    const dave = await server.signIn('dave');
    const old = await sipOf(dave);
    expect(old.realm).toBe(server.sipDomain);
    await server.restart({ sipRealm: 'moved.example' });
    // the HA1 made for the old realm cannot authenticate in the new one
    expect((await pbxCredentials('dave')).status).toBe(404);
    const fresh = await sipOf(dave);
    expect(fresh.realm).toBe('moved.example');
    expect(fresh.ha1).not.toBe(old.ha1);
    expect(await (await pbxCredentials('dave')).json()).toMatchObject({ user: 'dave', realm: 'moved.example', ha1: fresh.ha1 });
    // asked again, the same one (it is replaced only once)
    expect((await sipOf(dave)).ha1).toBe(fresh.ha1);
  });
});
