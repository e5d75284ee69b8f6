/**
 * Voicemail on the profile server: messages stored through the service (as the PBX's media
 * component does), listed, played, marked heard and deleted by their user only (two companies),
 * pushed live to the user's sockets; greetings uploaded as any WAV and kept as 8 kHz mono, bad
 * uploads refused with the problem named and the stored greeting unchanged; the default greeting
 * in the user's language; the change hook; retention.
 */
import { existsSync, readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import wavefile from 'wavefile';
import type { Mailbox, ServerMessage, VoicemailMessage } from '../../../src/shared/server-api';
import { greetingFor, onMailboxChange, storeMessage, sweepVoicemail, type MailboxChange } from '../../../src/server/services/voicemail';
import { openSyncSocket, type SyncSocket } from '../../support/sync-socket';
import { startTestServer, type TestServer } from '../../support/server';
import { readWav, toneShare, toneWav } from '../../support/wav';

type VoicemailPush = Extract<ServerMessage, { type: 'voicemail' }>;
const isVoicemail = (m: ServerMessage): m is VoicemailPush => m.type === 'voicemail';

/** A WAV of `seconds` of a tone at `rate` with `channels` channels, 16-bit unless `bitDepth` says. */
function wavOf(seconds: number, rate: number, channels: number, hz = 440, bitDepth = '16'): Buffer {
  const n = Math.round(seconds * rate);
  const channel = Array.from({ length: n }, (_, i) => Math.round(12_000 * Math.sin((2 * Math.PI * hz * i) / rate)));
  const file = new wavefile.WaveFile();
  file.fromScratch(channels, rate, '16', channels === 1 ? channel : Array.from({ length: channels }, () => channel));
  if (bitDepth !== '16') file.toBitDepth(bitDepth);
  return Buffer.from(file.toBuffer());
}

describe('profile server: voicemail', () => {
  let server: TestServer;
  const tokens: Record<string, string> = {};
  const changes: MailboxChange[] = [];

  beforeAll(async () => {
    server = await startTestServer({ config: { recordingSweepMinutes: 0, voicemailRetentionDays: 30 } });
    for (const name of ['alice', 'bob', 'olga', 'globexadmin']) tokens[name] = await server.signIn(name);
    onMailboxChange(server.server.ctx, (change) => void changes.push(change));
  });
  afterAll(async () => {
    await server.stop();
  });

  const ctx = () => server.server.ctx;
  const userOf = async (name: string) => (await ctx().store.findUserBySipUser(name))!;
  const mailbox = async (name: string): Promise<Mailbox> => {
    const response = await server.api('/api/v1/me/voicemail', { token: tokens[name] });
    expect(response.status).toBe(200);
    return (await response.json()) as Mailbox;
  };
  const status = async (name: string, path: string, method = 'GET', body?: unknown): Promise<number> =>
    (await server.api(path, { method, token: tokens[name], body })).status;
  const putGreeting = (name: string, bytes: Buffer | string, type = 'audio/wav') =>
    fetch(`${server.url}/api/v1/me/voicemail/greeting`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${tokens[name]}`, 'content-type': type },
      body: typeof bytes === 'string' ? bytes : new Uint8Array(bytes),
    });
  const greetingBytes = async (name: string): Promise<Buffer> => {
    const response = await server.api('/api/v1/me/voicemail/greeting', { token: tokens[name] });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('audio/wav');
    return Buffer.from(await response.arrayBuffer());
  };
  const voicemailFiles = () => (existsSync(ctx().config.voicemailDir) ? readdirSync(ctx().config.voicemailDir) : []);

  const callerAudio = toneWav([{ hz: 700, seconds: 2 }, { hz: 0, seconds: 0.5 }]);
  let message: VoicemailMessage;

  it('stores a message for its user only and pushes the mailbox to their sockets, not to others', async () => {
    const alices = await openSyncSocket(server.wsUrl, { token: tokens.alice! });
    const olgas = await openSyncSocket(server.wsUrl, { token: tokens.olga! });
    let sockets: SyncSocket[] = [alices, olgas];
    try {
      // Every hello's answer is followed by the mailbox as it is.
      const first = await alices.waitFor(isVoicemail);
      expect(first.mailbox).toMatchObject({ messages: [], newCount: 0, heardCount: 0, greeting: { custom: false, updatedAt: null } });
      expect(first.mailbox.greeting.durationSeconds).toBeGreaterThan(2);
      await olgas.waitFor(isVoicemail);

      message = await storeMessage(
        ctx(),
        await userOf('alice'),
        { callerNumber: '+46701234567', callerName: 'Kim Caller', calledNumber: '+46855501001', sipCallId: 'vm-call-1' },
        callerAudio,
      );
      expect(message).toMatchObject({ callerNumber: '+46701234567', callerName: 'Kim Caller', calledNumber: '+46855501001', heard: false });
      expect(message.durationSeconds).toBeCloseTo(2.5, 2);

      const pushed = await alices.waitFor((m): m is VoicemailPush => isVoicemail(m) && m.mailbox.newCount === 1);
      expect(pushed.mailbox.messages).toEqual([message]);
      expect(changes.at(-1)).toEqual({ userId: (await userOf('alice')).id, companyId: 'acme', newCount: 1, heardCount: 0 });
      // Olga (another company) got her own mailbox once, nothing of alice's.
      expect(olgas.messages.filter(isVoicemail).map((m) => m.mailbox.messages)).toEqual([[]]);
    } finally {
      for (const socket of sockets) await socket.close();
      sockets = [];
    }

    expect(await mailbox('alice')).toMatchObject({ messages: [message], newCount: 1, heardCount: 0 });
    expect((await mailbox('bob')).messages).toEqual([]);
    expect((await mailbox('olga')).messages).toEqual([]);
  });

  it("serves a message's audio to its user; everyone else, in either company, gets 404 and changes nothing", async () => {
    const audio = await server.api(`/api/v1/me/voicemail/${message.id}/audio`, { token: tokens.alice });
    expect(audio.status).toBe(200);
    expect(audio.headers.get('content-type')).toBe('audio/wav');
    const bytes = Buffer.from(await audio.arrayBuffer());
    expect(bytes.equals(callerAudio)).toBe(true);
    expect(toneShare(readWav(bytes), 0, 0.2, 1.8, 700)).toBeGreaterThan(0.8);

    for (const name of ['bob', 'olga', 'globexadmin']) {
      expect(await status(name, `/api/v1/me/voicemail/${message.id}/audio`)).toBe(404);
      expect(await status(name, `/api/v1/me/voicemail/${message.id}/heard`, 'PUT', { heard: true })).toBe(404);
      expect(await status(name, `/api/v1/me/voicemail/${message.id}`, 'DELETE')).toBe(404);
    }
    expect((await server.api(`/api/v1/me/voicemail/${message.id}/audio`)).status).toBe(401);
    expect((await server.api('/api/v1/me/voicemail')).status).toBe(401);
    expect(await mailbox('alice')).toMatchObject({ newCount: 1, messages: [{ id: message.id, heard: false }] });
  });

  it('marks heard and new again, with the counts pushed each time; a bad body is a 400 naming the field', async () => {
    const socket = await openSyncSocket(server.wsUrl, { token: tokens.alice! });
    try {
      await socket.waitFor(isVoicemail);
      const heard = await server.api(`/api/v1/me/voicemail/${message.id}/heard`, { method: 'PUT', token: tokens.alice, body: { heard: true } });
      expect(heard.status).toBe(200);
      expect(await heard.json()).toMatchObject({ id: message.id, heard: true });
      const pushed = await socket.waitFor((m): m is VoicemailPush => isVoicemail(m) && m.mailbox.heardCount === 1);
      expect(pushed.mailbox).toMatchObject({ newCount: 0, heardCount: 1, messages: [{ id: message.id, heard: true }] });
      expect(changes.at(-1)).toMatchObject({ newCount: 0, heardCount: 1 });

      const bad = await server.api(`/api/v1/me/voicemail/${message.id}/heard`, { method: 'PUT', token: tokens.alice, body: { heard: 'yes' } });
      expect(bad.status).toBe(400);
      expect(((await bad.json()) as { message: string }).message).toMatch(/heard/);
      expect(await status('alice', `/api/v1/me/voicemail/${'x'.repeat(65)}/heard`, 'PUT', { heard: true })).toBe(400);

      expect(await status('alice', `/api/v1/me/voicemail/${message.id}/heard`, 'PUT', { heard: false })).toBe(200);
      await socket.waitFor((m): m is VoicemailPush => isVoicemail(m) && m.mailbox.newCount === 1 && m.mailbox.heardCount === 0);
    } finally {
      await socket.close();
    }
  });

  it('deletes a message with its file', async () => {
    const second = await storeMessage(ctx(), await userOf('alice'), { callerNumber: 'bob', callerName: 'Bob Berg' }, callerAudio);
    expect(voicemailFiles().filter((f) => f.endsWith('.wav'))).toHaveLength(2);
    expect(await status('alice', `/api/v1/me/voicemail/${second.id}`, 'DELETE')).toBe(200);
    expect(await status('alice', `/api/v1/me/voicemail/${second.id}/audio`)).toBe(404);
    expect(voicemailFiles().filter((f) => f.endsWith('.wav'))).toHaveLength(1);
    expect((await mailbox('alice')).messages.map((m) => m.id)).toEqual([message.id]);
  });

  it('refuses a message that is not WAV', async () => {
    await expect(storeMessage(ctx(), await userOf('bob'), { callerNumber: 'x' }, Buffer.from('not audio'))).rejects.toThrow(/not a WAV/);
    expect((await mailbox('bob')).messages).toEqual([]);
  });

  it('plays the default greeting in the user’s language until they upload their own', async () => {
    const english = await greetingFor(ctx(), await userOf('alice'));
    expect(english.custom).toBe(false);
    const olga = await userOf('olga');
    await ctx().store.write((tx) => tx.updateUser({ ...olga, language: 'sv' }));
    const swedish = await greetingFor(ctx(), await userOf('olga'));
    expect(swedish.custom).toBe(false);
    expect(swedish.wav.equals(english.wav)).toBe(false);
    for (const wav of [english.wav, swedish.wav]) {
      const samples = readWav(wav);
      expect(samples).toMatchObject({ sampleRate: 8000, channels: 1 });
      expect(samples.data[0]!.length / 8000).toBeGreaterThan(2);
    }
    expect((await greetingBytes('olga')).equals(swedish.wav)).toBe(true);
  });

  it('keeps an uploaded 44.1 kHz stereo greeting as 8 kHz mono and plays it to callers', async () => {
    const upload = await putGreeting('alice', wavOf(3, 44_100, 2, 500));
    expect(upload.status, await upload.clone().text()).toBe(200);
    const info = (await upload.json()) as Mailbox['greeting'];
    expect(info.custom).toBe(true);
    expect(info.durationSeconds).toBeCloseTo(3, 1);

    const stored = await greetingFor(ctx(), await userOf('alice'));
    expect(stored.custom).toBe(true);
    const samples = readWav(stored.wav);
    expect(samples).toMatchObject({ sampleRate: 8000, channels: 1 });
    expect(samples.data[0]!.length / 8000).toBeCloseTo(3, 1);
    expect(toneShare(samples, 0, 0.5, 2.5, 500)).toBeGreaterThan(0.8);
    expect((await greetingBytes('alice')).equals(stored.wav)).toBe(true);
    expect((await mailbox('alice')).greeting).toMatchObject({ custom: true });
    // Someone else's greeting is untouched.
    expect((await greetingFor(ctx(), await userOf('bob'))).custom).toBe(false);

    // Float and A-law files are converted too; each replaces the previous file.
    const before = voicemailFiles().length;
    expect((await putGreeting('alice', wavOf(1, 16_000, 1, 500, '32f'))).status).toBe(200);
    expect(voicemailFiles().length).toBe(before);
    const alaw = new wavefile.WaveFile(wavOf(1.5, 8000, 1, 500));
    alaw.toALaw();
    expect((await putGreeting('alice', Buffer.from(alaw.toBuffer()))).status).toBe(200);
    expect(toneShare(readWav((await greetingFor(ctx(), await userOf('alice'))).wav), 0, 0.3, 1.2, 500)).toBeGreaterThan(0.8);
  });

  it('refuses bad greeting uploads with a 4xx naming the problem and keeps the stored greeting', async () => {
    const kept = await greetingBytes('alice');
    const files = voicemailFiles();
    const cases: { body: Buffer | string; type?: string; status: number; message: RegExp; key?: string }[] = [
      { body: 'hello, not audio', status: 400, message: /not a WAV file/, key: 'voicemail.greeting.notWav' },
      { body: wavOf(61, 8000, 1), status: 400, message: /61 seconds long; at most 60/, key: 'voicemail.greeting.tooLong' },
      { body: wavOf(0.2, 8000, 1), status: 400, message: /at least 0.5 seconds/, key: 'voicemail.greeting.tooShort' },
      { body: Buffer.concat([wavOf(1, 8000, 1).subarray(0, 36), Buffer.from('data'), Buffer.alloc(4), Buffer.alloc(20)]), status: 400, message: /./ },
      { body: Buffer.alloc(17 * 1024 * 1024, 1), status: 413, message: /larger than 16 MB/, key: 'voicemail.greeting.tooLarge' },
      { body: '{"greeting":1}', type: 'application/json', status: 415, message: /WAV file/ },
    ];
    for (const c of cases) {
      const response = await putGreeting('alice', c.body, c.type);
      const answer = (await response.json()) as { message: string; text?: { key: string } };
      expect(response.status, answer.message).toBe(c.status);
      expect(answer.message).toMatch(c.message);
      if (c.key) expect(answer.text?.key).toBe(c.key);
      expect((await greetingBytes('alice')).equals(kept)).toBe(true);
    }
    expect(voicemailFiles()).toEqual(files);
    // Nobody changes a greeting without signing in.
    expect((await fetch(`${server.url}/api/v1/me/voicemail/greeting`, { method: 'PUT', headers: { 'content-type': 'audio/wav' }, body: new Uint8Array(wavOf(1, 8000, 1)) })).status).toBe(401);
  });

  it('goes back to the default greeting', async () => {
    const response = await server.api('/api/v1/me/voicemail/greeting', { method: 'DELETE', token: tokens.alice });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ custom: false, updatedAt: null });
    expect((await greetingFor(ctx(), await userOf('alice'))).custom).toBe(false);
  });

  it('deletes messages past the retention and tells the mailbox', async () => {
    const alice = await userOf('alice');
    const old = await storeMessage(ctx(), alice, { callerNumber: '+4631000000', receivedAt: new Date(Date.now() - 40 * 86_400_000).toISOString() }, callerAudio);
    expect((await mailbox('alice')).messages.map((m) => m.id)).toContain(old.id);
    expect(await sweepVoicemail(ctx())).toBe(1);
    expect((await mailbox('alice')).messages.map((m) => m.id)).toEqual([message.id]);
    expect(changes.at(-1)).toMatchObject({ userId: alice.id, newCount: 1 });
  });
});
