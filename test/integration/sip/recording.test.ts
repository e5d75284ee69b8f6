/**
 * Call recording per profile through the real PBX: Kamailio asks the real profile server,
 * which says record=1 for a user whose profile in effect records calls; rtpengine records the
 * call (pcap), the PBX's recorder mixes both directions into one WAV and uploads it. Two desk
 * phones (Debian's baresip) send distinct tones, so the file shows both sides; who may fetch
 * it is checked across users and companies; a call with recording off leaves nothing.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RunningPbx } from '../../../scripts/pbx/pbx';
import type { UserSnapshot } from '../../../src/shared/model';
import type { Recording } from '../../../src/shared/server-api';
import { startBaresip, writeToneWav, type Baresip } from '../../support/baresip';
import { startServerWithPbx } from '../../support/pbxStack';
import type { TestServer } from '../../support/server';
import { plainSipPassword, sipCredentialsOf } from '../../support/softphones';
import { readWav, rms, toneShare } from '../../support/wav';

let server: TestServer;
let pbx: RunningPbx;
let dir: string;
const cleanups: Array<() => Promise<void>> = [];

beforeAll(async () => {
  ({ server, pbx } = await startServerWithPbx());
  dir = mkdtempSync(join(tmpdir(), 'recording-test-'));
}, 90_000);

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
});

afterAll(async () => {
  await pbx?.stop();
  await server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function deskPhone(userName: string, hz: number, autoAnswer = false): Promise<Baresip> {
  const credentials = await sipCredentialsOf(server, userName);
  const sourceWav = join(dir, `${userName}-${hz}.wav`);
  writeToneWav(sourceWav, { frequency: hz, seconds: 30 });
  const phone = await startBaresip({
    user: credentials.userName,
    password: await plainSipPassword(server, credentials.userName),
    domain: credentials.domain,
    registrar: `${pbx.host}:${pbx.sipPort}`,
    autoAnswer,
    sourceWav,
    debug: process.env.PBX_DEBUG === '1',
  });
  cleanups.push(() => phone.stop());
  return phone;
}

async function setRecording(token: string, on: boolean): Promise<void> {
  const snapshot = (await (await server.api('/api/v1/me/snapshot', { token })).json()) as UserSnapshot;
  for (const { id, ...fields } of snapshot.profiles) {
    const response = await server.api(`/api/v1/me/profiles/${id}`, { method: 'PUT', token, body: { fields: { ...fields, recording: on } } });
    expect(response.status).toBe(200);
  }
}

async function recordingsOf(token: string): Promise<Recording[]> {
  return (await (await server.api('/api/v1/me/recordings', { token })).json()) as Recording[];
}

async function eventually<T>(probe: () => Promise<T | null>, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== null) return value;
    if (Date.now() > deadline) throw new Error(`${what} within ${timeoutMs} ms\n${pbx.recentLog()}`);
    await new Promise((wake) => setTimeout(wake, 250));
  }
}

/** carol (600 Hz) calls bob (1500 Hz, answers at once); the call lasts `seconds`. */
async function call(seconds: number): Promise<void> {
  const carol = await deskPhone('carol', 600);
  await deskPhone('bob', 1500, true);
  await carol.dial(server.company.users.bob!.numbers!.extension!);
  await carol.waitForEvent('CALL_ESTABLISHED', { timeoutMs: 15_000 });
  await new Promise((wake) => setTimeout(wake, seconds * 1000));
  await carol.hangUp();
  await carol.waitForEvent('CALL_CLOSED', { timeoutMs: 10_000 });
}

describe('call recording through rtpengine', () => {
  it('records a call of a user whose profile records calls: both sides in one file, for that user only', async () => {
    const carolToken = await server.signIn('carol');
    const bobToken = await server.signIn('bob');
    await setRecording(carolToken, true);
    try {
      await call(3);
      const recording = await eventually(async () => (await recordingsOf(carolToken))[0] ?? null, 'no recording reached the server');
      expect(recording).toMatchObject({ direction: 'outgoing', otherParty: server.company.users.bob!.numbers!.extension!, contentType: 'audio/wav' });
      expect(recording.durationSeconds).toBeGreaterThan(2);
      expect(recording.durationSeconds).toBeLessThan(6);

      const audio = await server.api(`/api/v1/me/recordings/${recording.id}/audio`, { token: carolToken });
      expect(audio.status).toBe(200);
      const wav = readWav(Buffer.from(await audio.arrayBuffer()));
      const from = 0.5;
      const to = recording.durationSeconds - 0.5;
      const shares = { carol: toneShare(wav, 0, from, to, 600), bob: toneShare(wav, 0, from, to, 1500) };
      console.info(`recording: ${recording.durationSeconds.toFixed(2)} s, rms ${rms(wav, 0, from, to).toFixed(3)}, share of 600 Hz (carol) ${shares.carol.toFixed(2)}, 1500 Hz (bob) ${shares.bob.toFixed(2)}`);
      expect(rms(wav, 0, from, to)).toBeGreaterThan(0.05);
      // Both tones are in the mixed file, each a large part of its energy.
      expect(shares.carol).toBeGreaterThan(0.2);
      expect(shares.bob).toBeGreaterThan(0.2);

      // bob (recording off) has none and cannot fetch carol's; another company's admin neither.
      expect(await recordingsOf(bobToken)).toEqual([]);
      expect((await server.api(`/api/v1/me/recordings/${recording.id}/audio`, { token: bobToken })).status).toBe(404);
      const globexAdmin = await server.signIn('globexadmin');
      expect((await server.api(`/api/v1/admin/recordings/${recording.id}/audio`, { token: globexAdmin })).status).toBe(404);
      const acmeAdmin = await server.signIn('admin');
      expect((await server.api(`/api/v1/admin/recordings/${recording.id}/audio`, { token: acmeAdmin })).status).toBe(200);
    } finally {
      await setRecording(carolToken, false);
    }
  }, 90_000);

  it('records nothing when the profile in effect does not record calls', async () => {
    const carolToken = await server.signIn('carol');
    const before = (await recordingsOf(carolToken)).length;
    const uploads = pbx.recorder!.results.size;
    await call(2);
    // Give a recording every chance to arrive: the recorder scans its spool now and then.
    await new Promise((wake) => setTimeout(wake, 3000));
    await pbx.recorder!.scan();
    expect(pbx.recorder!.results.size).toBe(uploads);
    expect((await recordingsOf(carolToken)).length).toBe(before);
    expect(await recordingsOf(await server.signIn('bob'))).toEqual([]);
  }, 60_000);
});
