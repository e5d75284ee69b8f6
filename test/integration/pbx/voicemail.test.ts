/**
 * Voicemail over the real stack (issue 11): Kamailio + rtpengine + the media component
 * (scripts/pbx/media) + the profile server. alice's SIP phone (Debian's baresip, playing a
 * 440 Hz tone as its microphone) calls bob; bob's profile sends the call to voicemail (at once, or
 * after ringing his softphone unanswered). The caller hears bob's greeting (his own, a 600 Hz
 * tone, or the default spoken one) and then the 1 kHz beep, checked in what baresip heard;
 * the stored message holds the caller's tone (checked by frequency). bob's own desk phone
 * (baresip with its mwi module) SUBSCRIBEs to message-summary and gets NOTIFYs: waiting after
 * the deposit, no more once bob marked it heard. Nobody reaches a mailbox by dialling.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RunningPbx } from '../../../scripts/pbx/pbx';
import { delay } from '../../../scripts/pbx/processGroup';
import { startUa } from '../../../scripts/pbx/ua/sipUa';
import { startRtp } from '../../../scripts/pbx/ua/rtp';
import { startBaresip, writeToneWav, type Baresip, type BaresipEvent } from '../../support/baresip';
import { countRings, startSipHarness, type SipHarness } from '../../support/sipHarness';
import { eventually, sipCredentialsOf } from '../../support/softphones';
import { readWav, rms, toneShare, toneWav, type WavSamples } from '../../support/wav';

const CALLER_HZ = 440;
const GREETING_HZ = 600;
const BEEP_HZ = 1000;

interface MailboxView {
  messages: { id: string; callerNumber: string; calledNumber: string | null; durationSeconds: number; heard: boolean }[];
  newCount: number;
  heardCount: number;
}

/** The start (s) of the first 100 ms window where `hz` is most of the sound, or null. */
function findTone(wav: WavSamples, hz: number, from = 0): number | null {
  const length = wav.data[0]!.length / wav.sampleRate;
  for (let t = from; t + 0.1 <= length; t += 0.02) {
    if (rms(wav, 0, t, t + 0.1) > 0.02 && toneShare(wav, 0, t, t + 0.1, hz) > 0.8) return t;
  }
  return null;
}

