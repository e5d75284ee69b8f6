import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CallSnapshot } from '../../../src/main/sip/types';
import { startSipHarness, type SipHarness, type TestPhone } from '../../support/sipHarness';
import { text } from '../../../src/shared/text';

const incoming = (phone: TestPhone): Promise<CallSnapshot> =>
  phone.engine.once('call', (call) => call.state === 'incoming');

describe('call transfer', () => {
  let harness: SipHarness;
  let alice: TestPhone;
  let bob: TestPhone;
  let carol: TestPhone;

  beforeAll(async () => {
    harness = await startSipHarness();
    await Promise.all(['alice', 'bob', 'carol'].map((user) => harness.useProfile(user, {})));
    alice = await harness.phone('alice');
    bob = await harness.phone('bob');
    carol = await harness.phone('carol');
  });

  afterEach(async () => {
    await harness.hangUpAll();
  });

  afterAll(async () => {
    await harness?.stop();
  });

  /** `from` calls `to` and `to` answers; returns both call ids. */
  async function connect(
    from: TestPhone,
    to: TestPhone,
    dialled: string,
  ): Promise<{ caller: string; callee: string }> {
    const rings = incoming(to);
    const caller = await from.engine.dial(dialled);
    const connected = from.engine.once(
      'call',
      (call) => call.id === caller && call.state === 'active',
    );
    const callee = (await rings).id;
    await to.engine.answer(callee);
    await connected;
    return { caller, callee };
  }

  it('blind transfer: the other party is sent on to the target and the transferor leaves', async () => {
    const { caller: aliceCall } = await connect(alice, bob, 'bob');

    const carolRings = incoming(carol);
    const bobCallsCarol = bob.engine.once(
      'call',
      (call) => call.direction === 'outgoing' && call.state === 'active',
    );
    const aliceEnded = alice.engine.once('callEnded');
    await alice.engine.transferBlind(aliceCall, 'carol');
    expect((await aliceEnded).endReason).toEqual(text('callEnd.transferredTo', { target: 'carol' }));

    const atCarol = await carolRings;
    expect(atCarol.party.displayName).toBe('Bob Berg');
    await carol.engine.answer(atCarol.id);
    const bobToCarol = await bobCallsCarol;
    expect(bobToCarol.party.number).toBe('carol');
    expect(bob.engine.calls().map((call) => call.id)).toEqual([bobToCarol.id]);
  });

  it('attended transfer: after consulting the target, the two others are connected (REFER with Replaces)', async () => {
    const { caller: aliceToBob } = await connect(alice, bob, 'bob');
    const { caller: aliceToCarol, callee: carolFromAlice } = await connect(alice, carol, 'carol');
    expect(alice.engine.calls().find((call) => call.id === aliceToBob)).toMatchObject({
      held: true,
    });

    const carolEndsAliceCall = carol.engine.once('callEnded', (call) => call.id === carolFromAlice);
    const carolTakesBob = carol.engine.once(
      'call',
      (call) => call.id !== carolFromAlice && call.state === 'active',
    );
    const bobConnected = bob.engine.once(
      'call',
      (call) => call.direction === 'outgoing' && call.state === 'active',
    );
    const aliceDone = Promise.all([
      alice.engine.once('callEnded', (call) => call.id === aliceToBob),
      alice.engine.once('callEnded', (call) => call.id === aliceToCarol),
    ]);
    await alice.engine.transferAttended(aliceToBob, aliceToCarol);

    await aliceDone;
    expect(alice.engine.calls()).toEqual([]);
    const [replacing, bobsNewCall] = await Promise.all([carolTakesBob, bobConnected, carolEndsAliceCall]);
    expect(replacing.party.displayName).toBe('Bob Berg');
    // bob's new call names whom alice consulted (as she dialled them), never carol's contact token
    expect(bobsNewCall.party).toEqual({ number: 'carol', displayName: null });
    expect(carol.engine.calls().map((call) => call.id)).toEqual([replacing.id]);
  });
});
