/**
 * The PBX's media plane: rtpengine between a WebRTC softphone (the real SIP engine here, its
 * media in a Chromium page: ICE, DTLS-SRTP, Opus) and a plain desk phone (Debian's baresip:
 * UDP, RTP/AVP, G.711, a 1 kHz tone as its microphone, recording what it hears), both
 * registered with the real Kamailio asking the real profile server. Audio is measured on both
 * ends: getStats() in the softphone's page, the recorded WAV on baresip.
 */
import { describe, expect, it } from 'vitest';
import { SyncConnection } from '../../../src/main/client/syncConnection';
import { startBaresip, wavLoudness, type Baresip } from '../../support/baresip';
import { mediaLabSuite } from '../../support/mediaLabSuite';
import { CallLog, eventually, plainSipPassword, sipCredentialsOf } from '../../support/softphones';
import type { WebrtcPhone } from '../../support/webrtcPhones';

const suite = mediaLabSuite();

async function deskPhone(userName: string, options: { autoAnswer?: boolean; codecs?: string[] } = {}): Promise<Baresip> {
  const credentials = await sipCredentialsOf(suite.server, userName);
  const phone = await startBaresip({
    user: credentials.userName,
    password: await plainSipPassword(suite.server, credentials.userName),
    domain: credentials.domain,
    registrar: `${suite.pbx.host}:${suite.pbx.sipPort}`,
    autoAnswer: options.autoAnswer,
    codecs: options.codecs,
    debug: process.env.PBX_DEBUG === '1',
  });
  suite.cleanups.push(() => phone.stop());
  return phone;
}

async function softphone(userName: string, autoAnswer = false): Promise<WebrtcPhone> {
  const phone = await suite.lab.startPhone({ server: suite.server, wsUrl: suite.pbx.wsUrl, userName, autoAnswer });
  suite.cleanups.push(() => phone.stop());
  return phone;
}

const extensionOf = (userName: string): string => suite.server.company.users[userName]!.numbers!.extension!;

/** Inbound figures of the softphone's (single) media session. */
async function inbound(phone: WebrtcPhone): Promise<{ packets: number; bytes: number; level: number }> {
  const [stats] = await phone.stats();
  return {
    packets: stats?.inbound.packetsReceived ?? 0,
    bytes: stats?.inbound.bytesReceived ?? 0,
    level: stats?.inbound.audioLevel ?? 0,
  };
}

/** The softphone hears the desk phone: packets and bytes keep arriving and the level is above silence. */
async function expectSoftphoneHears(phone: WebrtcPhone): Promise<void> {
  const first = await inbound(phone);
  await eventually(async () => (await inbound(phone)).packets > first.packets + 50, 'no RTP reached the softphone');
  await eventually(async () => (await inbound(phone)).level > 0.05, 'the softphone heard only silence');
}

/** The desk phone hears the softphone: its recording of the decoded stream has sound in it. */
async function expectDeskPhoneHears(phone: Baresip): Promise<void> {
  await eventually(() => {
    const [file] = phone.recordings().dec;
    return file !== undefined && wavLoudness(file).loudFrames > 10;
  }, `the desk phone recorded no sound (${JSON.stringify(phone.recordings())})`);
}

