/**
 * Issue 11 over the whole stack (profile server, Kamailio, rtpengine, the media component):
 * a profile's "Message" target plays the announcement the admin uploaded (the caller hears its
 * tone), an "Application" target reaches the application's SIP address (a UA listening there
 * answers and its audio reaches the caller), and feature codes dialled from the softphone, a
 * desk phone (baresip) and a plain SIP UA run on the server (profile switched, pushed to a second
 * signed-in client; queues paused and resumed) and are confirmed by the prompt the caller hears.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Announcement, Application, type ProfileFieldsInput } from '../../../src/shared/model';
import type { ServerMessage } from '../../../src/shared/server-api';
import { tone } from '../../../scripts/pbx/ua/audio';
import { startRtp, type RtpSession } from '../../../scripts/pbx/ua/rtp';
import { startUa, type IncomingCall, type SipUa } from '../../../scripts/pbx/ua/sipUa';
import { startBaresip, wavLoudness, type Baresip } from '../../support/baresip';
import { startSipHarness, type SipHarness } from '../../support/sipHarness';
import { eventually, sipCredentialsOf, withTimeout } from '../../support/softphones';
import { openSyncSocket } from '../../support/sync-socket';
import { rms, toneShare, toneWav, type WavSamples } from '../../support/wav';

/** Whether some 200 ms stretch of `pcm` is mostly the tone `hz`. */
function hasTone(pcm: Int16Array, hz: number): boolean {
  for (let start = 0; start + 1600 <= pcm.length; start += 400) if (toneShare(asWav(pcm.subarray(start, start + 1600)), 0, 0, 0.2, hz) > 0.7) return true;
  return false;
}
const asWav = (pcm: Int16Array): WavSamples => ({ sampleRate: 8000, channels: 1, data: [Float32Array.from(pcm, (x) => x / 32768)] });

