/**
 * What happens to a call depends on the callee's profile: enforced by the PBX (asking the
 * profile server) when no client decides, and by the callee's softphone when it does.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type {
  CallHistoryRecord,
  CallSnapshot,
  IncomingCallInfo,
  IncomingDecision,
} from '../../../src/main/sip/types';
import { startSipHarness, type SipHarness, type TestPhone } from '../../support/sipHarness';
import { text } from '../../../src/shared/text';

const ringOrBusy = (info: IncomingCallInfo): IncomingDecision =>
  info.inCall ? { action: 'reject', status: 486 } : { action: 'ring' };
const incoming = (phone: TestPhone): Promise<CallSnapshot> =>
  phone.engine.once('call', (call) => call.state === 'incoming');

describe('call routing by the callee profile', () => {
  let harness: SipHarness;
  let alice: TestPhone;
  let bob: TestPhone;
  let carol: TestPhone;
  let dave: TestPhone;
  let bobDecides: (info: IncomingCallInfo) => IncomingDecision = ringOrBusy;
  const bobHistory: CallHistoryRecord[] = [];
  let bobCalls = 0;

  beforeAll(async () => {
    harness = await startSipHarness();
    await Promise.all(
      ['alice', 'bob', 'carol', 'dave'].map((user) => harness.useProfile(user, {})),
    );
    alice = await harness.phone('alice');
    carol = await harness.phone('carol');
    bob = await harness.phone('bob', {
      decideIncoming: (info) => bobDecides(info),
      history: { record: (entry) => void bobHistory.push(entry) },
    });
    dave = await harness.phone('dave');
    bob.engine.on('call', (call) => {
      if (call.state === 'incoming') bobCalls += 1;
    });
  });

  afterEach(async () => {
    bobDecides = ringOrBusy;
    await harness.hangUpAll();
    await harness.useProfile('bob', {});
  });

  afterAll(async () => {
    await harness?.stop();
  });

  /** Alice calls `dialled`; resolves when carol's softphone rings with it, then connects them. */
  async function expectForwardedToCarol(dialled: string): Promise<void> {
    const carolRings = incoming(carol);
    const connected = alice.engine.once('call', (call) => call.state === 'active');
    await alice.engine.dial(dialled);
    const call = await carolRings;
    await carol.engine.answer(call.id);
    await connected;
  }

  it('rejects at the PBX while the profile is not available, without ringing the softphone', async () => {
    await harness.useProfile('bob', { availability: 'not_available' });
    const before = bobCalls;
    const ended = alice.engine.once('callEnded');
    await alice.engine.dial('bob');
    expect((await ended).endReason).toEqual(text('callEnd.notAvailable'));
    expect(bobCalls).toBe(before);
  });

  it('rejects at the softphone when its own decision says so', async () => {
    bobDecides = () => ({ action: 'reject', status: 480, reason: 'Not available' });
    const ended = alice.engine.once('callEnded');
    await alice.engine.dial('1002');
    expect((await ended).endReason).toEqual(text('callEnd.notAvailable'));
    expect(bobHistory.at(-1)).toMatchObject({ outcome: 'rejected', reason: text('callEnd.notAvailable') });
  });

  it("forwards at the PBX to the profile's transfer target", async () => {
    await harness.useProfile('bob', { routing: { any: { kind: 'number', number: '1003' } } });
    await expectForwardedToCarol('bob');
  });

  it("follows the softphone's own redirect (302) at the PBX, telling the caller", async () => {
    bobDecides = () => ({ action: 'redirect', target: '1003' });
    const forwardedSeen = alice.engine.once('call', (call) => call.forwardedTo === '1003');
    await expectForwardedToCarol('1002');
    await forwardedSeen;
    expect(bobHistory.at(-1)).toMatchObject({ outcome: 'forwarded', forwardedTo: '1003' });
  });

  it('forwards at the PBX after the no-answer time while the softphone rings unanswered', async () => {
    await harness.useProfile('bob', {
      exceptions: {
        busy: null,
        unreachable: null,
        noAnswer: { afterSeconds: 5, target: { kind: 'number', number: '1003' } },
      },
    });
    const bobRings = incoming(bob);
    const bobStops = bob.engine.once('callEnded');
    const forwarded = expectForwardedToCarol('bob');
    await bobRings;
    expect((await bobStops).answeredAt).toBeNull();
    await forwarded;
    expect(bobHistory.at(-1)).toMatchObject({ outcome: 'missed' });
  });

  it('applies the busy rule at the PBX while the user is in a call, without ringing the softphone', async () => {
    await harness.useProfile('bob', {
      exceptions: { noAnswer: null, unreachable: null, busy: { kind: 'number', number: '1003' } },
    });
    const bobRings = incoming(bob);
    const daveConnected = dave.engine.once('call', (call) => call.state === 'active');
    await dave.engine.dial('bob');
    await bob.engine.answer((await bobRings).id);
    await daveConnected;

    const before = bobCalls;
    await expectForwardedToCarol('bob');
    expect(bobCalls).toBe(before);
  });

  it('applies the busy rule when the softphone answers busy', async () => {
    // With call waiting the PBX rings the softphone during a call; this one answers 486 anyway.
    await harness.useProfile('bob', {
      callWaiting: true,
      exceptions: { noAnswer: null, unreachable: null, busy: { kind: 'number', number: '1003' } },
    });
    const bobRings = incoming(bob);
    const daveConnected = dave.engine.once('call', (call) => call.state === 'active');
    await dave.engine.dial('bob');
    await bob.engine.answer((await bobRings).id);
    await daveConnected;

    await expectForwardedToCarol('bob');
    expect(bobHistory.at(-1)).toMatchObject({ outcome: 'busy' });
  });

  it('answers busy to the caller when there is no busy rule', async () => {
    const bobRings = incoming(bob);
    const daveConnected = dave.engine.once('call', (call) => call.state === 'active');
    await dave.engine.dial('bob');
    await bob.engine.answer((await bobRings).id);
    await daveConnected;

    const ended = alice.engine.once('callEnded');
    await alice.engine.dial('bob');
    expect((await ended).endReason).toEqual(text('callEnd.busy'));
  });

  it('tells the caller "Declined" when the callee declines and the busy target cannot be reached', async () => {
    // A busy target nobody can reach (an outside number, and this PBX has no carrier trunk): the
    // caller must hear why the call was not taken, not "Number not found".
    await harness.useProfile('bob', {
      exceptions: { busy: { kind: 'number', number: '+46899999999' }, noAnswer: null, unreachable: null },
    });
    const bobRings = incoming(bob);
    const ended = alice.engine.once('callEnded');
    await alice.engine.dial('bob');
    await bob.engine.decline((await bobRings).id);
    expect((await ended).endReason).toEqual(text('callEnd.declined'));
  });

  it('tells the caller "Declined" when the callee declines and has no busy rule', async () => {
    await harness.useProfile('bob', { exceptions: { busy: null, noAnswer: null, unreachable: { kind: 'voicemail' } } });
    const bobRings = incoming(bob);
    const ended = alice.engine.once('callEnded');
    await alice.engine.dial('bob');
    await bob.engine.decline((await bobRings).id);
    expect((await ended).endReason).toEqual(text('callEnd.declined'));
  });

  it('forwards at the PBX when the callee is signed out (unreachable)', async () => {
    // (last in this block: dave stays signed out)
    await harness.useProfile('dave', {
      exceptions: { busy: null, noAnswer: null, unreachable: { kind: 'number', number: '1003' } },
    });
    await dave.engine.stop();
    await expectForwardedToCarol('dave');
  });
});

