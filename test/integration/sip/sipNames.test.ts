/**
 * Issue 12, "User names and email addresses", through the real PBX: Acme and Globex each have a
 * user `anna` (extension 1005) and a user whose user name is the email `anna@example.com`
 * (extension 1006, the same password in both companies). All four sign in (the shared name
 * with the company the server asks for), register with Kamailio under the SIP names the server
 * hands out, and reach their own company's colleague by extension. The callee is shown a name
 * and number, never the caller's SIP name.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CallSnapshot } from '../../../src/main/sip/types';
import { startSipHarness, type SipHarness, type TestPhone } from '../../support/sipHarness';

const SHARED_PASSWORD = 'Same-pass-in-both-9';

describe('SIP names apart from user names (Kamailio)', () => {
  let harness: SipHarness;
  const phones: Record<'acme' | 'globex' | 'acmeMail' | 'globexMail', TestPhone> = {} as never;
  const rang: string[] = [];

  beforeAll(async () => {
    harness = await startSipHarness();
    const { server } = harness;
    const acmeAdmin = await server.signIn('admin');
    const globexAdmin = await server.signIn('globexadmin');
    const users = [
      { key: 'acme', admin: acmeAdmin, userName: 'anna', email: 'anna@acme.test', password: 'Acme-anna-pass-1', extension: '1005', company: undefined },
      { key: 'globex', admin: globexAdmin, userName: 'anna', email: 'anna@globex.test', password: 'Globex-anna-pass-1', extension: '1005', company: undefined },
      { key: 'acmeMail', admin: acmeAdmin, userName: 'anna@example.com', email: 'anna@example.com', password: SHARED_PASSWORD, extension: '1006', company: 'Acme' },
      { key: 'globexMail', admin: globexAdmin, userName: 'anna@example.com', email: 'anna@example.com', password: SHARED_PASSWORD, extension: '1006', company: 'Globex' },
    ] as const;
    for (const user of users) {
      const created = await server.api('/api/v1/admin/users', {
        token: user.admin,
        body: { firstName: 'Anna', lastName: user.key, userName: user.userName, email: user.email, password: user.password, numbers: { extension: user.extension } },
      });
      expect(created.status, await created.clone().text()).toBe(200);
    }
    for (const user of users) {
      const signIn = await server.api('/api/v1/auth/sign-in', {
        body: { login: user.userName, password: user.password, ...(user.company ? { company: user.company } : {}) },
      });
      expect(signIn.status, await signIn.clone().text()).toBe(200);
      const { token } = (await signIn.json()) as { token: string };
      const phone = await harness.phoneFor(user.key, token);
      phone.engine.on('call', (call) => {
        if (call.state === 'incoming') rang.push(user.key);
      });
      phones[user.key] = phone;
    }
  });
  afterEach(async () => {
    await harness.hangUpAll();
    rang.length = 0;
  });
  afterAll(async () => {
    await harness?.stop();
  });

  /** `caller` dials `dialled`; `callee` answers; resolves with the callee's view of the call. */
  async function call(caller: TestPhone, dialled: string, callee: TestPhone): Promise<CallSnapshot> {
    const ringing = callee.engine.once('call', (c) => c.state === 'incoming');
    const connected = caller.engine.once('call', (c) => c.state === 'active');
    await caller.engine.dial(dialled);
    const incoming = await ringing;
    await callee.engine.answer(incoming.id);
    await connected;
    return incoming;
  }

  it('registers all four under SIP names without @, none of them another’s', () => {
    const names = Object.values(phones).map((phone) => phone.credentials.userName.toLowerCase());
    expect(new Set(names).size).toBe(4);
    for (const name of names) expect(name).toMatch(/^anna(-[a-z2-9]{6})?$/);
  });

  it('each Anna reaches her own company’s colleague by extension, shown by name and number', async () => {
    const atAcme = await call(phones.acme, '1006', phones.acmeMail);
    expect(rang).toEqual(['acmeMail']);
    expect(atAcme.party.displayName).toBe('Anna acme');
    expect(atAcme.party.number).toBe('1005');
    await harness.hangUpAll();
    rang.length = 0;

    const atGlobex = await call(phones.globexMail, '1005', phones.globex);
    expect(rang).toEqual(['globex']);
    expect(atGlobex.party.displayName).toBe('Anna globexMail');
    expect(atGlobex.party.number).toBe('1006');
    await harness.hangUpAll();
    rang.length = 0;

    await call(phones.globex, '1006', phones.globexMail);
    expect(rang).toEqual(['globexMail']);
  });

  it('dialling a colleague’s user name rings the one in the caller’s own company', async () => {
    await call(phones.globexMail, 'anna', phones.globex);
    expect(rang).toEqual(['globex']);
    await harness.hangUpAll();
    rang.length = 0;
    await call(phones.acmeMail, 'anna', phones.acme);
    expect(rang).toEqual(['acme']);
  });
});
