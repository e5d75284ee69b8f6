/**
 * Kamailio restarts while alice and bob are in a call. The WebSocket connections the call's
 * in-dialog requests were bound to die with it; both softphones reconnect and register again
 * (new connections) and the call must go on: a hang-up on either side ends it on both sides
 * within 2 s (the figure), and the target refresh each side sends after registering
 * again succeeds (media continuity with the SDP-only media: the call stays established).
 *
 * A call whose other side never comes back ends with a clear reason instead of hanging on.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startSipHarness, type SipHarness, type TestPhone } from '../../support/sipHarness';
import { withTimeout } from '../../support/softphones';
import { startTcpProxy } from '../../support/tcpProxy';
import type { CallSnapshot } from '../../../src/main/sip/types';

/** The figure: a hang-up ends the call on both sides within 2 s of the PBX being back. */
const PROMISED_HANG_UP_MS = 2_000;

describe('a PBX restart during a call', () => {
  let harness: SipHarness;
  let alice: TestPhone;
  let bob: TestPhone;

  beforeAll(async () => {
    harness = await startSipHarness();
    await Promise.all(
      ['alice', 'bob', 'carol', 'dave'].map((user) => harness.useProfile(user, {})),
    );
    // alice's tones go as SIP INFO (see callBobFromAlice)
    alice = await harness.phone('alice', { media: { rfc4733: false } });
    bob = await harness.phone('bob');
  });

  afterEach(async () => {
    await harness?.hangUpAll();
  });

  afterAll(async () => {
    await harness?.stop();
  });

  async function callBobFromAlice(): Promise<{ aliceCall: CallSnapshot; bobCall: CallSnapshot }> {
    const rings = bob.engine.once('call', (call) => call.state === 'incoming');
    const connected = alice.engine.once('call', (call) => call.state === 'active');
    await alice.engine.dial('bob');
    const bobCall = await withTimeout(rings, 10_000, 'bob did not ring');
    await bob.engine.answer(bobCall.id);
    const aliceCall = await withTimeout(connected, 10_000, 'the call did not connect');
    // Before the restart the call is fully set up on both sides: alice's ACK has reached bob
    // (her INFO, sent after it along the same path, has).
    const tone = bob.engine.once('dtmf', (event) => event.callId === bobCall.id);
    await alice.engine.sendDtmf(aliceCall.id, '5');
    await withTimeout(tone, 5_000, 'bob did not get the tone');
    return { aliceCall, bobCall };
  }

  /** Restarts Kamailio and waits until both phones registered again and refreshed their call. */
  async function restartPbx(): Promise<void> {
    const refreshed = [alice, bob].map((phone) =>
      phone.engine.once('callRefreshed', () => true),
    );
    const registered = [alice, bob].map((phone) =>
      phone.engine.once('registration', (state) => state.status === 'registered'),
    );
    await harness.pbx.restart();
    await withTimeout(Promise.all(registered), 15_000, 'the phones did not register again');
    const results = await withTimeout(Promise.all(refreshed), 15_000, 'no target refresh');
    expect(results.map((result) => result.ok)).toEqual([true, true]);
  }

  for (const [who, other] of [
    ['alice', 'bob'],
    ['bob', 'alice'],
  ] as const) {
    it(`a hang-up by ${who} after the restart ends the call on both sides`, async () => {
      const { aliceCall, bobCall } = await callBobFromAlice();
      await restartPbx();
      const phones = { alice, bob };
      const ids = { alice: aliceCall.id, bob: bobCall.id };
      // Still one call on each side, established, nothing failed.
      for (const phone of [alice, bob]) {
        expect(phone.engine.calls().map((call) => call.state)).toEqual(['active']);
      }

      const otherEnded = withTimeout(
        phones[other].engine.once('callEnded', (call) => call.id === ids[other]),
        PROMISED_HANG_UP_MS,
        `${other}'s call did not end after ${who} hung up`,
      );
      await phones[who].engine.hangUp(ids[who]);
      const ended = await otherEnded;
      expect(ended.endReason).toEqual({ key: 'callEnd.otherHungUp' });
    });
  }

  it('a call whose other side never comes back ends on both sides with a clear reason', async () => {
    // carol reaches the PBX through a relay that goes dead for good; both give up after 4 s
    // (the product waits DEFAULT_PATH_GIVE_UP_MS) instead of staying in a silent call.
    const callPaths = { giveUpAfterMs: 4_000, retryEveryMs: 500 };
    const proxy = await startTcpProxy(harness.pbx.host, harness.pbx.wsPort);
    try {
      const carol = await harness.phone('carol', {
        wsUrl: proxy.url('ws'),
        keepAliveSeconds: 1,
        callPaths,
      });
      const dave = await harness.phone('dave', { callPaths });
      const rings = carol.engine.once('call', (call) => call.state === 'incoming');
      const connected = dave.engine.once('call', (call) => call.state === 'active');
      await dave.engine.dial('carol');
      await carol.engine.answer((await withTimeout(rings, 10_000, 'carol did not ring')).id);
      await withTimeout(connected, 10_000, 'the call did not connect');

      const daveEnded = dave.engine.once('callEnded', () => true);
      const carolEnded = carol.engine.once('callEnded', () => true);
      const daveRefresh = dave.engine.once('callRefreshed', () => true);
      const daveBack = dave.engine.once('registration', (state) => state.status === 'registered');
      proxy.blackHole();
      await harness.pbx.restart();
      await withTimeout(daveBack, 15_000, 'dave did not register again');

      const refresh = await withTimeout(daveRefresh, 30_000, 'dave never gave up refreshing');
      expect(refresh.ok).toBe(false);
      const [daveCall, carolCall] = await withTimeout(
        Promise.all([daveEnded, carolEnded]),
        30_000,
        'the call did not end on both sides',
      );
      expect(daveCall.endReason).toEqual({ key: 'callEnd.pathLost' });
      expect(carolCall.endReason).toEqual({ key: 'callEnd.pathLost' });
      console.log(`dave's last refresh was answered ${refresh.status}`);
    } finally {
      await proxy.stop();
    }
  });
});
