/**
 * When the PBX forwards a call because of the callee's profile, the caller is told (181 Call
 * Is Being Forwarded + X-Forwarded-To / Diversion) and the caller's history says where to:
 * answered by the target ("answered", forwardedTo) or not ("forwarded", forwardedTo).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CallHistoryRecord, CallSnapshot } from '../../../src/main/sip/types';
import { startSipHarness, type SipHarness, type TestPhone } from '../../support/sipHarness';

const incoming = (phone: TestPhone): Promise<CallSnapshot> =>
  phone.engine.once('call', (call) => call.state === 'incoming');

describe('forwarding by the PBX, as the caller sees it', () => {
  let harness: SipHarness;
  let alice: TestPhone;
  let bob: TestPhone;
  let carol: TestPhone;
  let dave: TestPhone;
  const aliceHistory: CallHistoryRecord[] = [];

  /** Resolves with alice's history entry of the call `callId` once it is written. */
  async function historyOf(callId: string): Promise<CallHistoryRecord> {
    await alice.engine.once('callEnded', (call) => call.id === callId);
    await new Promise((resolve) => setImmediate(resolve));
    const entry = aliceHistory.find((candidate) => candidate.id === callId);
    if (!entry) throw new Error(`no history entry for ${callId}`);
    return entry;
  }

  beforeAll(async () => {
    harness = await startSipHarness();
    await Promise.all(
      ['alice', 'bob', 'carol', 'dave'].map((user) => harness.useProfile(user, {})),
    );
    alice = await harness.phone('alice', {
      history: { record: (entry) => void aliceHistory.push(entry) },
    });
    bob = await harness.phone('bob');
    carol = await harness.phone('carol');
    dave = await harness.phone('dave');
  });

  afterEach(async () => {
    await harness.hangUpAll();
    await harness.useProfile('bob', {});
  });

  afterAll(async () => {
    await harness?.stop();
  });

  it('shows the forward live and records "answered" with the target when the target answers', async () => {
    await harness.useProfile('bob', { routing: { any: { kind: 'number', number: '1003' } } });
    const carolRings = incoming(carol);
    const forwardedSeen = alice.engine.once('call', (call) => call.forwardedTo === 'carol');
    const callId = await alice.engine.dial('bob');
    expect((await forwardedSeen).id).toBe(callId);
    const connected = alice.engine.once('call', (call) => call.state === 'active');
    await carol.engine.answer((await carolRings).id);
    await connected;
    const entry = historyOf(callId);
    await alice.engine.hangUp(callId);
    expect(await entry).toMatchObject({ outcome: 'answered', forwardedTo: 'carol' });
  });

  it('records "forwarded to voicemail" after the no-answer time (failure route), where voicemail answers', async () => {
    await harness.useProfile('bob', {
      exceptions: {
        busy: null,
        unreachable: null,
        noAnswer: { afterSeconds: 5, target: { kind: 'voicemail' } },
      },
    });
    const bobRings = incoming(bob);
    const callId = await alice.engine.dial('bob');
    await bobRings;
    // the PBX's media component takes the forwarded leg (voicemail); alice hangs up
    await alice.engine.once('call', (call) => call.id === callId && call.state === 'active');
    const entry = historyOf(callId);
    await alice.engine.hangUp(callId);
    expect(await entry).toMatchObject({ outcome: 'answered', forwardedTo: 'voicemail' });
  });

  it('records the busy target when the callee is busy (failure route)', async () => {
    await harness.useProfile('bob', {
      exceptions: { noAnswer: null, unreachable: null, busy: { kind: 'number', number: '1003' } },
    });
    const bobRings = incoming(bob);
    const daveConnected = dave.engine.once('call', (call) => call.state === 'active');
    await dave.engine.dial('bob');
    await bob.engine.answer((await bobRings).id);
    await daveConnected;

    const carolRings = incoming(carol);
    const callId = await alice.engine.dial('bob');
    const connected = alice.engine.once(
      'call',
      (call) => call.id === callId && call.state === 'active',
    );
    await carol.engine.answer((await carolRings).id);
    expect(await connected).toMatchObject({ forwardedTo: 'carol' });
    const entry = historyOf(callId);
    await alice.engine.hangUp(callId);
    expect(await entry).toMatchObject({ outcome: 'answered', forwardedTo: 'carol' });
  });

  it('records the unreachable target when the callee is signed out (request route)', async () => {
    // (last: dave stays signed out)
    await harness.useProfile('dave', {
      exceptions: { busy: null, noAnswer: null, unreachable: { kind: 'voicemail' } },
    });
    await dave.engine.stop();
    const callId = await alice.engine.dial('dave');
    await alice.engine.once('call', (call) => call.id === callId && call.state === 'active');
    const entry = historyOf(callId);
    await alice.engine.hangUp(callId);
    expect(await entry).toMatchObject({ outcome: 'answered', forwardedTo: 'voicemail' });
  });

  it('leaves calls that were not forwarded alone', async () => {
    const bobRings = incoming(bob);
    const callId = await alice.engine.dial('bob');
    const connected = alice.engine.once(
      'call',
      (call) => call.id === callId && call.state === 'active',
    );
    await bob.engine.answer((await bobRings).id);
    expect(await connected).toMatchObject({ forwardedTo: null });
    const entry = historyOf(callId);
    await alice.engine.hangUp(callId);
    expect(await entry).toMatchObject({ outcome: 'answered', forwardedTo: null });
  });
});
