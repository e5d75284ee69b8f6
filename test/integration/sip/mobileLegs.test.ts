/**
 * The mobile leg through the carrier trunk (issue 11, seeds 000/001), over the real Kamailio,
 * rtpengine, profile server and the carrier simulator (scripts/pbx/carrier): each mobile
 * routing choice with the carrier seeing the leg at the right time (loosely: not before the
 * delay, within three seconds after it), the first answer cancelling the other legs, a forward
 * to the user's own mobile going out once (no loop).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RunningCarrier } from '../../../scripts/pbx/carrier/carrier';
import type { CallSnapshot } from '../../../src/main/sip/types';
import type { RingLeg } from '../../../src/shared/model';
import { startUa } from '../../../scripts/pbx/ua/sipUa';
import { eventually } from '../../support/softphones';
import { startSipHarness, type SipHarness, type TestPhone } from '../../support/sipHarness';

const BOB_MOBILE = '+46705550002';
const legs = (...list: [RingLeg['device'], number][]): { kind: 'ring'; devices: RingLeg[] } => ({
  kind: 'ring',
  devices: list.map(([device, delaySeconds]) => ({ device, delaySeconds })),
});
const incoming = (phone: TestPhone): Promise<CallSnapshot> => phone.engine.once('call', (call) => call.state === 'incoming');

describe('mobile legs through the carrier trunk', () => {
  let harness: SipHarness;
  let carrier: RunningCarrier;
  let alice: TestPhone;
  let bob: TestPhone;

  beforeAll(async () => {
    harness = await startSipHarness({ carrier: true });
    carrier = harness.pbx.carrier!;
    await Promise.all(['alice', 'bob'].map((user) => harness.useProfile(user, {})));
    alice = await harness.phone('alice');
    bob = await harness.phone('bob');
  });

  afterEach(async () => {
    await harness.hangUpAll();
    await Promise.all(carrier.received.filter((leg) => leg.endedAt === null).map((leg) => leg.hangUp()));
    carrier.reset();
  });

  afterAll(async () => {
    await harness?.stop();
  });

  /** Alice dials bob's extension; resolves with when. */
  async function aliceCallsBob(): Promise<{ callId: string; at: number }> {
    const at = Date.now();
    return { callId: await alice.engine.dial('1002'), at };
  }

  it('rings the mobile only: the carrier gets the leg at once with the caller\'s identity, answers, and the call connects', async () => {
    await harness.useProfile('bob', { routing: { any: legs(['mobile', 0]) } });
    let bobRang = false;
    const stopCounting = bob.engine.on('call', (call) => {
      if (call.state === 'incoming') bobRang = true;
    });
    carrier.behave(BOB_MOBILE, { kind: 'answer', afterSeconds: 1 });
    const connected = alice.engine.once('call', (call) => call.state === 'active');
    const { at } = await aliceCallsBob();
    const leg = await carrier.waitForCall((candidate) => candidate.number === BOB_MOBILE, 10_000);
    expect(leg.receivedAt - at).toBeLessThan(3_000);
    expect(leg.assertedUser).toBe('+46855501001');
    expect(leg.diversion).toContain('1002');
    await connected;
    // bob is in that call (on his mobile): the busy rule applies to his next call
    const bobId = harness.server.company.users.bob!.id;
    await eventually(() => harness.server.server.ctx.calls.inCall(bobId), 'bob is not in a call');
    // rtpengine relays the carrier's tone towards alice's side: the leg's media is set up
    await eventually(() => (leg.rtp?.packetsSent ?? 0) > 10, 'the carrier sent no RTP');
    expect(bobRang).toBe(false);
    stopCounting();
  });

  it('queue calls ring a member\'s mobile when their profile says so: a leg out through the trunk, answered as theirs', async () => {
    await harness.useProfile('bob', { queues: { status: 'active', scope: 'all', queueIds: [], devices: ['mobile'] } });
    // the previous call on his mobile is over for the PBX too (a member in a call is left out)
    const bobId = harness.server.company.users.bob!.id;
    await eventually(() => !harness.server.server.ctx.calls.inCall(bobId), 'bob is still in a call');
    let bobRang = false;
    const stopCounting = bob.engine.on('call', (call) => {
      if (call.state === 'incoming') bobRang = true;
    });
    carrier.behave(BOB_MOBILE, { kind: 'answer', afterSeconds: 1 });
    const connected = alice.engine.once('call', (call) => call.state === 'active');
    // Sales (+46855501200): bob and dave; dave has no phone registered here
    await alice.engine.dial('+46855501200');
    const leg = await carrier.waitForCall((candidate) => candidate.number === BOB_MOBILE, 10_000);
    expect(leg.assertedUser).toBe('+46855501001');
    await connected;
    await eventually(() => harness.server.server.ctx.calls.inCall(bobId), 'bob is not in a call');
    expect(bobRang).toBe(false);
    stopCounting();
  });

  it('softphone first, mobile after 4 s: the leg comes after the delay; the softphone answering cancels it', async () => {
    await harness.useProfile('bob', { routing: { any: legs(['softphone', 0], ['mobile', 4]) } });
    carrier.behave(BOB_MOBILE, { kind: 'never' });
    const bobRings = incoming(bob);
    const { at } = await aliceCallsBob();
    const ring = await bobRings;
    const leg = await carrier.waitForCall((candidate) => candidate.number === BOB_MOBILE, 12_000);
    expect(leg.receivedAt - at).toBeGreaterThanOrEqual(4_000);
    expect(leg.receivedAt - at).toBeLessThan(7_000);
    const connected = alice.engine.once('call', (call) => call.state === 'active');
    await bob.engine.answer(ring.id);
    await connected;
    await eventually(() => leg.cancelledAt !== null, 'the mobile leg was not cancelled');
  });

  it('mobile first, softphone after 4 s: the softphone rings after the delay; the mobile answering stops it', async () => {
    await harness.useProfile('bob', { routing: { any: legs(['mobile', 0], ['softphone', 4]) } });
    carrier.behave(BOB_MOBILE, { kind: 'answer', afterSeconds: 6 });
    const bobRings = incoming(bob);
    const { at } = await aliceCallsBob();
    const leg = await carrier.waitForCall((candidate) => candidate.number === BOB_MOBILE, 10_000);
    expect(leg.receivedAt - at).toBeLessThan(3_000);
    const ring = await bobRings;
    const rangAt = Date.now();
    expect(rangAt - at).toBeGreaterThanOrEqual(4_000);
    expect(rangAt - at).toBeLessThan(7_000);
    const bobStops = bob.engine.once('callEnded', (call) => call.id === ring.id);
    await alice.engine.once('call', (call) => call.state === 'active');
    expect(leg.answeredAt).not.toBeNull();
    await bobStops;
  });

  it('softphone and mobile at once: both ring; the first to answer wins', async () => {
    await harness.useProfile('bob', { routing: { any: legs(['softphone', 0], ['mobile', 0]) } });
    carrier.behave(BOB_MOBILE, { kind: 'answer', afterSeconds: 2 });
    const bobRings = incoming(bob);
    const { at } = await aliceCallsBob();
    const ring = await bobRings;
    const leg = await carrier.waitForCall((candidate) => candidate.number === BOB_MOBILE, 10_000);
    expect(leg.receivedAt - at).toBeLessThan(3_000);
    await bob.engine.once('callEnded', (call) => call.id === ring.id);
    expect(leg.answeredAt).not.toBeNull();
  });

  it('forwards to the own mobile out through the trunk once, never routed again by its own rule', async () => {
    await harness.useProfile('bob', { routing: { any: { kind: 'number', number: BOB_MOBILE } } });
    carrier.behave(BOB_MOBILE, { kind: 'answer', afterSeconds: 1 });
    const forwarded = alice.engine.once('call', (call) => call.forwardedTo === BOB_MOBILE);
    const connected = alice.engine.once('call', (call) => call.state === 'active');
    await aliceCallsBob();
    await forwarded;
    await connected;
    await eventually(() => harness.server.server.ctx.calls.inCall(harness.server.company.users.bob!.id), 'bob is not in a call');
    const leg = await carrier.waitForCall((candidate) => candidate.number === BOB_MOBILE);
    expect(leg.diversion).toMatch(/1002.*reason=unconditional/);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(carrier.received.filter((candidate) => candidate.number === BOB_MOBILE)).toHaveLength(1);
  });

  it('a call to the mobile number while "ring the mobile" is in effect reaches the carrier once', async () => {
    await harness.useProfile('bob', { routing: { any: legs(['softphone', 0]), mobile: legs(['mobile', 0]) } });
    carrier.behave(BOB_MOBILE, { kind: 'answer', afterSeconds: 1 });
    const call = await carrier.call({ pbx: `${harness.pbx.host}:${harness.pbx.sipPort}`, from: '+46812345678', to: BOB_MOBILE });
    const result = await call.result;
    expect(result.answered).toBe(true);
    const legsToMobile = carrier.received.filter((candidate) => candidate.number === BOB_MOBILE);
    expect(legsToMobile).toHaveLength(1);
    expect(legsToMobile[0]!.assertedUser).toBe('+46812345678');
    // real RTP both ways between the two carrier ends, through rtpengine
    await eventually(() => call.rtp.packetsReceived > 10 && (legsToMobile[0]!.rtp?.packetsReceived ?? 0) > 10, 'no RTP between the carrier legs');
    await call.hangUp();
  });

  it('a held leg that is no longer needed never starts: answered on the softphone before the mobile\'s delay', async () => {
    await harness.useProfile('bob', { routing: { any: legs(['softphone', 0], ['mobile', 3]) } });
    const bobRings = incoming(bob);
    await aliceCallsBob();
    const connected = alice.engine.once('call', (call) => call.state === 'active');
    await bob.engine.answer((await bobRings).id);
    await connected;
    await new Promise((resolve) => setTimeout(resolve, 4_500));
    expect(carrier.received.filter((candidate) => candidate.number === BOB_MOBILE)).toHaveLength(0);
  });

  it('the no-answer time applies across the legs; its exception rings the mobile (out through the trunk)', async () => {
    await harness.useProfile('bob', {
      routing: { any: legs(['softphone', 0], ['mobile', 8]) },
      exceptions: { busy: null, unreachable: null, noAnswer: { afterSeconds: 5, target: legs(['mobile', 0]) } },
    });
    carrier.behave(BOB_MOBILE, { kind: 'answer', afterSeconds: 1 });
    const bobRings = incoming(bob);
    const { at } = await aliceCallsBob();
    const ring = await bobRings;
    await bob.engine.once('callEnded', (call) => call.id === ring.id);
    const leg = await carrier.waitForCall((candidate) => candidate.number === BOB_MOBILE, 10_000);
    // the no-answer time (5 s), not the leg's own delay (8 s), brought the mobile in
    // (tm's timer ticks may fire a few milliseconds early)
    expect(leg.receivedAt - at).toBeGreaterThanOrEqual(4_800);
    expect(leg.receivedAt - at).toBeLessThan(8_000);
    expect(leg.diversion).toMatch(/reason=no-answer/);
    await alice.engine.once('call', (call) => call.state === 'active');
  });
});

