/**
 * Real audio across a pair of PBX proxies (scripts/pbx/pair.ts): a WebRTC softphone (Chromium
 * media: ICE, DTLS-SRTP, Opus) registered on proxy A calls bob, whose profile rings his desk
 * phone, Debian's baresip (UDP, RTP/AVP, G.711) registered on proxy B. The INVITE goes A → B
 * along the desk phone's Path (its UDP address as `received`), the media through A's rtpengine,
 * which must make the plain-RTP offer for the desk phone although the next hop is proxy B.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeskPhoneCredentials } from '../../../src/shared/server-api';
import { startBaresip, wavLoudness, type Baresip } from '../../support/baresip';
import { relayedCalls } from '../../support/pbxStack';
import { ring, startSipHarness, type SipHarness } from '../../support/sipHarness';
import { CallLog, eventually } from '../../support/softphones';
import { startMediaLab, type MediaLab } from '../../support/webrtcPhones';

describe('a desk phone on proxy B, a WebRTC softphone on proxy A', () => {
  let harness: SipHarness;
  let lab: MediaLab;
  let account: DeskPhoneCredentials;
  let desk: Baresip;

  beforeAll(async () => {
    harness = await startSipHarness({}, { pair: true });
    lab = await startMediaLab();
    account = await harness.provisionDeskPhone('bob', 'Reception desk');
    const proxyB = harness.pair!.proxies[1];
    desk = await startBaresip({
      user: account.device.sipUser,
      password: account.password,
      domain: account.domain,
      registrar: `${proxyB.host}:${proxyB.sipPort}`,
      debug: process.env.PBX_DEBUG === '1',
    });
    await harness.useProfile('bob', { routing: { any: ring('deskphone') } });
  }, 90_000);

  afterAll(async () => {
    await desk?.stop();
    await lab?.close();
    await harness?.stop();
  });

  it('rings the desk phone through both proxies, and audio flows both ways', async () => {
    const [proxyA] = harness.pair!.proxies;
    const alice = await lab.startPhone({ server: harness.server, wsUrl: proxyA.wsUrl, userName: 'alice' });
    const aliceCalls = new CallLog(alice.engine);
    const recordingsBefore = desk.recordings().dec.length;
    try {
      const callId = await alice.engine.dial('1002');
      await desk.waitForEvent('CALL_INCOMING');
      const established = desk.events.length;
      await desk.answer();
      await desk.waitForEvent('CALL_ESTABLISHED', { after: established });
      await aliceCalls.waitFor((call) => call.id === callId && call.state === 'active', 15_000, 'answered at alice');

      // the softphone hears the desk phone's tone
      const inbound = async () => (await alice.stats())[0]?.inbound ?? { packetsReceived: 0, audioLevel: 0 };
      const first = (await inbound()).packetsReceived ?? 0;
      await eventually(async () => ((await inbound()).packetsReceived ?? 0) > first + 50, 'no RTP reached the softphone');
      await eventually(async () => ((await inbound()).audioLevel ?? 0) > 0.05, 'the softphone heard only silence');
      // the desk phone hears the softphone
      await eventually(() => {
        const file = desk.recordings().dec[recordingsBefore];
        return file !== undefined && wavLoudness(file).loudFrames > 10;
      }, `the desk phone recorded no sound (${JSON.stringify(desk.recordings())})`);
      // media through A's rtpengine only
      expect(await relayedCalls(harness.pair!.proxies[0])).toBe(1);
      expect(await relayedCalls(harness.pair!.proxies[1])).toBe(0);

      const closed = desk.events.length;
      await alice.engine.hangUp(callId);
      await desk.waitForEvent('CALL_CLOSED', { after: closed });
    } finally {
      aliceCalls.dispose();
      await alice.stop();
    }
  });
});
