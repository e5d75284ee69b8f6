/**
 * Call recording per profile on the profile server: the PBX is told to record only for users
 * whose profile in effect records calls, uploads are kept only for the users told so, and a
 * recording is served to its user and their company's admins only (two companies).
 */
import { existsSync, readdirSync as readDir } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UserSnapshot } from '../../../src/shared/model';
import { decodePbxParams } from '../../../src/shared/pbx';
import type { CompanyRecording, Recording } from '../../../src/shared/server-api';
import { startTestServer, type TestServer } from '../../support/server';
import { toneWav } from '../../support/wav';

const MAX_BYTES = 200_000;
const readdirSync = (dir: string): string[] => (existsSync(dir) ? readDir(dir) : []);

describe('profile server: call recordings', () => {
  let server: TestServer;
  const tokens: Record<string, string | undefined> = {};
  let recordingsDir: string;

  beforeAll(async () => {
    server = await startTestServer({ config: { recordingMaxBytes: MAX_BYTES, recordingSweepMinutes: 0 } });
    for (const name of ['alice', 'bob', 'carol', 'admin', 'globexadmin', 'olga']) tokens[name] = await server.signIn(name);
    recordingsDir = server.server.ctx.config.recordingsDir;
  });
  afterAll(async () => {
    await server.stop();
  });

  const pbx = (path: string, init: RequestInit = {}) =>
    fetch(`${server.url}${path}`, { ...init, headers: { 'x-pbx-secret': server.pbxSecret, ...(init.headers as Record<string, string>) } });
  const ask = async (path: string): Promise<Record<string, string>> => decodePbxParams(await (await pbx(path)).text());
  const upload = (callId: string, body: Uint8Array | string, type = 'audio/wav', startedAt?: string) =>
    pbx(`/pbx/v1/recordings?call_id=${encodeURIComponent(callId)}${startedAt ? `&started_at=${encodeURIComponent(startedAt)}` : ''}`, {
      method: 'POST',
      headers: { 'content-type': type },
      body: typeof body === 'string' ? body : new Uint8Array(body),
    });
  /** Turns recording on or off in every profile of the user (so whichever is in effect). */
  const setRecording = async (name: string, on: boolean): Promise<void> => {
    const snapshot = (await (await server.api('/api/v1/me/snapshot', { token: tokens[name] })).json()) as UserSnapshot;
    for (const { id, ...fields } of snapshot.profiles) {
      const response = await server.api(`/api/v1/me/profiles/${id}`, { method: 'PUT', token: tokens[name], body: { fields: { ...fields, recording: on } } });
      expect(response.status, await response.clone().text()).toBe(200);
    }
  };
  const list = async (name: string, scope: 'me' | 'admin'): Promise<(Recording & Partial<CompanyRecording>)[]> => {
    const response = await server.api(`/api/v1/${scope}/recordings`, { token: tokens[name] });
    expect(response.status).toBe(200);
    return (await response.json()) as Recording[];
  };
  const audioStatus = async (name: string, scope: 'me' | 'admin', id: string): Promise<number> =>
    (await server.api(`/api/v1/${scope}/recordings/${id}/audio`, { token: tokens[name] })).status;
  const wav = toneWav([{ hz: 440, seconds: 1 }, { hz: 0, seconds: 0.5 }, { hz: 880, seconds: 1 }]);

  it('with recording off nothing is recorded: record=0 in both answers and an upload is refused', async () => {
    expect(await ask('/pbx/v1/caller-id?user=bob&requested=bob&call_id=off-1&to=1001')).toMatchObject({ record: '0' });
    expect(await ask('/pbx/v1/route?from=bob&to=1001&call_id=off-1&presented=%2B46855501002')).toMatchObject({ kind: 'user', record: '0' });
    expect((await upload('off-1', wav)).status).toBe(404);
    expect(await list('alice', 'me')).toEqual([]);
    expect(await list('bob', 'me')).toEqual([]);
    expect(await list('admin', 'admin')).toEqual([]);
    expect(readdirSync(recordingsDir).filter((f) => f.endsWith('.wav'))).toEqual([]);
  });

  it("records the callee's call when the callee's profile in effect records calls, and serves it only to who may hear it", async () => {
    await setRecording('alice', true);
    // Asked without a call id (older PBX configuration), nothing is expected.
    expect(await ask('/pbx/v1/route?from=bob&to=1001')).toMatchObject({ record: '0' });
    expect(await ask('/pbx/v1/caller-id?user=bob&requested=bob&call_id=call-1&to=1001')).toMatchObject({ record: '0' });
    expect(await ask('/pbx/v1/route?from=bob&to=1001&call_id=call-1&presented=%2B46855501002')).toMatchObject({ kind: 'user', ring: 'alice', record: '1' });
    const started = '2030-01-02T10:00:00.000Z';
    const stored = await upload('call-1', wav, 'audio/wav', started);
    expect(stored.status).toBe(200);
    expect(decodePbxParams(await stored.text())).toEqual({ stored: '1' });

    const [recording] = await list('alice', 'me');
    expect(recording).toMatchObject({ sipCallId: 'call-1', direction: 'incoming', otherParty: '+46855501002', startedAt: started, sizeBytes: wav.length, contentType: 'audio/wav' });
    expect(recording?.durationSeconds).toBeCloseTo(2.5, 2);
    const id = recording!.id;

    const audio = await server.api(`/api/v1/me/recordings/${id}/audio`, { token: tokens.alice });
    expect(audio.status).toBe(200);
    expect(audio.headers.get('content-type')).toBe('audio/wav');
    expect(Buffer.from(await audio.arrayBuffer()).equals(wav)).toBe(true);

    // Bob (the other party, not recording) has none and cannot fetch alice's.
    expect(await list('bob', 'me')).toEqual([]);
    expect(await audioStatus('bob', 'me', id)).toBe(404);
    expect((await server.api(`/api/v1/me/recordings/${id}`, { method: 'DELETE', token: tokens.bob })).status).toBe(404);
    // A user is not an admin; another company's admin and user see nothing of it.
    expect(await audioStatus('bob', 'admin', id)).toBe(403);
    expect(await list('globexadmin', 'admin')).toEqual([]);
    expect(await audioStatus('globexadmin', 'admin', id)).toBe(404);
    expect(await audioStatus('globexadmin', 'me', id)).toBe(404);
    expect(await audioStatus('olga', 'me', id)).toBe(404);
    expect((await server.api(`/api/v1/admin/recordings/${id}`, { method: 'DELETE', token: tokens.globexadmin })).status).toBe(404);
    expect((await server.api(`/api/v1/me/recordings/${id}/audio`)).status).toBe(401);
    // Acme's admin lists and plays it, with whose call it was.
    expect(await list('admin', 'admin')).toEqual([expect.objectContaining({ id, userName: 'alice', userDisplayName: 'Alice Andersson', otherParty: '+46855501002' })]);
    expect(await audioStatus('admin', 'admin', id)).toBe(200);

    // A second upload of the same call finds no expectation any more.
    expect((await upload('call-1', wav)).status).toBe(404);
  });

  it('records both sides when both profiles record: one copy each, deleting one leaves the other', async () => {
    await setRecording('bob', true);
    expect(await ask('/pbx/v1/caller-id?user=bob&requested=bob&call_id=call-2&to=1001')).toMatchObject({ record: '1' });
    expect(await ask('/pbx/v1/route?from=bob&to=1001&call_id=call-2&presented=%2B46855501002')).toMatchObject({ record: '1' });
    expect(decodePbxParams(await (await upload('call-2', wav)).text())).toEqual({ stored: '2' });
    const [bobs] = await list('bob', 'me');
    expect(bobs).toMatchObject({ sipCallId: 'call-2', direction: 'outgoing', otherParty: '1001' });
    const alices = (await list('alice', 'me')).find((r) => r.sipCallId === 'call-2');
    expect(alices).toMatchObject({ direction: 'incoming' });
    expect(alices!.id).not.toBe(bobs!.id);

    expect((await server.api(`/api/v1/me/recordings/${alices!.id}`, { method: 'DELETE', token: tokens.alice })).status).toBe(200);
    expect(await audioStatus('alice', 'me', alices!.id)).toBe(404);
    expect(existsSync(join(recordingsDir, `${alices!.id}.wav`))).toBe(false);
    expect(await audioStatus('bob', 'me', bobs!.id)).toBe(200);
    // The admin deletes bob's.
    expect((await server.api(`/api/v1/admin/recordings/${bobs!.id}`, { method: 'DELETE', token: tokens.admin })).status).toBe(200);
    expect(await list('bob', 'me')).toEqual([]);
    await setRecording('bob', false);
  });

  it('does not record a call the profile forwards instead of ringing', async () => {
    const snapshot = (await (await server.api('/api/v1/me/snapshot', { token: tokens.alice })).json()) as UserSnapshot;
    const meeting = snapshot.profiles.find((p) => p.name === 'Meeting');
    await server.api('/api/v1/me/profile-switch', { token: tokens.alice, body: { profileId: meeting?.id, until: null } });
    expect(await ask('/pbx/v1/route?from=bob&to=1001&call_id=call-3')).toMatchObject({ kind: 'forward', record: '0' });
    await server.api('/api/v1/me/manual-choice/clear', { token: tokens.alice, method: 'POST' });
  });

  it('refuses uploads that are not WAV, too large, of another content type or without the PBX secret', async () => {
    await ask('/pbx/v1/route?from=bob&to=1001&call_id=call-4&presented=bob');
    expect((await upload('call-4', 'just text', 'text/plain')).status).toBe(415);
    expect((await upload('call-4', Buffer.from('RIFF....WAVEjunk'))).status).toBe(400);
    expect((await upload('call-4', toneWav([{ hz: 440, seconds: 20 }]))).status).toBe(413);
    const noSecret = await fetch(`${server.url}/pbx/v1/recordings?call_id=call-4`, { method: 'POST', headers: { 'content-type': 'audio/wav' }, body: new Uint8Array(wav) });
    expect(noSecret.status).toBe(401);
    expect(readdirSync(recordingsDir).filter((f) => !f.startsWith('.') || f.startsWith('.upload'))).toEqual(
      (await list('alice', 'me')).map((r) => `${r.id}.wav`),
    );
    // The expectation is still there: the real file is taken.
    expect(decodePbxParams(await (await upload('call-4', wav)).text())).toEqual({ stored: '1' });
  });

  it("keeps recordings for the company's retention; the sweep deletes older ones and their files", async () => {
    const patch = (token: string | undefined, days: unknown) =>
      server.api('/api/v1/admin/company', { method: 'PATCH', token, body: { recordingRetentionDays: days } });
    expect((await patch(tokens.alice, 5)).status).toBe(403);
    expect((await patch(tokens.admin, 0)).status).toBe(400);
    expect((await patch(tokens.admin, 5)).status).toBe(200);
    expect(((await (await server.api('/api/v1/admin/company', { token: tokens.admin })).json()) as { settings: { recordingRetentionDays: number } }).settings.recordingRetentionDays).toBe(5);
    expect(((await (await server.api('/api/v1/admin/company', { token: tokens.globexadmin })).json()) as { settings: { recordingRetentionDays: number } }).settings.recordingRetentionDays).toBe(90);

    const before = await list('alice', 'me');
    expect(before.length).toBe(2); // call-1 (2030-01-02) and call-4 (now)
    const ctx = server.server.ctx;
    const realNow = ctx.now;
    try {
      ctx.now = () => new Date(Date.now() + 4 * 86_400_000);
      expect(await server.server.sweepRecordings()).toBe(0);
      ctx.now = () => new Date(Date.parse('2030-01-02T10:00:00.000Z') + 5 * 86_400_000 + 1000);
      expect(await server.server.sweepRecordings()).toBe(2);
    } finally {
      ctx.now = realNow;
    }
    expect(await list('alice', 'me')).toEqual([]);
    expect(readdirSync(recordingsDir).filter((f) => f.endsWith('.wav'))).toEqual([]);
  });
});
