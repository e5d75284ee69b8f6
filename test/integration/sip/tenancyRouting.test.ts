/**
 * Issue 12, tenancy, through the real PBX: two companies both have extension 1002. A user
 * dialling 1002 reaches their own company's 1002; another company's user is reached through
 * the public number only.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CallSnapshot } from '../../../src/main/sip/types';
import { text } from '../../../src/shared/text';
import { startSipHarness, type SipHarness, type TestPhone } from '../../support/sipHarness';

describe('tenancy: extensions route within the caller\'s company (Kamailio)', () => {
  let harness: SipHarness;
  let alice: TestPhone;
  let bob: TestPhone;
  let greta: TestPhone;
  let olga: TestPhone;
  const rang: string[] = [];

  beforeAll(async () => {
    harness = await startSipHarness();
    const globexAdmin = await harness.server.signIn('globexadmin');
    const olgaId = harness.server.otherCompany.users.olga?.id as string;
    // Globex gives Olga 1002, the extension Bob has in Acme.
    const response = await harness.server.api(`/api/v1/admin/users/${olgaId}`, { method: 'PATCH', token: globexAdmin, body: { numbers: { extension: '1002' } } });
    expect(response.status).toBe(200);
    alice = await harness.phone('alice');
    bob = await harness.phone('bob');
    greta = await harness.phone('globexadmin');
    olga = await harness.phone('olga');
    for (const phone of [alice, bob, greta, olga]) {
      phone.engine.on('call', (call) => {
        if (call.state === 'incoming') rang.push(phone.userName);
      });
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

  it('1002 dialled in Acme rings Bob, in Globex rings Olga', async () => {
    await call(alice, '1002', bob);
    expect(rang).toEqual(['bob']);
    await harness.hangUpAll();
    rang.length = 0;

    await call(greta, '1002', olga);
    expect(rang).toEqual(['olga']);
  });

  it("reaches another company's user through the public number, not by SIP name", async () => {
    await call(alice, '+46866602001', olga);
    expect(rang).toEqual(['olga']);
    await harness.hangUpAll();
    rang.length = 0;

    const ended = alice.engine.once('callEnded');
    await alice.engine.dial('olga');
    expect((await ended).endReason).toEqual(text('callEnd.notFound'));
    expect(rang).toEqual([]);
  });
});
