/**
 * The PBX-side SIP user agent + RTP library (scripts/pbx/ua/): two UAs call each other
 * directly over loopback UDP (ringing, answer, tones both ways checked by frequency, RFC 4733
 * DTMF, BYE, CANCEL, reject, OPTIONS), and through the real Kamailio + rtpengine (digest
 * authentication on 407, REGISTER, audio relayed by rtpengine, BYE from the called side along
 * Kamailio's signed Record-Route).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { concatPcm, pcmFromWav, silence, tone, wavFromPcm } from '../../../scripts/pbx/ua/audio';
import { startRtp, type RtpSession } from '../../../scripts/pbx/ua/rtp';
import { startUa, type IncomingCall, type SipUa } from '../../../scripts/pbx/ua/sipUa';
import type { RunningPbx } from '../../../scripts/pbx/pbx';
import { startServerWithPbx } from '../../support/pbxStack';
import type { TestServer } from '../../support/server';
import { eventually, sipCredentialsOf, withTimeout } from '../../support/softphones';
import { toneShare, toneWav, type WavSamples } from '../../support/wav';

const asWav = (pcm: Int16Array): WavSamples => ({
  sampleRate: 8000,
  channels: 1,
  data: [Float32Array.from(pcm, (x) => x / 32768)],
});

/** Seconds of the recording after the first `skip` seconds, as WavSamples with its length. */
function tail(pcm: Int16Array, skipSeconds: number): { wav: WavSamples; seconds: number } {
  const part = pcm.subarray(Math.min(pcm.length, skipSeconds * 8000));
  return { wav: asWav(part), seconds: part.length / 8000 };
}

const log = process.env.PBX_DEBUG === '1' ? (name: string) => (line: string) => process.stderr.write(`[${name}] ${line}\n`) : () => undefined;

describe('audio helpers', () => {
  it('reads any WAV into 8 kHz mono and keeps the tone', () => {
    // 16 kHz → 8 kHz
    const pcm16k = toneWav([{ hz: 1000, seconds: 1 }], 16000);
    const mono = pcmFromWav(pcm16k);
    expect(mono.length).toBeGreaterThan(7900);
    expect(mono.length).toBeLessThan(8100);
    expect(toneShare(asWav(mono), 0, 0.1, 0.9, 1000)).toBeGreaterThan(0.9);
    const back = pcmFromWav(wavFromPcm(tone(440, 500)));
    expect(back.length).toBe(4000);
    expect(toneShare(asWav(back), 0, 0.05, 0.45, 440)).toBeGreaterThan(0.9);
  });
});

describe('two UAs on loopback', () => {
  let alice: SipUa;
  let bob: SipUa;
  const sessions: RtpSession[] = [];
  const rtp = async (): Promise<RtpSession> => {
    const session = await startRtp();
    sessions.push(session);
    return session;
  };

  beforeAll(async () => {
    alice = await startUa({ user: 'alice', log: log('alice') });
    bob = await startUa({ user: 'bob', log: log('bob') });
  });
  afterEach(() => {
    bob.removeAllListeners('invite');
    for (const session of sessions.splice(0)) session.close();
  });
  afterAll(async () => {
    await alice?.stop();
    await bob?.stop();
  });

  it('rings, answers, carries audio both ways and DTMF, and ends with BYE', async () => {
    const aliceRtp = await rtp();
    const bobRtp = await rtp();
    const incoming = new Promise<IncomingCall>((resolve) => bob.on('invite', resolve));
    const call = alice.invite(bob.uri, { from: '"Alice" <sip:alice@example.test>', sdp: aliceRtp.offer(), headers: { 'X-Test': 'one' } });
    const ringing = new Promise((resolve) => call.on('progress', resolve));
    const callee = await incoming;
    expect(callee.header('X-Test')).toBe('one');
    expect(callee.requestUser).toBe('bob');
    callee.ringing();
    await ringing;
    const acked = callee.answer(bobRtp.answer(callee.remoteSdp!));
    const result = await call.result;
    expect(result.answered).toBe(true);
    aliceRtp.setRemoteAnswer(call.remoteSdp!);
    await withTimeout(acked, 5000, 'the ACK');

    const digits: string[] = [];
    bobRtp.on('dtmf', (digit) => digits.push(digit));
    await Promise.all([aliceRtp.play(concatPcm(tone(1000, 1000), silence(100))), bobRtp.play(tone(440, 1000))]);
    aliceRtp.sendDtmf('5');
    aliceRtp.sendDtmf('#');
    await eventually(() => digits.length === 2, 'two DTMF digits');
    expect(digits).toEqual(['5', '#']);
    const atBob = tail(bobRtp.received, 0.1);
    expect(toneShare(atBob.wav, 0, 0, 0.8, 1000)).toBeGreaterThan(0.8);
    const atAlice = tail(aliceRtp.received, 0.1);
    expect(toneShare(atAlice.wav, 0, 0, 0.8, 440)).toBeGreaterThan(0.8);

    const info = await callee.request('INFO', { body: 'Signal=1\r\n', contentType: 'application/dtmf-relay' });
    expect(info.status).toBe(200);
    await call.hangUp();
    expect(await callee.ended).toBe('remote-bye');
    expect(await call.ended).toBe('local-bye');
  });

  it('cancels a ringing call and refuses with the callee\'s status', async () => {
    const incoming = new Promise<IncomingCall>((resolve) => bob.on('invite', resolve));
    const call = alice.invite(bob.uri, { sdp: (await rtp()).offer() });
    const callee = await incoming;
    callee.ringing();
    await new Promise((resolve) => call.once('progress', resolve));
    call.cancel();
    expect(await callee.ended).toBe('remote-cancel');
    expect(await call.result).toEqual({ answered: false, status: 487, reason: 'Request Terminated' });

    bob.removeAllListeners('invite');
    bob.on('invite', (next) => next.reject(486, 'Busy Here'));
    const refused = alice.invite(bob.uri, { sdp: (await rtp()).offer() });
    expect(await refused.result).toEqual({ answered: false, status: 486, reason: 'Busy Here' });
    expect(await refused.ended).toBe('failed');
  });

  it('answers OPTIONS and refuses requests nobody handles', async () => {
    expect((await alice.request('OPTIONS', bob.uri)).status).toBe(200);
    expect((await alice.request('MESSAGE', bob.uri, { body: 'hi', contentType: 'text/plain' })).status).toBe(405);
    bob.on('request', (request, respond) => respond(request.method === 'NOTIFY' ? 200 : 403));
    const notify = await alice.request('NOTIFY', bob.uri, {
      headers: { Event: 'message-summary', 'Subscription-State': 'terminated' },
      body: 'Messages-Waiting: no\r\n',
      contentType: 'application/simple-message-summary',
    });
    expect(notify.status).toBe(200);
    bob.removeAllListeners('request');
  });
});

