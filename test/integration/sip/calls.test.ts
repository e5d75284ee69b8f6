import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CallHistoryRecord, CallSnapshot } from '../../../src/main/sip/types';
import { startSipHarness, type SipHarness, type TestPhone } from '../../support/sipHarness';
import { text } from '../../../src/shared/text';

/** Waits for a call event matching `predicate` on `phone`. */
const callWhere = (
  phone: TestPhone,
  predicate: (call: CallSnapshot) => boolean,
): Promise<CallSnapshot> => phone.engine.once('call', predicate);

describe('calls between two softphones through the PBX', () => {
  let harness: SipHarness;
  let alice: TestPhone;
  let bob: TestPhone;
  const aliceHistory: CallHistoryRecord[] = [];
  const bobHistory: CallHistoryRecord[] = [];

  beforeAll(async () => {
    harness = await startSipHarness();
    await harness.useProfile('alice', {});
    await harness.useProfile('bob', {});
    alice = await harness.phone('alice', {
      history: { record: (entry) => void aliceHistory.push(entry) },
    });
    bob = await harness.phone('bob', {
      history: { record: (entry) => void bobHistory.push(entry) },
    });
  });

  afterEach(async () => {
    await harness.hangUpAll();
  });

  afterAll(async () => {
    await harness?.stop();
  });

  /** Alice calls bob's extension, bob answers; returns both call ids once both sides are connected. */
  async function connect(): Promise<{ aliceCall: string; bobCall: string }> {
    const ringing = callWhere(bob, (call) => call.state === 'incoming');
    const aliceActive = callWhere(alice, (call) => call.state === 'active');
    const aliceCall = await alice.engine.dial('1002');
    const incoming = await ringing;
    const bobActive = callWhere(bob, (call) => call.id === incoming.id && call.state === 'active');
    await bob.engine.answer(incoming.id);
    await Promise.all([aliceActive, bobActive]);
    return { aliceCall, bobCall: incoming.id };
  }

  it('rings the callee with who is calling and what was dialled, then connects', async () => {
    const ringing = callWhere(bob, (call) => call.state === 'incoming');
    const progress = callWhere(alice, (call) => call.state === 'ringing' || call.state === 'early');
    const aliceCall = await alice.engine.dial('1002');
    const incoming = await ringing;
    expect(incoming).toMatchObject({
      direction: 'incoming',
      calledNumber: '1002',
      calledType: 'internal',
    });
    expect(incoming.party.displayName).toBe('Alice Andersson');
    await progress;

    const connected = callWhere(alice, (call) => call.id === aliceCall && call.state === 'active');
    await bob.engine.answer(incoming.id);
    expect((await connected).answeredAt).not.toBeNull();

    const bobEnded = bob.engine.once('callEnded');
    const aliceEnded = alice.engine.once('callEnded');
    await alice.engine.hangUp(aliceCall);
    expect((await bobEnded).endReason).toEqual(text('callEnd.otherHungUp'));
    expect((await aliceEnded).endReason).toEqual(text('callEnd.youHungUp'));
    expect(aliceHistory.at(-1)).toMatchObject({
      direction: 'outgoing',
      outcome: 'answered',
      calledNumber: '1002',
    });
    expect(bobHistory.at(-1)).toMatchObject({
      direction: 'incoming',
      outcome: 'answered',
      party: { displayName: 'Alice Andersson' },
    });
  });

  it('holds and resumes with re-INVITEs that put the media on sendonly and back', async () => {
    const { aliceCall, bobCall } = await connect();
    await alice.engine.hold(aliceCall, true);
    const aliceMedia = [...alice.media.handlers.values()].at(-1);
    const bobMedia = [...bob.media.handlers.values()].at(-1);
    expect(aliceMedia?.localDirection).toBe('sendonly');
    expect(bobMedia?.localDirection).toBe('recvonly');
    expect(alice.engine.calls().find((call) => call.id === aliceCall)).toMatchObject({
      held: true,
      state: 'held',
    });

    await alice.engine.hold(aliceCall, false);
    expect(aliceMedia?.localDirection).toBe('sendrecv');
    expect(bobMedia?.localDirection).toBe('sendrecv');

    // The callee holds too.
    await bob.engine.hold(bobCall, true);
    expect(bobMedia?.localDirection).toBe('sendonly');
    await bob.engine.hold(bobCall, false);

    const aliceEnded = alice.engine.once('callEnded');
    await bob.engine.hangUp(bobCall);
    expect((await aliceEnded).endReason).toEqual(text('callEnd.otherHungUp'));
  });

  it('sends DTMF through the media engine (RFC 4733) and mutes the microphone there', async () => {
    const { aliceCall } = await connect();
    expect(await alice.engine.sendDtmf(aliceCall, '12#')).toBe('rfc4733');
    const aliceMedia = [...alice.media.handlers.values()].at(-1);
    expect(aliceMedia?.dtmfSent).toEqual(['1', '2', '#']);

    alice.engine.mute(aliceCall, true);
    expect(aliceMedia?.muted).toBe(true);
    expect(alice.engine.calls()[0]?.muted).toBe(true);

    const ended = bob.engine.once('callEnded');
    await alice.engine.hangUp(aliceCall);
    await ended;
  });

  it('falls back to SIP INFO for DTMF when the media engine cannot send RFC 4733', async () => {
    const carol = await harness.phone('carol', { media: { rfc4733: false } });
    const ringing = callWhere(bob, (call) => call.state === 'incoming');
    const connected = callWhere(carol, (call) => call.state === 'active');
    const carolCall = await carol.engine.dial('bob');
    await bob.engine.answer((await ringing).id);
    await connected;

    const tones: string[] = [];
    const heard = new Promise<void>((resolve) => {
      bob.engine.on('dtmf', ({ tone }) => {
        tones.push(tone);
        if (tones.length === 3) resolve();
      });
    });
    expect(await carol.engine.sendDtmf(carolCall, '5*9')).toBe('info');
    await heard;
    expect(tones).toEqual(['5', '*', '9']);
    // the call as the UI sees it shows the digits received
    expect(bob.engine.calls().find((call) => call.state === 'active')?.dtmfReceived).toBe('5*9');

    const ended = carol.engine.once('callEnded');
    await carol.engine.hangUp(carolCall);
    await ended;
  });

  it('cancels an unanswered call: the callee records it as missed', async () => {
    const ringing = callWhere(bob, (call) => call.state === 'incoming');
    const aliceCall = await alice.engine.dial('bob');
    await ringing;
    const bobEnded = bob.engine.once('callEnded');
    const aliceEnded = alice.engine.once('callEnded');
    await alice.engine.hangUp(aliceCall);
    expect((await aliceEnded).endReason).toEqual(text('callEnd.cancelled'));
    expect((await bobEnded).endReason).toEqual(text('callEnd.callerHungUp'));
    expect(bobHistory.at(-1)).toMatchObject({ outcome: 'missed', answeredAt: null });
    expect(aliceHistory.at(-1)).toMatchObject({ outcome: 'cancelled' });
  });

  it('keeps one call active: answering a waiting call holds the first, hanging it up leaves the other', async () => {
    await harness.useProfile('dave', { callWaiting: true });
    const dave = await harness.phone('dave', { decideIncoming: () => ({ action: 'ring' }) });
    const carol = await harness.phone('carol');

    const first = callWhere(dave, (call) => call.state === 'incoming');
    const aliceCall = await alice.engine.dial('dave');
    const daveFirst = (await first).id;
    const aliceConnected = callWhere(
      alice,
      (call) => call.id === aliceCall && call.state === 'active',
    );
    await dave.engine.answer(daveFirst);
    await aliceConnected;

    const second = callWhere(dave, (call) => call.state === 'incoming');
    const carolCall = await carol.engine.dial('dave');
    const daveSecond = (await second).id;
    const carolConnected = callWhere(
      carol,
      (call) => call.id === carolCall && call.state === 'active',
    );
    await dave.engine.answer(daveSecond);
    await carolConnected;

    const calls = dave.engine.calls();
    expect(calls.find((call) => call.id === daveFirst)).toMatchObject({
      held: true,
      state: 'held',
    });
    expect(calls.find((call) => call.id === daveSecond)).toMatchObject({
      held: false,
      state: 'active',
    });

    const carolEnded = carol.engine.once('callEnded');
    await dave.engine.hangUp(daveSecond);
    await carolEnded;
    await dave.engine.hold(daveFirst, false);
    expect(dave.engine.calls()).toMatchObject([{ id: daveFirst, state: 'active', held: false }]);

    const aliceEnded = alice.engine.once('callEnded');
    await dave.engine.hangUp(daveFirst);
    await aliceEnded;
  });
});