describe('calls in from the carrier trunk', () => {
  let harness: SipHarness;
  let carrier: RunningCarrier;
  let alice: TestPhone;
  let carol: TestPhone;
  let olga: TestPhone;
  let pbx: string;

  beforeAll(async () => {
    harness = await startSipHarness({ carrier: true });
    carrier = harness.pbx.carrier!;
    pbx = `${harness.pbx.host}:${harness.pbx.sipPort}`;
    await Promise.all(['alice', 'bob', 'carol'].map((user) => harness.useProfile(user, {})));
    alice = await harness.phone('alice');
    carol = await harness.phone('carol');
    olga = await harness.phone('olga');
  });

  afterEach(async () => {
    await harness.hangUpAll();
    await Promise.all(carrier.received.filter((leg) => leg.endedAt === null).map((leg) => leg.hangUp()));
    carrier.reset();
  });

  afterAll(async () => {
    await harness?.stop();
  });

  it('routes a call to a landline by the profile: it rings there, as a landline call from the caller\'s number', async () => {
    const aliceRings = incoming(alice);
    const call = await carrier.call({ pbx, from: '+46812345678', to: '+46855501001' });
    const ring = await aliceRings;
    expect(ring).toMatchObject({ calledType: 'landline' });
    expect(ring.party.number).toBe('+46812345678');
    await alice.engine.answer(ring.id);
    expect((await call.result).answered).toBe(true);
    await eventually(() => call.rtp.packetsSent > 10, 'the carrier sent no RTP');
    await call.hangUp();
  });

  it('follows the profile for landline calls: forwarded to a colleague', async () => {
    await harness.useProfile('alice', { routing: { any: legs(['softphone', 0]), landline: { kind: 'number', number: '1003' } } });
    const carolRings = incoming(carol);
    const call = await carrier.call({ pbx, from: '+46812345678', to: '+46855501001' });
    await carol.engine.answer((await carolRings).id);
    expect((await call.result).answered).toBe(true);
    await call.hangUp();
    await harness.useProfile('alice', {});
  });

  it('reaches the right company: a Globex number rings the Globex user', async () => {
    const olgaRings = incoming(olga);
    const call = await carrier.call({ pbx, from: '+46812345678', to: '+46866602001' });
    const ring = await olgaRings;
    await olga.engine.answer(ring.id);
    expect((await call.result).answered).toBe(true);
    await call.hangUp();
  });

  it('a call from a user\'s mobile is theirs: it presents the profile\'s caller ID for mobile calls', async () => {
    await harness.useProfile('bob', { callerId: { softphone: { kind: 'landline' }, mobile: { kind: 'company' } } });
    const call = await carrier.call({ pbx, from: BOB_MOBILE, to: '+46811112222' });
    const leg = await carrier.waitForCall((candidate) => candidate.number === '+46811112222');
    expect(leg.assertedUser).toBe('+46855500000');
    expect(leg.fromUser).toBe('+46855500000');
    expect((await call.result).answered).toBe(true);
    await call.hangUp();

    await harness.useProfile('bob', { callerId: { softphone: { kind: 'company' }, mobile: { kind: 'mobile' } } });
    const again = await carrier.call({ pbx, from: BOB_MOBILE, to: '+46811113333' });
    const second = await carrier.waitForCall((candidate) => candidate.number === '+46811113333');
    expect(second.assertedUser).toBe(BOB_MOBILE);
    await again.hangUp();
  });

  it('nobody outside calls out through the PBX: a call from the trunk to an outside number is refused', async () => {
    const call = await carrier.call({ pbx, from: '+46812345678', to: '+46811114444' });
    expect(await call.result).toMatchObject({ answered: false, status: 403 });
    expect(carrier.received.filter((candidate) => candidate.number === '+46811114444')).toHaveLength(0);
  });

  it('a call from a user\'s mobile to a colleague\'s landline rings the colleague with the caller\'s identity', async () => {
    await harness.useProfile('bob', { callerId: { softphone: { kind: 'landline' }, mobile: { kind: 'mobile' } } });
    const carolRings = incoming(carol);
    const call = await carrier.call({ pbx, from: BOB_MOBILE, to: '+46855501003' });
    const ring = await carolRings;
    expect(ring.party.number).toBe(BOB_MOBILE);
    await carol.engine.answer(ring.id);
    expect((await call.result).answered).toBe(true);
    await call.hangUp();
  });
  it('a speed dial from the user\'s mobile switches their profile, and the prompt confirms it', async () => {
    await harness.useProfile('bob', { name: 'Travelling', speedDial: '*68' });
    const token = await harness.server.signIn('bob');
    type Snapshot = { profiles: { id: string; name: string }[]; manualChoice: { profileId: string } | null };
    const snapshot = async (): Promise<Snapshot> => (await (await harness.server.api('/api/v1/me/snapshot', { token })).json()) as Snapshot;
    const travelling = (await snapshot()).profiles.find((p) => p.name === 'Travelling')!;
    const other = (await snapshot()).profiles.find((p) => p.name !== 'Travelling')!;
    await harness.server.api('/api/v1/me/profile-switch', { token, body: { profileId: other.id } });
    expect((await snapshot()).manualChoice?.profileId).toBe(other.id);

    const call = await carrier.call({ pbx, from: BOB_MOBILE, to: '*68' });
    // the media component answers with the confirmation prompt, heard on the mobile
    expect((await call.result).answered).toBe(true);
    await eventually(() => call.rtp.packetsReceived > 25, 'the mobile heard no confirmation prompt');
    expect((await snapshot()).manualChoice?.profileId).toBe(travelling.id);
    await call.hangUp();
  });

  it('a speed dial from an outside number changes nobody\'s profile', async () => {
    const token = await harness.server.signIn('bob');
    const choice = async (): Promise<unknown> => ((await (await harness.server.api('/api/v1/me/snapshot', { token })).json()) as { manualChoice: unknown }).manualChoice;
    const before = await choice();
    const call = await carrier.call({ pbx, from: '+46812345678', to: '*68' });
    expect((await call.result).answered).toBe(false);
    expect(await choice()).toEqual(before);
  });
});