describe('UAs through Kamailio and rtpengine', () => {
  let server: TestServer;
  let pbx: RunningPbx;
  let caller: SipUa;
  let callee: SipUa;

  beforeAll(async () => {
    ({ server, pbx } = await startServerWithPbx());
    caller = await startUa({ user: 'alice', log: log('alice') });
    callee = await startUa({ user: 'bob', log: log('bob') });
  }, 60_000);
  afterAll(async () => {
    await caller?.stop();
    await callee?.stop();
    await pbx?.stop();
    await server?.stop();
  });

  it('registers, calls with digest authentication, relays audio and ends from the called side', async () => {
    const proxy = `sip:${pbx.host}:${pbx.sipPort}`;
    const bob = await sipCredentialsOf(server, 'bob');
    const alice = await sipCredentialsOf(server, 'alice');
    const aor = `sip:${bob.userName}@${bob.domain}`;
    const registered = await callee.request('REGISTER', `sip:${bob.domain}`, {
      from: aor,
      to: aor,
      headers: { Expires: '300', Route: `<${proxy};lr>` },
      credentials: { user: bob.userName, password: bob.password },
    });
    expect(registered.status).toBe(200);

    const callerRtp = await startRtp();
    const calleeRtp = await startRtp();
    try {
      const incoming = new Promise<IncomingCall>((resolve) => callee.on('invite', resolve));
      const call = caller.invite(`sip:1002@${alice.domain}`, {
        from: `sip:${alice.userName}@${alice.domain}`,
        sdp: callerRtp.offer(),
        headers: { Route: `<${proxy};lr>` },
        credentials: { user: alice.userName, password: alice.password },
      });
      const ringing = await withTimeout(incoming, 10_000, 'the INVITE at bob');
      // the PBX asserted alice's identity
      expect(ringing.header('P-Asserted-Identity')).toContain('Alice');
      ringing.ringing();
      void ringing.answer(calleeRtp.answer(ringing.remoteSdp!));
      const result = await withTimeout(call.result, 10_000, 'the answer');
      expect(result.answered).toBe(true);
      callerRtp.setRemoteAnswer(call.remoteSdp!);
      // rtpengine sits in between: neither side sees the other's port
      expect(callerRtp.remote?.port).not.toBe(calleeRtp.port);

      const digits: string[] = [];
      calleeRtp.on('dtmf', (digit) => digits.push(digit));
      await callerRtp.play(tone(1000, 1500));
      callerRtp.sendDtmf('7');
      await eventually(() => digits.includes('7'), 'the digit through rtpengine');
      const heard = tail(calleeRtp.received, 0.2);
      expect(heard.seconds).toBeGreaterThan(1);
      expect(toneShare(heard.wav, 0, 0, 1, 1000)).toBeGreaterThan(0.8);

      await ringing.hangUp();
      expect(await withTimeout(call.ended, 5000, 'the BYE at alice')).toBe('remote-bye');
      expect(await ringing.ended).toBe('local-bye');
    } finally {
      callerRtp.close();
      calleeRtp.close();
    }
  });
});