describe('desk phone ↔ softphone through rtpengine', () => {
  it('a desk phone calls a softphone: audio both ways, and the hang-up ends it on both', async () => {
    const desk = await deskPhone('carol');
    const alice = await softphone('alice', true);
    const aliceCalls = new CallLog(alice.engine);
    suite.cleanups.push(async () => aliceCalls.dispose());

    await desk.dial(extensionOf('alice'));
    await desk.waitForEvent('CALL_ESTABLISHED');
    const call = await aliceCalls.waitFor((c) => c.state === 'active', 15_000, 'answered at alice');
    expect(call.direction).toBe('incoming');

    await expectSoftphoneHears(alice);
    await expectDeskPhoneHears(desk);
    // the media went through the PBX's rtpengine: it holds the call's session
    const listed = await suite.pbx.rtpengine!.command({ command: 'list' });
    expect(listed.calls).toHaveLength(1);

    await desk.hangUp();
    await aliceCalls.waitFor((c) => c.id === call.id && c.state === 'ended', 10_000, 'ended at alice');
  });

  /** alice's WebRTC softphone calls carol's desk phone (baresip, answering at once) until both say connected. */
  async function aliceCallsCarolsDeskPhone(): Promise<{ desk: Baresip; alice: WebrtcPhone; aliceCalls: CallLog; callId: string }> {
    const desk = await deskPhone('carol', { autoAnswer: true });
    const alice = await softphone('alice');
    const aliceCalls = new CallLog(alice.engine);
    suite.cleanups.push(async () => aliceCalls.dispose());
    const callId = await alice.engine.dial(extensionOf('carol'));
    await aliceCalls.waitFor((c) => c.id === callId && c.state === 'active', 15_000, 'answered at alice');
    await desk.waitForEvent('CALL_ESTABLISHED');
    return { desk, alice, aliceCalls, callId };
  }

  it('a softphone calls a desk phone: audio both ways, and the hang-up ends it on both', async () => {
    const { desk, alice, callId } = await aliceCallsCarolsDeskPhone();

    await expectSoftphoneHears(alice);
    await expectDeskPhoneHears(desk);

    const closedBefore = desk.events.length;
    await alice.engine.hangUp(callId);
    await desk.waitForEvent('CALL_CLOSED', { after: closedBefore });
  });

  it('holds both ways: each re-INVITE passes rtpengine, the held side sees it and the audio pauses', async () => {
    const { desk, alice, aliceCalls, callId } = await aliceCallsCarolsDeskPhone();
    await expectSoftphoneHears(alice);

    // The desk phone holds: the softphone shows the call as held by the other side, and the
    // desk phone's audio stops arriving.
    await desk.hold();
    await aliceCalls.waitFor((c) => c.id === callId && c.heldByOther === true, 10_000, 'held by carol at alice');
    await expectRtpPauses(alice);
    const heldAt = aliceCalls.snapshots.length;
    await desk.resume();
    await eventually(
      () => aliceCalls.snapshots.slice(heldAt).some((c) => c.id === callId && c.heldByOther === false),
      'alice still shows the call as held by carol',
    );
    await expectSoftphoneHears(alice);

    // The softphone holds: the desk phone gets the re-INVITE (a remote offer) and stops sending.
    const before = desk.events.length;
    await alice.engine.hold(callId, true);
    await desk.waitForEvent('CALL_REMOTE_SDP', { after: before, match: (e) => e.param === 'offer' });
    await expectRtpPauses(alice);
    await alice.engine.hold(callId, false);
    await expectSoftphoneHears(alice);
    await alice.engine.hangUp(callId);
  });

  it('DTMF from the softphone reaches the desk phone as RFC 4733 through rtpengine', async () => {
    const { desk, alice, callId } = await aliceCallsCarolsDeskPhone();
    await expectSoftphoneHears(alice);

    expect(await alice.engine.sendDtmf(callId, '1#7')).toBe('rfc4733');
    await eventually(() => desk.receivedDigits() === '1#7', `the desk phone received "${desk.receivedDigits()}", not "1#7"`);
    await alice.engine.hangUp(callId);
  });

  it('DTMF from the desk phone (RFC 4733) is shown in the softphone\'s call, not the softphone\'s own digits', async () => {
    const desk = await deskPhone('carol');
    const alice = await softphone('alice', true);
    const aliceCalls = new CallLog(alice.engine);
    suite.cleanups.push(async () => aliceCalls.dispose());
    // alice's sync socket, wired to her engine as the client service wires it (callControls.ts)
    const sync = new SyncConnection({
      serverUrl: suite.server.url,
      token: await suite.server.signIn('alice'),
      handlers: {
        resumeFrom: () => null,
        onSnapshot: () => undefined,
        onChanges: () => undefined,
        onStatus: () => undefined,
        onSessionEnded: () => undefined,
        onCallDtmf: (dtmf) => alice.engine.dtmfFromPbx(dtmf.sipCallId, dtmf.digit, dtmf.sourceTag),
      },
    });
    sync.start();
    suite.cleanups.push(async () => sync.stop());
    await eventually(() => sync.currentStatus === 'online', 'alice\'s sync socket is not online');

    await desk.dial(extensionOf('alice'));
    await desk.waitForEvent('CALL_ESTABLISHED');
    const call = await aliceCalls.waitFor((c) => c.state === 'active', 15_000, 'answered at alice');
    await expectSoftphoneHears(alice);
    const relayed = suite.pbx.dtmfRelay!.results.length; // what earlier calls of this file sent

    await desk.sendDtmf('4');
    await aliceCalls.waitFor((c) => c.id === call.id && c.dtmfReceived === '4', 10_000, 'showing "4" at alice');
    // alice's own digit goes to the desk phone and is reported back to her too: not shown
    expect(await alice.engine.sendDtmf(call.id, '7')).toBe('rfc4733');
    await eventually(() => desk.receivedDigits() === '7', `the desk phone received "${desk.receivedDigits()}", not "7"`);
    await eventually(() => suite.pbx.dtmfRelay!.results.slice(relayed).some((r) => r.dtmf.digit === '7'), 'the PBX reported no "7"');
    await desk.sendDtmf('#');
    await aliceCalls.waitFor((c) => c.id === call.id && c.dtmfReceived === '4#', 10_000, 'showing "4#" at alice');
    expect(suite.pbx.dtmfRelay!.results.slice(relayed).map((r) => `${r.dtmf.digit} ${r.result}`)).toEqual(['4 200 pushed=2', '7 200 pushed=2', '# 200 pushed=2']);
    expect(aliceCalls.snapshots.map((c) => c.dtmfReceived).filter((d) => d?.includes('7'))).toEqual([]);

    await desk.hangUp();
    await aliceCalls.waitFor((c) => c.id === call.id && c.state === 'ended', 10_000, 'ended at alice');
  });

  it('refuses with 488, before anything rings, an offer with no codec the PBX can relay', async () => {
    const desk = await deskPhone('carol', { codecs: ['L16'] });
    const alice = await softphone('alice');
    const aliceCalls = new CallLog(alice.engine);
    suite.cleanups.push(async () => aliceCalls.dispose());

    await desk.dial(extensionOf('alice'));
    const closed = await desk.waitForEvent('CALL_CLOSED');
    expect(closed.param).toMatch(/488/);
    // alice's softphone never saw the call
    expect(aliceCalls.snapshots).toEqual([]);
  });
});

/** The softphone's inbound RTP stops (no new packets over a second) within 10 s. */
async function expectRtpPauses(phone: WebrtcPhone): Promise<void> {
  await eventually(async () => {
    const first = await inbound(phone);
    await new Promise((wake) => setTimeout(wake, 1000));
    return (await inbound(phone)).packets === first.packets;
  }, 'RTP kept arriving at the softphone on hold', 10_000);
}