describe('queue calls', () => {
  let harness: SipHarness;

  beforeAll(async () => {
    harness = await startSipHarness();
    await Promise.all(
      ['alice', 'bob', 'carol', 'dave'].map((user) => harness.useProfile(user, {})),
    );
  });

  afterAll(async () => {
    await harness?.stop();
  });

  it('ring every active member at once and only them; the first to answer takes the call', async () => {
    const [alice, bob, carol, dave] = await Promise.all(
      ['alice', 'bob', 'carol', 'dave'].map((user) => harness.phone(user)),
    );
    if (!alice || !bob || !carol || !dave) throw new Error('phones missing');
    await harness.setQueues('carol', 'paused');
    let carolRang = false;
    carol.engine.on('call', () => {
      carolRang = true;
    });

    const aliceRings = incoming(alice);
    const bobRings = incoming(bob);
    const connected = dave.engine.once('call', (call) => call.state === 'active');
    await dave.engine.dial(harness.server.company.queues.Support?.number ?? 'missing queue');
    const [atAlice, atBob] = await Promise.all([aliceRings, bobRings]);
    expect(atAlice.calledType).toBe('queue');
    expect(atBob.calledType).toBe('queue');

    const bobStops = bob.engine.once('callEnded');
    await alice.engine.answer(atAlice.id);
    await connected;
    expect(await bobStops).toMatchObject({ answeredAt: null, endReason: text('callEnd.answeredElsewhere') });
    expect(carolRang).toBe(false);
    await harness.hangUpAll();
  });
});

