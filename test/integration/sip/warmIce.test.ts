/**
 * ICE gathering is warmed before the user dials: the renderer's media engine keeps a spare
 * RTCPeerConnection (with an ICE candidate pool) made ahead, and the next call's media uses it;
 * once the call is set up a new spare is made for the call after. Real SIP engine, Kamailio,
 * rtpengine and WebRTC in Chromium pages through the bridge; the pages record when each
 * RTCPeerConnection was made. Likewise a ringing call's offer is applied while it rings (no
 * microphone, nothing sent), so answering only makes the answer.
 */
import { expect, it } from 'vitest';
import { mediaLabSuite } from '../../support/mediaLabSuite';
import { CallLog, eventually } from '../../support/softphones';
import type { WebrtcPhone } from '../../support/webrtcPhones';

const suite = mediaLabSuite();

/**
 * Keeps every RTCPeerConnection the page makes, with when it was made (epoch ms), and counts
 * the page's microphone captures.
 */
const TRACK_CONNECTIONS = `(() => {
  const Native = window.RTCPeerConnection;
  window.madeConnections = [];
  window.microphoneCaptures = 0;
  const capture = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
  navigator.mediaDevices.getUserMedia = (constraints) => {
    window.microphoneCaptures += 1;
    return capture(constraints);
  };
  window.RTCPeerConnection = class extends Native {
    constructor(configuration) {
      super(configuration);
      window.madeConnections.push({ pc: this, at: performance.timeOrigin + performance.now() });
    }
  };
})();`;

interface Made {
  at: number;
  state: RTCPeerConnectionState;
  signaling: RTCSignalingState;
  pool: number;
}

const connectionsOf = (phone: WebrtcPhone): Promise<Made[]> =>
  phone.page.evaluate(() =>
    (window as unknown as { madeConnections: Array<{ pc: RTCPeerConnection; at: number }> }).madeConnections.map(({ pc, at }) => ({
      at,
      state: pc.connectionState,
      signaling: pc.signalingState,
      pool: pc.getConfiguration().iceCandidatePoolSize ?? 0,
    })),
  );

async function phone(userName: string, autoAnswer = false): Promise<WebrtcPhone> {
  const started = await suite.lab.startPhone({ server: suite.server, wsUrl: suite.pbx.wsUrl, userName, autoAnswer, pageScript: TRACK_CONNECTIONS });
  suite.cleanups.push(() => started.stop());
  return started;
}

it('the call uses a connection made (and gathering ICE) before the user dialled, and a new spare follows', async () => {
  const alice = await phone('alice');
  await phone('bob', true);
  const calls = new CallLog(alice.engine);
  suite.cleanups.push(async () => calls.dispose());

  // before any call: one spare connection, with an ICE candidate pool, not in use
  await eventually(async () => (await connectionsOf(alice)).length === 1, 'no warm connection in the idle media page');
  const [spare] = await connectionsOf(alice);
  expect(spare).toMatchObject({ signaling: 'stable', pool: 1, state: 'new' });

  const dialledAt = await alice.page.evaluate(() => performance.timeOrigin + performance.now());
  const callId = await alice.engine.dial(suite.server.company.users.bob!.numbers!.extension!);
  await calls.waitFor((c) => c.id === callId && c.state === 'active', 15_000, 'connected');
  await eventually(async () => (await connectionsOf(alice)).some((c) => c.state === 'connected'), 'the call\'s media did not connect');

  const connected = (await connectionsOf(alice)).filter((c) => c.state === 'connected');
  expect(connected).toHaveLength(1);
  expect(connected[0]!.at).toBeLessThan(dialledAt); // made ahead: the warm spare

  // once the call is set up, a new spare waits for the next call
  await eventually(async () => (await connectionsOf(alice)).some((c) => c.at > dialledAt && c.state === 'new' && c.signaling === 'stable'), 'no new spare after the call started');
  await alice.engine.hangUp(callId);
  await calls.waitFor((c) => c.id === callId && c.state === 'ended', 10_000, 'ended');
});

/** alice calls bob; returns once bob's phone rings and his page holds the call's offer. */
async function ringBob() {
  const alice = await phone('alice');
  const bob = await phone('bob');
  const aliceCalls = new CallLog(alice.engine);
  const bobCalls = new CallLog(bob.engine);
  suite.cleanups.push(async () => {
    aliceCalls.dispose();
    bobCalls.dispose();
  });
  const callId = await alice.engine.dial(suite.server.company.users.bob!.numbers!.extension!);
  const ringing = await bobCalls.waitFor((c) => c.direction === 'incoming' && c.state === 'incoming', 15_000, 'ringing at bob');
  // while it rings: bob's page holds the offer (a connection with the remote offer)
  await eventually(async () => (await connectionsOf(bob)).some((c) => c.signaling === 'have-remote-offer'), "the ringing call's offer did not reach bob's page");
  return { alice, bob, aliceCalls, bobCalls, callId, ringing };
}

const capturesOf = (phone: WebrtcPhone): Promise<number> =>
  phone.page.evaluate(() => (window as unknown as { microphoneCaptures: number }).microphoneCaptures);

it("a ringing call's offer waits in the callee's page before the answer, without the microphone; answered, the call has audio", async () => {
  const { alice, bob, aliceCalls, callId, ringing } = await ringBob();
  // no microphone opened while it rings
  expect(await capturesOf(bob)).toBe(0);
  expect((await connectionsOf(bob)).every((c) => c.state === 'new')).toBe(true);

  await bob.engine.answer(ringing.id);
  await aliceCalls.waitFor((c) => c.id === callId && c.state === 'active', 15_000, 'connected at alice');
  await eventually(async () => (await connectionsOf(bob)).some((c) => c.state === 'connected'), "bob's media did not connect");
  expect(await capturesOf(bob)).toBe(1);
  // the prepared connection is the one that carries the call, and audio flows both ways
  await eventually(async () => {
    const stats = [...(await alice.stats()), ...(await bob.stats())];
    return stats.length === 2 && stats.every((s) => s.inbound.bytesReceived > 0);
  }, 'no audio both ways');
  await alice.engine.hangUp(callId);
  await aliceCalls.waitFor((c) => c.id === callId && c.state === 'ended', 10_000, 'ended');
});

it("a call that stops ringing unanswered closes the connection prepared for it in the callee's page", async () => {
  const { alice, bob, bobCalls, callId } = await ringBob();
  await alice.engine.hangUp(callId);
  await bobCalls.waitFor((c) => c.direction === 'incoming' && c.state === 'ended', 10_000, 'the missed call ended at bob');
  await eventually(async () => !(await connectionsOf(bob)).some((c) => c.signaling === 'have-remote-offer'), 'the prepared connection stayed open');
  expect(await capturesOf(bob)).toBe(0);
});
