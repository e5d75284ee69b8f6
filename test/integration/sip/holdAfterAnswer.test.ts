/**
 * Hold pressed right after Answer, before the call is confirmed (the answer's 200 OK not yet
 * ACKed, or not even sent while the media engine prepares the answer). Both softphones are the
 * real SIP engine with real WebRTC media in Chromium pages through the bridge, as in the app,
 * through the real Kamailio and rtpengine: the caller's page applies the answer before its ACK
 * leaves, so a re-INVITE sent at once arrives while the caller is still establishing the call.
 * The hold must wait for the call to be confirmed and then work; the call must not end.
 */
import { describe, expect, it } from 'vitest';
import { mediaLabSuite } from '../../support/mediaLabSuite';
import { CallLog, eventually } from '../../support/softphones';
import type { WebrtcPhone } from '../../support/webrtcPhones';

const suite = mediaLabSuite();

async function softphone(userName: string): Promise<{ phone: WebrtcPhone; calls: CallLog }> {
  const phone = await suite.lab.startPhone({ server: suite.server, wsUrl: suite.pbx.wsUrl, userName });
  const calls = new CallLog(phone.engine);
  suite.cleanups.push(async () => {
    calls.dispose();
    await phone.stop();
  });
  return { phone, calls };
}

const extensionOf = (userName: string): string => suite.server.company.users[userName]!.numbers!.extension!;

/** Alice dials bob; resolves once bob's phone rings, with both call ids. */
async function aliceCallsBob() {
  const alice = await softphone('alice');
  const bob = await softphone('bob');
  const aliceCall = await alice.phone.engine.dial(extensionOf('bob'));
  const ringing = await bob.calls.waitFor((c) => c.direction === 'incoming' && c.state === 'incoming', 10_000, 'ringing at bob');
  return { alice, bob, aliceCall, bobCall: ringing.id };
}

/** Both sides still have the call, bob's held by him and alice's held by the other side. */
async function expectHeldNotEnded(alice: { phone: WebrtcPhone; calls: CallLog }, bob: { phone: WebrtcPhone; calls: CallLog }, aliceCall: string, bobCall: string) {
  await alice.calls.waitFor((c) => c.id === aliceCall && c.heldByOther === true, 10_000, 'held by bob at alice');
  expect(bob.phone.engine.calls().find((c) => c.id === bobCall)).toMatchObject({ held: true, state: 'held' });
  expect(alice.phone.engine.calls().find((c) => c.id === aliceCall)).toMatchObject({ state: 'active', heldByOther: true });
  expect(alice.calls.snapshots.some((c) => c.id === aliceCall && c.state === 'ended')).toBe(false);
  expect(bob.calls.snapshots.some((c) => c.id === bobCall && c.state === 'ended')).toBe(false);
}

async function resumeAndHangUp(alice: { phone: WebrtcPhone; calls: CallLog }, bob: { phone: WebrtcPhone; calls: CallLog }, aliceCall: string, bobCall: string) {
  const heldAt = alice.calls.snapshots.length;
  await bob.phone.engine.hold(bobCall, false);
  await eventually(
    () => alice.calls.snapshots.slice(heldAt).some((c) => c.id === aliceCall && !c.heldByOther),
    'alice still shows the call as held by bob',
  );
  await bob.phone.engine.hangUp(bobCall);
  const ended = await alice.calls.waitFor((c) => c.id === aliceCall && c.state === 'ended', 10_000, 'ended at alice');
  expect(ended.endReason).toMatchObject({ key: 'callEnd.otherHungUp' });
}

describe('hold right after answer', () => {
  it('a hold sent as soon as the answer is out (ACK not yet received) holds the call instead of ending it', async () => {
    const { alice, bob, aliceCall, bobCall } = await aliceCallsBob();
    await bob.phone.engine.answer(bobCall);
    await bob.phone.engine.hold(bobCall, true);
    await expectHeldNotEnded(alice, bob, aliceCall, bobCall);
    await resumeAndHangUp(alice, bob, aliceCall, bobCall);
  });

  it('a hold pressed while the answer is still being prepared waits for it instead of failing', async () => {
    const { alice, bob, aliceCall, bobCall } = await aliceCallsBob();
    const answering = bob.phone.engine.answer(bobCall);
    const holding = bob.phone.engine.hold(bobCall, true);
    await Promise.all([answering, holding]);
    await expectHeldNotEnded(alice, bob, aliceCall, bobCall);
    await resumeAndHangUp(alice, bob, aliceCall, bobCall);
  });

  it('the caller holding as soon as the call shows connected holds it too', async () => {
    const { alice, bob, aliceCall, bobCall } = await aliceCallsBob();
    const connected = alice.calls.waitFor((c) => c.id === aliceCall && c.state === 'active', 10_000, 'active at alice');
    const answering = bob.phone.engine.answer(bobCall);
    await connected;
    await alice.phone.engine.hold(aliceCall, true);
    await answering;
    await bob.calls.waitFor((c) => c.id === bobCall && c.heldByOther === true, 10_000, 'held by alice at bob');
    expect(alice.phone.engine.calls().find((c) => c.id === aliceCall)).toMatchObject({ held: true, state: 'held' });
    await alice.phone.engine.hangUp(aliceCall);
    await bob.calls.waitFor((c) => c.id === bobCall && c.state === 'ended', 10_000, 'ended at bob');
  });
});
