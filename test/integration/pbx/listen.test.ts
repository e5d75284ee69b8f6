/**
 * Listening to voicemail by phone over the whole stack (issue 11: Kamailio, rtpengine, the
 * media component's listen script, the profile server): bob dials the company code `*98` from a
 * plain SIP UA on his own account and hears the spoken prompt, then each message after a short
 * beep, new ones first and oldest first (each message is a tone, checked by frequency in what
 * his RTP received), then the end prompt and a BYE. Messages played to their end are heard
 * afterwards (pushed to his client too); `#` skips a message (still new), `7` deletes it. A
 * user of another company dialling `*98` reaches their own (empty) mailbox, never bob's.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerMessage } from '../../../src/shared/server-api';
import { storeMessage } from '../../../src/server/services/voicemail';
import { startRtp, type RtpSession } from '../../../scripts/pbx/ua/rtp';
import { startUa, type SipUa } from '../../../scripts/pbx/ua/sipUa';
import { startSipHarness, type SipHarness } from '../../support/sipHarness';
import { eventually, sipCredentialsOf, withTimeout } from '../../support/softphones';
import { openSyncSocket } from '../../support/sync-socket';
import { rms, toneShare, toneWav, type WavSamples } from '../../support/wav';

const asWav = (pcm: Int16Array): WavSamples => ({ sampleRate: 8000, channels: 1, data: [Float32Array.from(pcm, (x) => x / 32768)] });

/** The start (s) of the first 200 ms stretch of `pcm` that is mostly the tone `hz`, or null. */
function toneAt(pcm: Int16Array, hz: number): number | null {
  for (let start = 0; start + 1600 <= pcm.length; start += 400) if (toneShare(asWav(pcm.subarray(start, start + 1600)), 0, 0, 0.2, hz) > 0.7) return start / 8000;
  return null;
}

interface MailboxView {
  messages: { id: string; heard: boolean }[];
  newCount: number;
}

