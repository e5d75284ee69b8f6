/**
 * ICE gathering is warmed before the user dials: the renderer's media engine keeps a spare
 * RTCPeerConnection (with an ICE candidate pool) made ahead, and the next call's media uses it;
 * once the call is set up a new spare is made for the call after. Real SIP engine, Kamailio,
 * rtpengine and WebRTC in Chromium pages through the bridge; the pages record when each
 * RTCPeerConnection was made.
 */
import { expect, it } from 'vitest';
import { mediaLabSuite } from '../../support/mediaLabSuite';
import { CallLog, eventually } from '../../support/softphones';
import type { WebrtcPhone } from '../../support/webrtcPhones';

const suite = mediaLabSuite();

/** Keeps every RTCPeerConnection the page makes, with when it was made (epoch ms). */
const TRACK_CONNECTIONS = `(() => {
  const Native = window.RTCPeerConnection;
  window.madeConnections = [];
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
