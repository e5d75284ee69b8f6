/**
 * The media component (scripts/pbx/media) on its own: a stand-in profile server on loopback
 * (an HTTP server answering the /pbx/v1/voicemail questions as the real one does and noting
 * what it got) and a PBX-side UA calling the component directly, as Kamailio relays calls to it.
 * Checks the voicemail script step by step (greeting, beep, recording ended by hang-up,
 * silence and maximum length, the upload's fields), refusals (unknown script, unknown mailbox)
 * and message-waiting indication (SUBSCRIBE signed as by the PBX, NOTIFYs on changes, refresh,
 * unsubscribe; unsigned SUBSCRIBEs refused). The whole stack is voicemail.test.ts's.
 */
import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startMedia, type RunningMedia } from '../../../scripts/pbx/media/media';
import { concatPcm, pcmFromWav, silence, tone, wavFromPcm } from '../../../scripts/pbx/ua/audio';
import { startRtp, type RtpSession } from '../../../scripts/pbx/ua/rtp';
import { startUa, type SipRequest, type SipUa } from '../../../scripts/pbx/ua/sipUa';
import { eventually } from '../../support/softphones';
import { toneShare, type WavSamples } from '../../support/wav';

const SECRET = 'media-test-secret-0123456789';
const asWav = (pcm: Int16Array): WavSamples => ({ sampleRate: 8000, channels: 1, data: [Float32Array.from(pcm, (x) => x / 32768)] });

interface Deposit {
  query: URLSearchParams;
  pcm: Int16Array;
}