describe('voicemail through the media component', () => {
  let harness: SipHarness;
  let dir: string;
  let caller: Baresip;
  let bobDesk: Baresip;
  let bobToken: string;

  const mailbox = async (): Promise<MailboxView> => {
    const response = await harness.server.api('/api/v1/me/voicemail', { token: bobToken });
    expect(response.status).toBe(200);
    return (await response.json()) as MailboxView;
  };
  const mwiEvents = (): BaresipEvent[] => bobDesk.events.filter((event) => event.type === 'MWI_NOTIFY');
  const lastMwi = (): string => String(mwiEvents().at(-1)?.param ?? '');

  /** Calls bob from the caller's desk phone, waits for voicemail to answer, hangs up `afterBeepMs` after the beep. */
  async function leaveMessage(greetingSeconds: number, afterBeepMs: number): Promise<WavSamples> {
    const before = caller.events.length;
    const recordings = caller.recordings().dec.length;
    await caller.dial('1002');
    await caller.waitForEvent('CALL_ESTABLISHED', { after: before, timeoutMs: 20_000 });
    // greeting, 200 ms pause, 400 ms beep, then the message
    await delay(greetingSeconds * 1000 + 600 + afterBeepMs);
    await caller.hangUp();
    await caller.waitForEvent('CALL_CLOSED', { after: before });
    await eventually(() => caller.recordings().dec.length > recordings, "the caller's recording");
    await delay(300);
    return readWav(readFileSync(caller.recordings().dec.at(-1)!));
  }

  beforeAll(async () => {
    harness = await startSipHarness();
    dir = mkdtempSync(join(tmpdir(), 'voicemail-test-'));
    const callerTone = join(dir, 'caller.wav');
    writeToneWav(callerTone, { seconds: 120, frequency: CALLER_HZ });
    const registrar = `${harness.pbx.host}:${harness.pbx.sipPort}`;
    // alice's third-party phone on her own SIP account (the caller)
    const alice = await sipCredentialsOf(harness.server, 'alice');
    caller = await startBaresip({ user: alice.userName, password: alice.password, domain: alice.domain, registrar, sourceWav: callerTone, debug: process.env.PBX_DEBUG === '1' });
    const bobAccount = await harness.provisionDeskPhone('bob', 'Bob desk');
    bobDesk = await startBaresip({ user: bobAccount.device.sipUser, password: bobAccount.password, domain: bobAccount.domain, registrar, mwi: true, debug: process.env.PBX_DEBUG === '1' });
    bobToken = await harness.server.signIn('bob');
  }, 90_000);

  afterEach(async () => {
    await caller?.command('hangup').catch(() => undefined);
    await harness?.hangUpAll();
  });

  afterAll(async () => {
    await caller?.stop();
    await bobDesk?.stop();
    await harness?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("bob's desk phone subscribes to message-waiting and hears of an empty mailbox", async () => {
    await bobDesk.waitForEvent('MWI_NOTIFY', { timeoutMs: 15_000 });
    expect(lastMwi()).toContain('Messages-Waiting: no');
    expect(lastMwi()).toContain('Voice-Message: 0/0');
  });

  it('a call sent to voicemail hears the greeting and the beep, and the message holds the caller', async () => {
    // bob's own greeting: a 600 Hz tone of 1.5 s, uploaded as he would in the client
    const upload = await fetch(`${harness.server.url}/api/v1/me/voicemail/greeting`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${bobToken}`, 'content-type': 'audio/wav' },
      body: new Uint8Array(toneWav([{ hz: GREETING_HZ, seconds: 1.5 }], 16000)),
    });
    expect(upload.status).toBe(200);
    await harness.useProfile('bob', { routing: { any: { kind: 'voicemail' } } });

    const heard = await leaveMessage(1.5, 3000);
    const beep = findTone(heard, BEEP_HZ);
    expect(beep, 'the beep reached the caller').not.toBeNull();
    // the greeting came right before it
    expect(toneShare(heard, 0, beep! - 1.1, beep! - 0.3, GREETING_HZ)).toBeGreaterThan(0.8);
    expect(findTone(heard, GREETING_HZ)).toBeLessThan(beep!);

    await eventually(async () => (await mailbox()).messages.length === 1, 'the message in bob\'s mailbox');
    const [message] = (await mailbox()).messages;
    expect(message!.calledNumber).toBe('1002');
    expect(message!.heard).toBe(false);
    expect(message!.durationSeconds).toBeGreaterThan(2);
    expect(message!.durationSeconds).toBeLessThan(4.5);
    const audio = await harness.server.api(`/api/v1/me/voicemail/${message!.id}/audio`, { token: bobToken });
    expect(audio.status).toBe(200);
    const stored = readWav(Buffer.from(await audio.arrayBuffer()));
    const seconds = stored.data[0]!.length / stored.sampleRate;
    expect(toneShare(stored, 0, 0.3, seconds - 0.3, CALLER_HZ)).toBeGreaterThan(0.8);

    // message-waiting: bob's desk phone hears of it, and of it being heard
    await eventually(() => lastMwi().includes('Messages-Waiting: yes'), 'MWI on after the deposit');
    expect(lastMwi()).toContain('Voice-Message: 1/0');
    const heardNow = await harness.server.api(`/api/v1/me/voicemail/${message!.id}/heard`, { method: 'PUT', token: bobToken, body: { heard: true } });
    expect(heardNow.status).toBe(200);
    await eventually(() => lastMwi().includes('Messages-Waiting: no'), 'MWI off once heard');
    expect(lastMwi()).toContain('Voice-Message: 0/1');
  });

  it('no answer on the softphone goes to voicemail with the default greeting', async () => {
    const reset = await harness.server.api('/api/v1/me/voicemail/greeting', { method: 'DELETE', token: bobToken });
    expect(reset.status).toBe(200);
    const bob = await harness.phone('bob', { decideIncoming: () => ({ action: 'ring' }) });
    const rings = countRings(bob);
    await harness.useProfile('bob', {
      routing: { any: { kind: 'ring', devices: [{ device: 'softphone', delaySeconds: 0 }] } },
      exceptions: { busy: null, noAnswer: { afterSeconds: 5, target: { kind: 'voicemail' } }, unreachable: null },
    });
    const greetingSeconds = 5.7; // resources/voicemail/greeting-en.wav
    const heard = await leaveMessage(greetingSeconds, 2500);
    expect(rings()).toBe(1);
    const beep = findTone(heard, BEEP_HZ, 1);
    expect(beep).not.toBeNull();
    // spoken words before the beep: sound, and not the tone
    expect(rms(heard, 0, beep! - 4, beep! - 0.4)).toBeGreaterThan(0.01);
    await eventually(async () => (await mailbox()).messages.length === 2, 'the second message');
    const newest = (await mailbox()).messages.find((m) => !m.heard)!;
    const audio = await harness.server.api(`/api/v1/me/voicemail/${newest.id}/audio`, { token: bobToken });
    const stored = readWav(Buffer.from(await audio.arrayBuffer()));
    expect(toneShare(stored, 0, 0.3, stored.data[0]!.length / 8000 - 0.3, CALLER_HZ)).toBeGreaterThan(0.8);
    await eventually(() => lastMwi().includes('Voice-Message: 1/1'), 'MWI with one new, one heard');
  });

  it('nobody reaches a mailbox by dialling: not "voicemail", not a made-up media target', async () => {
    const before = caller.events.length;
    await caller.dial('voicemail');
    const closed = await caller.waitForEvent('CALL_CLOSED', { after: before });
    expect(caller.events.slice(before).some((event) => event.type === 'CALL_ESTABLISHED')).toBe(false);
    expect(String(closed.param)).toMatch(/404|Not Found/);

    // straight to the media component, past the PBX, with a target it did not issue
    const ua = await startUa({ user: 'intruder' });
    const rtp = await startRtp();
    try {
      const bobId = harness.server.company.users.bob!.id;
      const forged = ua.invite(`sip:vm-${bobId}-00000000000000000000000000000000@${(harness.pbx as RunningPbx).media!.address}`, { sdp: rtp.offer() });
      expect(await forged.result).toMatchObject({ answered: false, status: 404 });
    } finally {
      rtp.close();
      await ua.stop();
    }
  });
});