describe('announcements, applications and feature codes through the PBX', () => {
  let harness: SipHarness;
  let admin: string;
  let ua: SipUa;
  const rtps: RtpSession[] = [];

  beforeAll(async () => {
    harness = await startSipHarness();
    admin = await harness.server.signIn('admin');
    ua = await startUa({ user: 'bob' });
  }, 90_000);
  afterAll(async () => {
    for (const rtp of rtps) rtp.close();
    await ua?.stop();
    await harness?.stop();
  });

  const api = async (path: string, body?: unknown, method?: string): Promise<unknown> => {
    const response = await harness.server.api(path, { token: admin, body, method });
    if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
    return response.json();
  };
  const profile = (userName: string, fields: Partial<ProfileFieldsInput>) => harness.useProfile(userName, fields);

  /** bob (as a plain SIP UA with his own credentials) calls `dialled`; the call's RTP records what he hears. */
  async function bobCalls(dialled: string): Promise<{ call: ReturnType<SipUa['invite']>; rtp: RtpSession }> {
    const bob = await sipCredentialsOf(harness.server, 'bob');
    const rtp = await startRtp();
    rtps.push(rtp);
    const call = ua.invite(`sip:${dialled}@${bob.domain}`, {
      from: `sip:${bob.userName}@${bob.domain}`,
      sdp: rtp.offer(),
      headers: { Route: `<sip:${harness.pbx.host}:${harness.pbx.sipPort};lr>` },
      credentials: { user: bob.userName, ha1: bob.ha1 },
    });
    const result = await withTimeout(call.result, 15_000, `the answer to ${dialled}`);
    expect(result.answered, `${dialled} was not answered`).toBe(true);
    rtp.setRemoteAnswer(call.remoteSdp!);
    return { call, rtp };
  }

  it('a "Message" target plays the uploaded announcement to the caller, then ends the call', async () => {
    const announcement = Announcement.parse(
      await api('/api/v1/admin/announcements', { name: 'Closed for lunch', audioBase64: toneWav([{ hz: 700, seconds: 2 }], 44100).toString('base64') }),
    );
    await profile('alice', { name: 'Closed', routing: { any: { kind: 'message', messageId: announcement.id, label: announcement.name } } });
    const { call, rtp } = await bobCalls('1001');
    // the media component hangs up when the announcement is over
    expect(await withTimeout(call.ended, 15_000, 'the end of the announcement')).toBe('remote-bye');
    const heard = asWav(rtp.received);
    const seconds = rtp.received.length / 8000;
    expect(seconds).toBeGreaterThan(1.5);
    expect(rms(heard, 0, 0, seconds)).toBeGreaterThan(0.05);
    expect(toneShare(heard, 0, 0.2, seconds - 0.2, 700)).toBeGreaterThan(0.7);
  });

  it('an announcement the admin set to continue to voicemail plays, then the greeting and tone, then records the caller', async () => {
    const announcement = Announcement.parse(
      await api('/api/v1/admin/announcements', { name: 'Back soon', afterwards: 'voicemail', audioBase64: toneWav([{ hz: 700, seconds: 1.5 }]).toString('base64') }),
    );
    await profile('alice', { name: 'Back soon', routing: { any: { kind: 'message', messageId: announcement.id } } });
    const alice = await harness.server.signIn('alice');
    const before = ((await (await harness.server.api('/api/v1/me/voicemail', { token: alice })).json()) as { messages: unknown[] }).messages.length;
    const { call, rtp } = await bobCalls('1001');
    // the announcement first (700 Hz), then the greeting and the 1 kHz tone
    await eventually(() => {
      expect(call.endReason, 'the call ended after the announcement').toBeNull();
      return hasTone(rtp.received, 1000);
    }, 'the voicemail tone after the announcement', 20_000);
    expect(toneShare(asWav(rtp.received), 0, 0.2, 1.3, 700)).toBeGreaterThan(0.7);
    await rtp.play(tone(1300, 2000));
    await call.hangUp();
    let messages: { id: string; durationSeconds: number }[] = [];
    await eventually(async () => {
      messages = ((await (await harness.server.api('/api/v1/me/voicemail', { token: alice })).json()) as { messages: typeof messages }).messages;
      return messages.length > before;
    }, "the message in alice's mailbox");
    expect(messages[0]!.durationSeconds).toBeGreaterThan(1);
  });

  it('an "Application" target reaches the application at its SIP address; its audio reaches the caller', async () => {
    const ivr = await startUa({ user: 'ivr' });
    try {
      const app = Application.parse(await api('/api/v1/admin/applications', { name: 'Switchboard', sipUri: `sip:switchboard@127.0.0.1:${ivr.port}` }));
      await profile('carol', { name: 'Via switchboard', routing: { any: { kind: 'application', applicationId: app.id, label: app.name } } });
      const incoming = new Promise<IncomingCall>((resolve) => ivr.on('invite', resolve));
      const ivrRtp = await startRtp();
      rtps.push(ivrRtp);
      const answered = (async () => {
        const call = await withTimeout(incoming, 15_000, 'the INVITE at the application');
        expect(call.requestUser).toBe('switchboard');
        expect(call.header('P-Asserted-Identity')).toContain('Bob');
        await call.answer(ivrRtp.answer(call.remoteSdp!));
        return call;
      })();
      const { call, rtp } = await bobCalls('1003');
      const atIvr = await answered;
      await ivrRtp.play(tone(500, 1200));
      await eventually(() => rtp.received.length > 8000, 'audio from the application');
      const heard = asWav(rtp.received);
      expect(toneShare(heard, 0, 0.2, rtp.received.length / 8000, 500)).toBeGreaterThan(0.6);
      await call.hangUp();
      expect(await withTimeout(atIvr.ended, 5000, 'the BYE at the application')).toBe('remote-bye');
    } finally {
      await ivr.stop();
    }
  });

  it('a speed dial from the softphone switches the profile on the server and pushes it to a second signed-in client', async () => {
    await profile('dave', { name: 'Deep work', speedDial: '*66' });
    // back to another profile first, so the code has something to switch
    const dave = await harness.server.signIn('dave');
    const before = (await (await harness.server.api('/api/v1/me/snapshot', { token: dave })).json()) as { revision: number; profiles: { id: string; name: string }[] };
    const other = before.profiles.find((p) => p.name !== 'Deep work')!;
    await harness.server.api('/api/v1/me/profile-switch', { token: dave, body: { profileId: other.id } });
    const second = await openSyncSocket(harness.server.wsUrl, { token: await harness.server.signIn('dave') });
    await second.waitFor((m: ServerMessage) => m.type === 'snapshot');

    const softphone = await harness.phone('dave');
    await softphone.engine.dial('*66');
    const target = before.profiles.find((p) => p.name === 'Deep work')!;
    const pushed = await second.waitFor(
      (m: ServerMessage) => m.type === 'changes' && m.changes.some((c) => c.reason === 'profile-switch' && JSON.stringify(c.patch).includes(target.id)),
    );
    expect(pushed.type).toBe('changes');
    const effective = (await (await harness.server.api('/api/v1/me/effective', { token: dave })).json()) as { profileId: string; reason: string };
    expect(effective).toMatchObject({ profileId: target.id, reason: 'manual' });
    await second.close();
    await harness.hangUpAll();
  });

  it('a speed dial from a desk phone (baresip) switches its owner\'s profile and plays the confirmation; queue codes pause and resume', async () => {
    await profile('bob', { name: 'Front desk', speedDial: '*67' });
    const account = await harness.provisionDeskPhone('bob', 'Reception');
    const bobToken = await harness.server.signIn('bob');
    const snapshot = async () =>
      (await (await harness.server.api('/api/v1/me/snapshot', { token: bobToken })).json()) as {
        profiles: { id: string; name: string }[];
        manualChoice: { profileId: string } | null;
        queueOverrides: { status: string }[];
      };
    await harness.server.api('/api/v1/me/profile-switch', { token: bobToken, body: { profileId: (await snapshot()).profiles[0]!.id } });
    let desk: Baresip | null = null;
    try {
      desk = await startBaresip({
        user: account.device.sipUser,
        password: account.password,
        domain: account.domain,
        registrar: `${harness.pbx.host}:${harness.pbx.sipPort}`,
        debug: process.env.PBX_DEBUG === '1',
      });
      const recordings = desk.recordings().dec.length;
      const closed = desk.events.length;
      await desk.dial('*67');
      await desk.waitForEvent('CALL_CLOSED', { after: closed, timeoutMs: 20_000 });
      const after = await snapshot();
      expect(after.profiles.find((p) => p.id === after.manualChoice?.profileId)?.name).toBe('Front desk');
      // the desk phone heard the confirmation (the media component's beeps and words)
      const file = desk.recordings().dec[recordings];
      expect(file, JSON.stringify(desk.recordings())).toBeDefined();
      expect(wavLoudness(file!).seconds).toBeGreaterThan(1);
      expect(wavLoudness(file!).loudFrames).toBeGreaterThan(10);
    } finally {
      await desk?.stop();
    }

    // company codes from the plain UA as bob: pause (*20), resume (*21); each confirmed by a prompt
    const paused = await bobCalls('*20');
    expect(await withTimeout(paused.call.ended, 15_000, 'the prompt after *20')).toBe('remote-bye');
    expect(rms(asWav(paused.rtp.received), 0, 0, paused.rtp.received.length / 8000)).toBeGreaterThan(0.02);
    expect((await snapshot()).queueOverrides.map((o) => o.status)).toEqual(['paused', 'paused']);
    const resumed = await bobCalls('*21');
    await withTimeout(resumed.call.ended, 15_000, 'the prompt after *21');
    expect((await snapshot()).queueOverrides.map((o) => o.status)).toEqual(['active', 'active']);
  });
});