/** The profile server's PBX area as far as the media component asks it. */
function fakeProfileServer(): { server: Server; url: () => string; deposits: Deposit[]; change(accounts: string[], newCount: number, heardCount: number): void; counts: Map<string, [number, number]> } {
  const deposits: Deposit[] = [];
  const counts = new Map<string, [number, number]>([['desk-1', [0, 0]]]);
  const feed: { seq: number; accounts: string[]; newCount: number; heardCount: number }[] = [];
  const waiters: (() => void)[] = [];
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://x');
    const json = (status: number, body: unknown): void => {
      response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    };
    if (request.headers['x-pbx-secret'] !== SECRET) return json(401, {});
    if (url.pathname === '/pbx/v1/voicemail/greeting') {
      if (!url.searchParams.get('target')?.startsWith('vm-known-')) return json(404, {});
      response.writeHead(200, { 'content-type': 'audio/wav' }).end(wavFromPcm(tone(600, 1000)));
      return;
    }
    if (url.pathname === '/pbx/v1/voicemail' && request.method === 'POST') {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        deposits.push({ query: url.searchParams, pcm: pcmFromWav(Buffer.concat(chunks)) });
        json(200, { stored: 1, id: 'm1' });
      });
      return;
    }
    if (url.pathname === '/pbx/v1/voicemail/summary') {
      const found = counts.get(url.searchParams.get('account') ?? '');
      return found ? json(200, { newCount: found[0], heardCount: found[1] }) : json(404, {});
    }
    if (url.pathname === '/pbx/v1/voicemail/changes') {
      const after = url.searchParams.get('after');
      const answer = (): void => {
        const since = Number(after);
        json(200, { seq: feed.length, reset: after === null, changes: after === null ? [] : feed.filter((e) => e.seq > since) });
      };
      if (after !== null && Number(after) === feed.length) {
        const timer = setTimeout(answer, 20_000);
        waiters.push(() => {
          clearTimeout(timer);
          answer();
        });
        response.on('close', () => clearTimeout(timer));
        return;
      }
      return answer();
    }
    json(404, {});
  });
  return {
    server,
    url: () => `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    deposits,
    counts,
    change(accounts, newCount, heardCount) {
      for (const account of accounts) counts.set(account, [newCount, heardCount]);
      feed.push({ seq: feed.length + 1, accounts, newCount, heardCount });
      for (const wake of waiters.splice(0)) wake();
    },
  };
}

describe('the media component', () => {
  const profile = fakeProfileServer();
  let media: RunningMedia;
  let caller: SipUa;
  const sessions: RtpSession[] = [];

  beforeAll(async () => {
    await new Promise<void>((resolve) => profile.server.listen(0, '127.0.0.1', resolve));
    media = await startMedia({
      profileServerUrl: profile.url(),
      pbxSecret: SECRET,
      domain: 'test.local',
      voicemail: { maxSeconds: 3, silenceSeconds: 1.5 },
      log: process.env.PBX_DEBUG === '1' ? (line) => process.stderr.write(`[media] ${line}\n`) : undefined,
    });
    caller = await startUa({ user: 'pbx', passUnknownDialogs: true });
  });
  afterEach(() => {
    for (const session of sessions.splice(0)) session.close();
  });
  afterAll(async () => {
    await caller?.stop();
    await media?.stop();
    await new Promise((resolve) => profile.server.close(resolve));
  });

  async function call(target: string): Promise<{ rtp: RtpSession; call: ReturnType<SipUa['invite']> }> {
    const rtp = await startRtp();
    sessions.push(rtp);
    const outgoing = caller.invite(`sip:${target}@${media.address}`, {
      sdp: rtp.offer(),
      from: '"Alice Andersson" <sip:+46855501001@test.local>',
      headers: { 'P-Asserted-Identity': '"Alice Andersson" <sip:+46855501001@test.local>', 'X-Called-Number': '1002' },
    });
    return { rtp, call: outgoing };
  }

  it('plays the greeting and the beep, records the caller until they hang up, and uploads it', async () => {
    const { rtp, call: outgoing } = await call('vm-known-abc-sig');
    const result = await outgoing.result;
    expect(result.answered).toBe(true);
    rtp.setRemoteAnswer(outgoing.remoteSdp!);
    // greeting 1 s + 0.2 s pause + 0.4 s beep
    await eventually(() => rtp.received.length >= 1.6 * 8000, 'greeting and beep', 5000);
    const heard = asWav(rtp.received);
    expect(toneShare(heard, 0, 0.1, 0.9, 600)).toBeGreaterThan(0.9);
    expect(toneShare(heard, 0, 1.25, 1.55, 1000)).toBeGreaterThan(0.9);
    await rtp.play(tone(440, 1000));
    await outgoing.hangUp();
    await eventually(() => profile.deposits.length === 1, 'the upload');
    const [deposit] = profile.deposits;
    expect(deposit!.query.get('target')).toBe('vm-known-abc-sig');
    expect(deposit!.query.get('call_id')).toBe(outgoing.callId);
    expect(deposit!.query.get('caller')).toBe('+46855501001');
    expect(deposit!.query.get('caller_name')).toBe('Alice Andersson');
    expect(deposit!.query.get('called')).toBe('1002');
    expect(Date.parse(deposit!.query.get('started_at')!)).toBeGreaterThan(Date.now() - 10_000);
    const seconds = deposit!.pcm.length / 8000;
    expect(seconds).toBeGreaterThan(0.8);
    expect(seconds).toBeLessThan(1.6);
    expect(toneShare(asWav(deposit!.pcm), 0, 0.1, 0.8, 440)).toBeGreaterThan(0.9);
  });

  it('ends the message after silence (cut off), at the maximum length and on #, with a BYE', async () => {
    const quiet = await call('vm-known-abc-sig');
    await quiet.call.result;
    quiet.rtp.setRemoteAnswer(quiet.call.remoteSdp!);
    await eventually(() => quiet.rtp.received.length >= 1.6 * 8000, 'the beep', 5000);
    await quiet.rtp.play(concatPcm(tone(440, 500), silence(2500)));
    expect(await quiet.call.ended).toBe('remote-bye');
    await eventually(() => profile.deposits.length === 2, 'the second upload');
    const cut = profile.deposits[1]!.pcm.length / 8000;
    expect(cut).toBeLessThan(1.5);

    const long = await call('vm-known-abc-sig');
    await long.call.result;
    long.rtp.setRemoteAnswer(long.call.remoteSdp!);
    await eventually(() => long.rtp.received.length >= 1.6 * 8000, 'the beep', 5000);
    void long.rtp.play(tone(440, 6000));
    expect(await long.call.ended).toBe('remote-bye');
    await eventually(() => profile.deposits.length === 3, 'the third upload');
    expect(profile.deposits[2]!.pcm.length / 8000).toBeLessThanOrEqual(3);

    const hash = await call('vm-known-abc-sig');
    await hash.call.result;
    hash.rtp.setRemoteAnswer(hash.call.remoteSdp!);
    await eventually(() => hash.rtp.received.length >= 1.6 * 8000, 'the beep', 5000);
    await hash.rtp.play(tone(440, 800));
    hash.rtp.sendDtmf('#');
    expect(await hash.call.ended).toBe('remote-bye');
    await eventually(() => profile.deposits.length === 4, 'the upload after #');
    expect(profile.deposits[3]!.pcm.length / 8000).toBeLessThan(1.5);
  });

  it('refuses a target for an unknown script or mailbox, and leaves nothing for a hang-up before the beep', async () => {
    const unknownScript = await call('zz-known-abc-sig');
    expect(await unknownScript.call.result).toMatchObject({ answered: false, status: 404 });
    const unknownMailbox = await call('vm-nobody-sig');
    expect(await unknownMailbox.call.result).toMatchObject({ answered: false, status: 404 });
    const early = await call('vm-known-abc-sig');
    await early.call.result;
    await early.call.hangUp();
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(profile.deposits).toHaveLength(4);
  });

  it('notifies message-summary subscriptions signed by the PBX, on changes, refresh and unsubscribe', async () => {
    const notifies: SipRequest[] = [];
    caller.on('request', (request, respond) => {
      if (request.method === 'NOTIFY') notifies.push(request);
      respond(200, 'OK');
    });
    const callId = `mwi-${Date.now()}@test`;
    const signature = createHmac('sha256', SECRET).update(`${callId}|desk-1`).digest('base64url');
    const unsigned = await caller.request('SUBSCRIBE', `sip:desk-1@${media.address}`, { callId: 'other@test', headers: { Event: 'message-summary', Expires: '600', 'X-Media-Auth': signature } });
    expect(unsigned.status).toBe(403);

    const response = await caller.request('SUBSCRIBE', `sip:desk-1@${media.address}`, { callId, headers: { Event: 'message-summary', Expires: '600', 'X-Media-Auth': signature } });
    expect(response.status).toBe(200);
    expect(response.headers.expires).toBe('600');
    await eventually(() => notifies.length === 1, 'the first NOTIFY');
    expect(notifies[0]!.content).toContain('Messages-Waiting: no');
    expect(notifies[0]!.headers['subscription-state']).toMatch(/^active;expires=/);

    profile.change(['bob', 'desk-1'], 2, 1);
    await eventually(() => notifies.length === 2, 'the NOTIFY after a change');
    expect(notifies[1]!.content).toContain('Messages-Waiting: yes');
    expect(notifies[1]!.content).toContain('Message-Account: sip:desk-1@test.local');
    expect(notifies[1]!.content).toContain('Voice-Message: 2/1 (0/0)');
    profile.change(['carol'], 5, 0);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(notifies).toHaveLength(2);
    expect(media.mwi.accounts()).toEqual(['desk-1']);

    // unsubscribe inside the dialog: a final NOTIFY, and no more
    const toTag = String(response.headers.to.params.tag);
    const fromTag = notifies[0]!.headers.to.params.tag;
    const unsubscribe = await caller.request('SUBSCRIBE', `sip:media@${media.address}`, {
      callId,
      headers: { Event: 'message-summary', Expires: '0' },
      to: `<sip:desk-1@${media.address}>;tag=${toTag}`,
      from: `<sip:pbx@127.0.0.1>;tag=${String(fromTag)}`,
    });
    expect(unsubscribe.status).toBe(200);
    await eventually(() => notifies.length === 3, 'the final NOTIFY');
    expect(notifies[2]!.headers['subscription-state']).toMatch(/^terminated/);
    expect(media.mwi.accounts()).toEqual([]);
    caller.removeAllListeners('request');
  });
});