describe('caller identity', () => {
  let harness: SipHarness;
  let presentation: { kind: 'number'; number: string } | { kind: 'hidden' } = { kind: 'hidden' };

  beforeAll(async () => {
    harness = await startSipHarness();
    await Promise.all(['alice', 'bob'].map((user) => harness.useProfile(user, {})));
  });

  afterAll(async () => {
    await harness?.stop();
  });

  it("replaces a number that is not the caller's with the one the profile server allows", async () => {
    const alice = await harness.phone('alice', { callerId: () => presentation });
    const bob = await harness.phone('bob');
    const allowed = await harness.server.api('/pbx/v1/caller-id?user=alice&requested=alice', {
      headers: { 'x-pbx-secret': harness.server.pbxSecret },
    });
    const expected = /identity=([^;]+)/.exec(await allowed.text())?.[1];
    const bobsLandline = harness.server.company.users.bob?.numbers?.landline;
    expect(expected).toBeDefined();

    presentation = { kind: 'number', number: bobsLandline ?? '+46855501002' };
    const rings = incoming(bob);
    await alice.engine.dial('bob');
    const call = await rings;
    expect(call.party.number).toBe(decodeURIComponent(expected ?? ''));
    expect(call.party.number).not.toBe(bobsLandline);
    expect(call.party.displayName).toBe('Alice Andersson');
    await harness.hangUpAll();

    presentation = { kind: 'hidden' };
    const hiddenRings = incoming(bob);
    await alice.engine.dial('bob');
    expect((await hiddenRings).party).toEqual({ number: 'anonymous', displayName: null });
    await harness.hangUpAll();
  });
});

describe('signing out while a call rings', () => {
  let harness: SipHarness;

  beforeAll(async () => {
    harness = await startSipHarness();
    await harness.useProfile('bob', {
      exceptions: { busy: null, noAnswer: null, unreachable: { kind: 'number', number: '1003' } },
    });
    await Promise.all(['alice', 'carol'].map((user) => harness.useProfile(user, {})));
  });

  afterAll(async () => {
    await harness?.stop();
  });

  it('sends the ringing call where the unreachable rule says', async () => {
    const [alice, bob, carol] = await Promise.all(
      ['alice', 'bob', 'carol'].map((user) => harness.phone(user)),
    );
    if (!alice || !bob || !carol) throw new Error('phones missing');
    const bobRings = incoming(bob);
    const carolRings = incoming(carol);
    const bobEnded = bob.engine.once('callEnded');
    await alice.engine.dial('bob');
    await bobRings;
    await bob.engine.stop();
    expect((await bobEnded).endReason).toEqual(text('callEnd.signedOutRinging'));
    await carolRings;
    await harness.hangUpAll();
  });
});