describe('the PBX\'s own leg requests cannot be forged', () => {
  it('refuses a leg request (signed-looking) that does not come from the PBX itself, and it reaches no carrier', async () => {
    const harness = await startSipHarness({ carrier: true });
    const outsider = await startUa({ user: 'outsider' });
    try {
      const carrier = harness.pbx.carrier!;
      const target = `sip:%2B46705550002@${harness.pbx.host}:${harness.pbx.sipPort};leg=trunk;delay=0;mws=0;lsig=forged`;
      const call = outsider.invite(target, { from: 'sip:+46812345678@127.0.0.1' });
      expect(await call.result).toMatchObject({ answered: false, status: 403 });
      // from the trunk's own address it is no better
      const fromTrunk = await carrier.call({ pbx: `${harness.pbx.host}:${harness.pbx.sipPort};leg=trunk;delay=0;mws=0;lsig=forged`, from: '+46812345678', to: BOB_MOBILE });
      expect(await fromTrunk.result).toMatchObject({ answered: false, status: 403 });
      expect(carrier.received).toHaveLength(0);
    } finally {
      await outsider.stop();
      await harness.stop();
    }
  });
});

describe('a carrier trunk that asks for credentials', () => {
  let harness: SipHarness;
  let carrier: RunningCarrier;
  let alice: TestPhone;

  beforeAll(async () => {
    harness = await startSipHarness({ carrier: { credentials: { username: 'acme-trunk', password: 'trunk-secret-1', realm: 'carrier.test' } } });
    carrier = harness.pbx.carrier!;
    await Promise.all(['alice', 'bob'].map((user) => harness.useProfile(user, {})));
    alice = await harness.phone('alice');
  });

  afterAll(async () => {
    await harness?.stop();
  });

  it('answers the digest challenge for an outside number and for a mobile leg', async () => {
    const connected = alice.engine.once('call', (call) => call.state === 'active');
    const callId = await alice.engine.dial('+46811115555');
    const leg = await carrier.waitForCall((candidate) => candidate.number === '+46811115555');
    expect(leg.assertedUser).toBe('+46855501001');
    await connected;
    expect(carrier.challenges).toBe(1);
    await alice.engine.hangUp(callId);

    await harness.useProfile('bob', { routing: { any: legs(['mobile', 1]) } });
    const mobileConnected = alice.engine.once('call', (call) => call.state === 'active');
    const second = await alice.engine.dial('1002');
    await carrier.waitForCall((candidate) => candidate.number === BOB_MOBILE);
    await mobileConnected;
    expect(carrier.challenges).toBe(2);
    await alice.engine.hangUp(second);
  });
});