describe('listening to voicemail with *98', () => {
  let harness: SipHarness;
  let ua: SipUa;
  const rtps: RtpSession[] = [];

  beforeAll(async () => {
    harness = await startSipHarness();
    ua = await startUa({ user: 'listener' });
  }, 90_000);
  afterAll(async () => {
    for (const rtp of rtps) rtp.close();
    await ua?.stop();
    await harness?.stop();
  });

  const mailbox = async (userName: string): Promise<MailboxView> =>
    (await (await harness.server.api('/api/v1/me/voicemail', { token: await harness.server.signIn(userName) })).json()) as MailboxView;
  /** A message of `seconds` of the tone `hz` in `userName`'s mailbox, as a deposit stores it. */
  const leave = async (userName: string, hz: number, seconds: number, receivedAt: string): Promise<string> => {
    const ctx = harness.server.server.ctx;
    const user = (await ctx.store.findUserBySipUser(userName))!;
    return (await storeMessage(ctx, user, { callerNumber: '+46701234567', receivedAt }, toneWav([{ hz, seconds }]))).id;
  };
  const clear = async (userName: string): Promise<void> => {
    const token = await harness.server.signIn(userName);
    for (const message of (await mailbox(userName)).messages) await harness.server.api(`/api/v1/me/voicemail/${message.id}`, { method: 'DELETE', token });
  };

  /** `userName` (as a plain SIP UA with their own credentials) dials `dialled`; the call's RTP records what they hear. */
  async function dial(userName: string, dialled: string): Promise<{ call: ReturnType<SipUa['invite']>; rtp: RtpSession }> {
    const account = await sipCredentialsOf(harness.server, userName);
    const rtp = await startRtp();
    rtps.push(rtp);
    const call = ua.invite(`sip:${dialled}@${account.domain}`, {
      from: `sip:${account.userName}@${account.domain}`,
      sdp: rtp.offer(),
      headers: { Route: `<sip:${harness.pbx.host}:${harness.pbx.sipPort};lr>` },
      credentials: { user: account.userName, ha1: account.ha1 },
    });
    const result = await withTimeout(call.result, 15_000, `the answer to ${dialled}`);
    expect(result.answered, `${dialled} was not answered`).toBe(true);
    rtp.setRemoteAnswer(call.remoteSdp!);
    return { call, rtp };
  }

  it('plays the prompt, then the new messages oldest first, each after a beep, marks them heard and hangs up', async () => {
    const older = await leave('bob', 500, 1.5, '2026-12-01T08:00:00.000Z');
    const newer = await leave('bob', 800, 1.5, '2026-12-01T09:00:00.000Z');
    const client = await openSyncSocket(harness.server.wsUrl, { token: await harness.server.signIn('bob') });
    await client.waitFor((m: ServerMessage) => m.type === 'snapshot');

    const { call, rtp } = await dial('bob', '*98');
    expect(await withTimeout(call.ended, 30_000, 'the end of the messages')).toBe('remote-bye');
    const heard = rtp.received;
    const first = toneAt(heard, 500);
    const second = toneAt(heard, 800);
    expect(first, 'the older message was heard').not.toBeNull();
    expect(second, 'the newer message was heard').not.toBeNull();
    expect(first!).toBeLessThan(second!);
    // spoken words before the first message ("You have new messages.")
    expect(first!).toBeGreaterThan(1.5);
    expect(rms(asWav(heard), 0, 0.2, 1.5)).toBeGreaterThan(0.02);
    expect(toneShare(asWav(heard), 0, 0.2, 1.5, 500)).toBeLessThan(0.3);
    // the beep (660 Hz) right before each message
    expect(toneAt(heard.subarray(Math.round((first! - 0.8) * 8000), Math.round(first! * 8000)), 660)).not.toBeNull();
    expect(toneAt(heard.subarray(Math.round((second! - 0.8) * 8000), Math.round(second! * 8000)), 660)).not.toBeNull();
    // the end prompt after the last message: sound that is not the message's tone
    const end = Math.round((second! + 1.6) * 8000);
    expect(heard.length - end).toBeGreaterThan(8000 * 0.8);
    expect(rms(asWav(heard.subarray(end)), 0, 0, (heard.length - end) / 8000)).toBeGreaterThan(0.02);

    const after = await mailbox('bob');
    expect(after.messages.filter((m) => m.id === older || m.id === newer).map((m) => m.heard)).toEqual([true, true]);
    expect(after.newCount).toBe(0);
    // bob's client was told (its badge follows the pushed mailbox)
    const pushed = await client.waitFor((m: ServerMessage) => m.type === 'voicemail' && m.mailbox.newCount === 0 && m.mailbox.heardCount >= 2);
    expect(pushed.type).toBe('voicemail');
    await client.close();
  });

  it('# skips a message (it stays new), 7 deletes the current one', async () => {
    await clear('bob');
    const skipped = await leave('bob', 500, 4, '2026-12-01T10:00:00.000Z');
    const deleted = await leave('bob', 800, 4, '2026-12-01T11:00:00.000Z');
    const { call, rtp } = await dial('bob', '*98');
    await eventually(() => toneAt(rtp.received, 500) !== null, 'the first message', 15_000);
    rtp.sendDtmf('#');
    await eventually(() => toneAt(rtp.received, 800) !== null, 'the second message after #', 10_000);
    const skippedAt = toneAt(rtp.received, 500)!;
    const nextAt = toneAt(rtp.received, 800)!;
    // skipped well before its 4 seconds were over
    expect(nextAt - skippedAt).toBeLessThan(3.5);
    rtp.sendDtmf('7');
    expect(await withTimeout(call.ended, 15_000, 'the end after 7')).toBe('remote-bye');
    const after = await mailbox('bob');
    expect(after.messages.map((m) => [m.id, m.heard])).toEqual([[skipped, false]]);
    expect(after.messages.some((m) => m.id === deleted)).toBe(false);
  });

  it("a user of another company dialling *98 hears their own empty mailbox, never bob's messages", async () => {
    await leave('bob', 600, 1.5, '2026-12-01T12:00:00.000Z');
    const before = await mailbox('bob');
    const { call, rtp } = await dial('olga', '*98');
    expect(await withTimeout(call.ended, 15_000, "the end of olga's listening")).toBe('remote-bye');
    const seconds = rtp.received.length / 8000;
    // "You have no new messages." and "End of messages.": words, and no message tone
    expect(rms(asWav(rtp.received), 0, 0, seconds)).toBeGreaterThan(0.02);
    for (const hz of [500, 600, 800]) expect(toneAt(rtp.received, hz), `${hz} Hz`).toBeNull();
    expect(await mailbox('bob')).toEqual(before);
  });
});
