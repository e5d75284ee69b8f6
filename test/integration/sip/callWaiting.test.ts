/**
 * Call waiting's two answers (issue 14): answer-and-hold puts the call in progress on hold
 * (the other party's engine sees the hold re-INVITE), answer-and-end ends it (the other party
 * gets a BYE) before the waiting call is answered. Real engines, real Kamailio.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CallSnapshot } from '../../../src/main/sip/types';
import { startSipHarness, type SipHarness, type TestPhone } from '../../support/sipHarness';
import { text } from '../../../src/shared/text';

const callWhere = (phone: TestPhone, predicate: (call: CallSnapshot) => boolean): Promise<CallSnapshot> =>
  phone.engine.once('call', predicate);

describe('call waiting: answer and hold, answer and end', () => {
  let harness: SipHarness;
  let alice: TestPhone;
  let carol: TestPhone;
  let dave: TestPhone;

  beforeAll(async () => {
    harness = await startSipHarness();
    await harness.useProfile('dave', { callWaiting: true });
    alice = await harness.phone('alice');
    carol = await harness.phone('carol');
    dave = await harness.phone('dave', { decideIncoming: () => ({ action: 'ring' }) });
  });

  afterEach(async () => {
    await harness.hangUpAll();
  });

  afterAll(async () => {
    await harness?.stop();
  });

  /** `from` calls dave; dave's ringing call id and `from`'s call id. */
  async function ringDave(from: TestPhone): Promise<{ daveCall: string; fromCall: string }> {
    const ringing = callWhere(dave, (call) => call.state === 'incoming');
    const fromCall = await from.engine.dial('dave');
    return { daveCall: (await ringing).id, fromCall };
  }

  async function daveTalksToAlice(): Promise<{ daveCall: string; aliceCall: string }> {
    const { daveCall, fromCall } = await ringDave(alice);
    const connected = callWhere(alice, (call) => call.id === fromCall && call.state === 'active');
    const daveConnected = callWhere(dave, (call) => call.id === daveCall && call.state === 'active');
    await dave.engine.answer(daveCall);
    await Promise.all([connected, daveConnected]);
    return { daveCall, aliceCall: fromCall };
  }

  it('answer and hold: the first call is held on both sides, the waiting one connects', async () => {
    const first = await daveTalksToAlice();
    const second = await ringDave(carol);
    const aliceHeld = callWhere(alice, (call) => call.id === first.aliceCall && call.heldByOther === true);
    const carolConnected = callWhere(carol, (call) => call.id === second.fromCall && call.state === 'active');
    await dave.engine.answer(second.daveCall, 'hold');
    await Promise.all([aliceHeld, carolConnected]);
    expect(dave.engine.calls()).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: first.daveCall, state: 'held', held: true }),
        expect.objectContaining({ id: second.daveCall, state: 'active', held: false }),
      ]),
    );
  });

  it('answer and end: the first call ends (the caller hears the hang-up), the waiting one connects', async () => {
    const first = await daveTalksToAlice();
    const second = await ringDave(carol);
    const aliceEnded = alice.engine.once('callEnded', (call) => call.id === first.aliceCall);
    const carolConnected = callWhere(carol, (call) => call.id === second.fromCall && call.state === 'active');
    await dave.engine.answer(second.daveCall, 'end');
    expect((await aliceEnded).endReason).toEqual(text('callEnd.otherHungUp'));
    await carolConnected;
    expect(dave.engine.calls()).toEqual([expect.objectContaining({ id: second.daveCall, state: 'active', held: false })]);
  });

  it('answer and end leaves a held call held: only the call being talked on ends', async () => {
    // alice's call is held by answering carol's (answer and hold)
    const held = await daveTalksToAlice();
    const talking = await ringDave(carol);
    const aliceHeld = callWhere(alice, (call) => call.id === held.aliceCall && call.heldByOther === true);
    const carolConnected = callWhere(carol, (call) => call.id === talking.fromCall && call.state === 'active');
    await dave.engine.answer(talking.daveCall, 'hold');
    await Promise.all([aliceHeld, carolConnected]);

    const bob = await harness.phone('bob');
    const third = await ringDave(bob);
    const carolEnded = carol.engine.once('callEnded', (call) => call.id === talking.fromCall);
    const bobConnected = callWhere(bob, (call) => call.id === third.fromCall && call.state === 'active');
    await dave.engine.answer(third.daveCall, 'end');
    await Promise.all([carolEnded, bobConnected]);
    expect(alice.engine.calls()).toEqual([expect.objectContaining({ id: held.aliceCall, heldByOther: true })]);
    expect(dave.engine.calls().map((call) => [call.id, call.state])).toEqual(
      expect.arrayContaining([
        [held.daveCall, 'held'],
        [third.daveCall, 'active'],
      ]),
    );
    expect(dave.engine.calls()).toHaveLength(2);
  });
});
