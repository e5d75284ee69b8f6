/**
 * Debian's baresip as THE desk phone of a user (issue 10 "Devices"): a plain SIP phone (UDP,
 * RTP/AVP, G.711) registered with the per-device account the admin route provisions (not the
 * user's own SIP account), with the real Kamailio + rtpengine asking the real profile server.
 * The PBX rings it when the profile (or the queue policy) names desk phones, sees its calls in
 * its dialog tracking (busy), and relays its audio to a WebRTC softphone (Chromium media).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CallSnapshot } from '../../../src/main/sip/types';
import type { DeskPhoneCredentials, Recording } from '../../../src/shared/server-api';
import { startBaresip, wavLoudness, type Baresip } from '../../support/baresip';
import { countRings, ring, startSipHarness, type SipHarness, type TestPhone } from '../../support/sipHarness';
import { CallLog, eventually } from '../../support/softphones';
import { readWav, rms, toneShare } from '../../support/wav';
import { startMediaLab, type MediaLab, type WebrtcPhone } from '../../support/webrtcPhones';

const incomingAtDesk = (desk: Baresip): number =>
  desk.events.filter((event) => event.type === 'CALL_INCOMING').length;

describe('baresip as a provisioned desk phone', () => {
  let harness: SipHarness;
  let lab: MediaLab;
  let account: DeskPhoneCredentials;
  let desk: Baresip;
  let bob: TestPhone;
  let bobRings: () => number;

  beforeAll(async () => {
    harness = await startSipHarness();
    lab = await startMediaLab();
    account = await harness.provisionDeskPhone('bob', 'Reception desk');
    desk = await startBaresip({
      user: account.device.sipUser,
      password: account.password,
      domain: account.domain,
      registrar: `${harness.pbx.host}:${harness.pbx.sipPort}`,
      debug: process.env.PBX_DEBUG === '1',
    });
    // bob's softphone is registered too: it must stay quiet whenever only desk phones ring
    bob = await harness.phone('bob', { decideIncoming: () => ({ action: 'ring' }) });
    bobRings = countRings(bob);
  }, 90_000);

  afterEach(async () => {
    await desk?.command('hangup').catch(() => undefined); // no call left: nothing to hang up
    await harness?.hangUpAll();
  });

  afterAll(async () => {
    await desk?.stop();
    await lab?.close();
    await harness?.stop();
  });

  /** Waits for the desk phone's next incoming call (after `seen` incoming events) and answers it. */
  async function deskAnswers(seen: number): Promise<void> {
    await desk.waitForEvent('CALL_INCOMING', { after: eventIndexAfter('CALL_INCOMING', seen) });
    const established = desk.events.length;
    await desk.answer();
    await desk.waitForEvent('CALL_ESTABLISHED', { after: established });
  }

  /** The index in desk.events just past the `count`-th event of `type` (0: from the start). */
  function eventIndexAfter(type: string, count: number): number {
    if (count === 0) return 0;
    let seen = 0;
    for (let i = 0; i < desk.events.length; i++) {
      if (desk.events[i]?.type === type && ++seen === count) return i + 1;
    }
    return desk.events.length;
  }

  it('registers under its own per-device account, which belongs to bob', async () => {
    expect(desk.aor).toBe(`sip:${account.device.sipUser}@${account.domain}`);
    expect(account.device.sipUser).not.toBe(bob.credentials.userName);
    const response = await fetch(
      `${harness.server.url}/pbx/v1/credentials/${account.device.sipUser}`,
      {
        headers: { 'x-pbx-secret': harness.server.pbxSecret, accept: 'application/json' },
      },
    );
    expect(await response.json()).toMatchObject({ user: account.device.sipUser, owner: 'bob' });
  });

  it('a WebRTC softphone calls bob, whose profile rings only the desk phone: baresip rings and answers, audio flows both ways', async () => {
    await harness.useProfile('bob', { routing: { any: ring('deskphone') } });
    const alice: WebrtcPhone = await lab.startPhone({
      server: harness.server,
      wsUrl: harness.pbx.wsUrl,
      userName: 'alice',
    });
    const aliceCalls = new CallLog(alice.engine);
    const softBefore = bobRings();
    const recordingsBefore = desk.recordings().dec.length;
    try {
      const callId = await alice.engine.dial('1002');
      await deskAnswers(incomingAtDesk(desk));
      await aliceCalls.waitFor(
        (call) => call.id === callId && call.state === 'active',
        15_000,
        'answered at alice',
      );

      // the softphone hears the desk phone's tone
      const inbound = async () =>
        (await alice.stats())[0]?.inbound ?? { packetsReceived: 0, audioLevel: 0 };
      const first = (await inbound()).packetsReceived ?? 0;
      await eventually(
        async () => ((await inbound()).packetsReceived ?? 0) > first + 50,
        'no RTP reached the softphone',
      );
      await eventually(
        async () => ((await inbound()).audioLevel ?? 0) > 0.05,
        'the softphone heard only silence',
      );
      // the desk phone hears the softphone: its recording of what it decoded has sound in it
      await eventually(
        () => {
          const file = desk.recordings().dec[recordingsBefore];
          return file !== undefined && wavLoudness(file).loudFrames > 10;
        },
        `the desk phone recorded no sound (${JSON.stringify(desk.recordings())})`,
      );
      expect(bobRings()).toBe(softBefore);

      const closed = desk.events.length;
      await alice.engine.hangUp(callId);
      await desk.waitForEvent('CALL_CLOSED', { after: closed });
    } finally {
      aliceCalls.dispose();
      await alice.stop();
    }
  });

  it("records a WebRTC softphone's call when the caller's profile records calls: both sides in one file, for her only", async () => {
    await harness.useProfile('bob', { routing: { any: ring('deskphone') } });
    await harness.useProfile('alice', { recording: true });
    const aliceToken = await harness.server.signIn('alice');
    const bobToken = await harness.server.signIn('bob');
    const alice: WebrtcPhone = await lab.startPhone({ server: harness.server, wsUrl: harness.pbx.wsUrl, userName: 'alice' });
    const aliceCalls = new CallLog(alice.engine);
    const before = (await (await harness.server.api('/api/v1/me/recordings', { token: aliceToken })).json()) as Recording[];
    try {
      const callId = await alice.engine.dial('1002');
      await deskAnswers(incomingAtDesk(desk));
      await aliceCalls.waitFor((call) => call.id === callId && call.state === 'active', 15_000, 'answered at alice');
      // both sides send for a while: the desk phone its 1 kHz tone, Chromium its fake microphone
      const inbound = async () => (await alice.stats())[0]?.inbound ?? { packetsReceived: 0, audioLevel: 0 };
      await eventually(async () => ((await inbound()).audioLevel ?? 0) > 0.05, 'the softphone heard only silence');
      await new Promise((wake) => setTimeout(wake, 2500));
      const closed = desk.events.length;
      await alice.engine.hangUp(callId);
      await desk.waitForEvent('CALL_CLOSED', { after: closed });
    } finally {
      aliceCalls.dispose();
      await alice.stop();
    }
    let recording: Recording | undefined;
    await eventually(async () => {
      const now = (await (await harness.server.api('/api/v1/me/recordings', { token: aliceToken })).json()) as Recording[];
      recording = now.find((r) => !before.some((b) => b.id === r.id));
      return recording !== undefined;
    }, 'no recording reached the server', 30_000);
    if (!recording) throw new Error('unreachable');
    expect(recording).toMatchObject({ direction: 'outgoing', contentType: 'audio/wav' });
    const audio = await harness.server.api(`/api/v1/me/recordings/${recording.id}/audio`, { token: aliceToken });
    expect(audio.status).toBe(200);
    const wav = readWav(Buffer.from(await audio.arrayBuffer()));
    const length = wav.data[0]!.length / wav.sampleRate;
    const desks = toneShare(wav, 0, 0.5, length - 0.5, 1000);
    const level = rms(wav, 0, 0.5, length - 0.5);
    // what is left once the desk phone's pure tone is taken out: the softphone's side (G.711's
    // own noise on a lone tone is about a hundredth of its level)
    const rest = level * Math.sqrt(Math.max(0, 1 - desks));
    console.info(`WebRTC recording: ${length.toFixed(2)} s, rms ${level.toFixed(3)}, share of the desk phone's 1 kHz ${desks.toFixed(2)}, the rest ${rest.toFixed(3)}`);
    expect(length).toBeGreaterThan(2);
    expect(desks).toBeGreaterThan(0.1);
    expect(rest).toBeGreaterThan(0.03);
    // bob's profile does not record: the recording is alice's alone
    expect((await harness.server.api(`/api/v1/me/recordings/${recording.id}/audio`, { token: bobToken })).status).toBe(404);
    await harness.useProfile('alice', { recording: false });
  });

  it("bob busy on the desk phone: a second call takes bob's busy rule (forwarded to dave), the desk phone does not ring again", async () => {
    await harness.useProfile('bob', {
      routing: { any: ring('deskphone') },
      exceptions: { busy: { kind: 'number', number: '1004' }, noAnswer: null, unreachable: null },
    });
    const alice = await harness.phone('alice');
    const carol = await harness.phone('carol');
    const dave = await harness.phone('dave');
    let deskCallFrom = 0;
    try {
      const aliceConnected = alice.engine.once('call', (call) => call.state === 'active');
      const seen = incomingAtDesk(desk);
      await alice.engine.dial('1002');
      await deskAnswers(seen);
      await aliceConnected;
      deskCallFrom = desk.events.length;

      const deskBefore = incomingAtDesk(desk);
      const softBefore = bobRings();
      const daveRings: Promise<CallSnapshot> = dave.engine.once(
        'call',
        (call) => call.state === 'incoming',
      );
      const forwarded = carol.engine.once('call', (call) => call.state === 'active');
      await carol.engine.dial('1002');
      await dave.engine.answer((await daveRings).id);
      expect(await forwarded).toMatchObject({ forwardedTo: 'dave' });
      expect([incomingAtDesk(desk), bobRings()]).toEqual([deskBefore, softBefore]);
    } finally {
      await harness.hangUpAll();
      await Promise.all([alice, carol, dave].map((phone) => phone.engine.stop()));
    }
    // the desk phone's call ended with alice's hang-up
    await desk.waitForEvent('CALL_CLOSED', { after: deskCallFrom });
  });

  it('a queue call to a member whose queue policy names only desk phones rings only baresip', async () => {
    await harness.useProfile('bob', {
      queues: { status: 'active', scope: 'all', queueIds: [], devices: ['deskphone'] },
    });
    await harness.useProfile('dave', {});
    await harness.setQueues('dave', 'paused');
    const alice = await harness.phone('alice');
    try {
      const softBefore = bobRings();
      const seen = incomingAtDesk(desk);
      const connected = alice.engine.once('call', (call) => call.state === 'active');
      await alice.engine.dial(harness.server.company.queues.Sales?.number ?? 'missing queue');
      await deskAnswers(seen);
      await connected;
      expect(bobRings()).toBe(softBefore);
    } finally {
      await harness.hangUpAll();
      await alice.engine.stop();
    }
  });
});
