/**
 * Issue 11: a call from the carrier trunk to the company's main number goes where the admin
 * chose in the company settings; here the Support queue (alice, bob, carol), whose members ring.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningCarrier } from '../../../scripts/pbx/carrier/carrier';
import type { CallSnapshot } from '../../../src/main/sip/types';
import { text } from '../../../src/shared/text';
import { eventually } from '../../support/softphones';
import { startSipHarness, type SipHarness, type TestPhone } from '../../support/sipHarness';

const incoming = (phone: TestPhone): Promise<CallSnapshot> => phone.engine.once('call', (call) => call.state === 'incoming');

describe('calls from the carrier trunk to the main number', () => {
  let harness: SipHarness;
  let carrier: RunningCarrier;
  let alice: TestPhone;
  let bob: TestPhone;
  let dave: TestPhone;
  let pbx: string;

  beforeAll(async () => {
    harness = await startSipHarness({ carrier: true });
    carrier = harness.pbx.carrier!;
    pbx = `${harness.pbx.host}:${harness.pbx.sipPort}`;
    await Promise.all(['alice', 'bob', 'dave'].map((user) => harness.useProfile(user, {})));
    alice = await harness.phone('alice');
    bob = await harness.phone('bob');
    dave = await harness.phone('dave');
  });

  afterAll(async () => {
    await harness?.stop();
  });

  it("rings the Support queue's members when the admin sends the main number there; the first answer wins", async () => {
    const admin = await harness.server.signIn('admin');
    const support = harness.server.company.queues.Support!;
    const chosen = await harness.server.api('/api/v1/admin/company', { method: 'PATCH', token: admin, body: { mainNumberRoute: { kind: 'queue', queueId: support.id } } });
    expect(chosen.status).toBe(200);
    let daveRang = false;
    dave.engine.on('call', () => {
      daveRang = true;
    });

    const aliceRings = incoming(alice);
    const bobRings = incoming(bob);
    const call = await carrier.call({ pbx, from: '+46812345678', to: '+46855500000' });
    const [atAlice, atBob] = await Promise.all([aliceRings, bobRings]);
    expect(atAlice).toMatchObject({ calledType: 'queue' });
    expect(atAlice.party.number).toBe('+46812345678');
    expect(atBob.calledType).toBe('queue');

    const bobStops = bob.engine.once('callEnded');
    await alice.engine.answer(atAlice.id);
    expect((await call.result).answered).toBe(true);
    expect(await bobStops).toMatchObject({ answeredAt: null, endReason: text('callEnd.answeredElsewhere') });
    await eventually(() => call.rtp.packetsSent > 10, 'the carrier sent no RTP');
    expect(daveRang).toBe(false);
    await call.hangUp();
    await harness.hangUpAll();
  });
});
