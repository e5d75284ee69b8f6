/**
 * Listening to voicemail by phone, the profile server's side (services/pbx-listen.ts, the
 * listen routes in routes/pbx-voicemail.ts), with two companies: `*98` dialled by a user gives
 * a listen target for that user's mailbox and that call only; the list, the audio, heard and
 * delete answer only that target and Call-ID, and only for that user's messages (another
 * company's message, or the deposit target of the same call, is not found).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodePbxParams } from '../../../src/shared/pbx';
import { storeMessage } from '../../../src/server/services/voicemail';
import { startTestServer, type TestServer } from '../../support/server';
import { readWav, toneShare, toneWav } from '../../support/wav';

describe('profile server: listening to voicemail for the PBX', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server?.stop();
  });

  const pbx = (path: string, init: RequestInit = {}): Promise<Response> =>
    fetch(`${server.url}${path}`, { ...init, headers: { 'x-pbx-secret': server.pbxSecret, ...(init.headers as Record<string, string> | undefined) } });
  const route = async (query: string): Promise<Record<string, string>> => decodePbxParams(await (await pbx(`/pbx/v1/route?${query}`)).text());
  const q = (target: string, callId: string, message?: string): string =>
    `target=${encodeURIComponent(target)}&call_id=${encodeURIComponent(callId)}${message ? `&message=${encodeURIComponent(message)}` : ''}`;
  const leave = async (userName: string, hz: number, receivedAt: string): Promise<string> => {
    const ctx = server.server.ctx;
    const user = (await ctx.store.findUserBySipUser(userName))!;
    return (await storeMessage(ctx, user, { callerNumber: '+46701234567', receivedAt }, toneWav([{ hz, seconds: 1 }]))).id;
  };
  const mailbox = async (userName: string): Promise<{ messages: { id: string; heard: boolean }[]; newCount: number }> =>
    (await (await server.api('/api/v1/me/voicemail', { token: await server.signIn(userName) })).json()) as never;

  it('*98 gives the caller a listen target for their own mailbox; the list is new first, oldest first', async () => {
    const bob = server.company.users.bob!;
    const olga = server.otherCompany.users.olga!;
    const older = await leave('bob', 500, '2026-12-01T08:00:00.000Z');
    const newer = await leave('bob', 700, '2026-12-01T09:00:00.000Z');
    const heardOne = await leave('bob', 900, '2026-12-01T07:00:00.000Z');
    await server.api(`/api/v1/me/voicemail/${heardOne}/heard`, { method: 'PUT', token: await server.signIn('bob'), body: { heard: true } });
    const olgas = await leave('olga', 300, '2026-12-01T08:30:00.000Z');

    const answer = await route('from=bob&to=*98&call_id=listen-1');
    expect(answer).toMatchObject({ kind: 'media' });
    expect(answer.target).toMatch(new RegExp(`^listen-${bob.id}-[0-9a-f]{32}$`));
    const olgaAnswer = await route('from=olga&to=*98&call_id=listen-2');
    expect(olgaAnswer.target).toMatch(new RegExp(`^listen-${olga.id}-`));

    const list = await pbx(`/pbx/v1/voicemail/listen?${q(answer.target!, 'listen-1')}`);
    expect(list.status).toBe(200);
    expect(await list.json()).toEqual({
      language: 'en',
      messages: [
        { id: older, heard: false, durationSeconds: 1 },
        { id: newer, heard: false, durationSeconds: 1 },
        { id: heardOne, heard: true, durationSeconds: 1 },
      ],
    });
    const audio = await pbx(`/pbx/v1/voicemail/listen/audio?${q(answer.target!, 'listen-1', newer)}`);
    expect(audio.status).toBe(200);
    expect(audio.headers.get('content-type')).toContain('audio/wav');
    expect(toneShare(readWav(Buffer.from(await audio.arrayBuffer())), 0, 0.1, 0.9, 700)).toBeGreaterThan(0.9);

    // never another mailbox: olga's message through bob's target, bob's target in olga's call
    expect((await pbx(`/pbx/v1/voicemail/listen/audio?${q(answer.target!, 'listen-1', olgas)}`)).status).toBe(404);
    expect((await pbx(`/pbx/v1/voicemail/listen/heard?${q(answer.target!, 'listen-1', olgas)}`, { method: 'POST' })).status).toBe(404);
    expect((await pbx(`/pbx/v1/voicemail/listen/delete?${q(answer.target!, 'listen-1', olgas)}`, { method: 'POST' })).status).toBe(404);
    expect((await pbx(`/pbx/v1/voicemail/listen?${q(answer.target!, 'listen-2')}`)).status).toBe(404);
    expect((await pbx(`/pbx/v1/voicemail/listen/audio?${q(olgaAnswer.target!, 'listen-2', older)}`)).status).toBe(404);
    // a forged target, and the deposit target of a voicemail call, are not listen targets
    expect((await pbx(`/pbx/v1/voicemail/listen?${q(`listen-${bob.id}-00000000000000000000000000000000`, 'listen-1')}`)).status).toBe(404);
    await route('from=alice&to=1002&busy=0&call_id=deposit-1');
    const deposit = await route('from=alice&to=voicemail&busy=0&call_id=deposit-1&via=1002');
    expect(deposit.kind).toBe('media');
    expect((await pbx(`/pbx/v1/voicemail/listen?${q(deposit.target!, 'deposit-1')}`)).status).toBe(404);
    // and a listen target gives no greeting nor deposit
    expect((await pbx(`/pbx/v1/voicemail/greeting?${q(answer.target!, 'listen-1')}`)).status).toBe(404);
    // without the PBX secret: refused
    expect((await fetch(`${server.url}/pbx/v1/voicemail/listen?${q(answer.target!, 'listen-1')}`)).status).toBe(401);
    expect((await mailbox('olga')).messages.map((m) => m.id)).toEqual([olgas]);

    // heard and delete change bob's mailbox only
    expect((await pbx(`/pbx/v1/voicemail/listen/heard?${q(answer.target!, 'listen-1', older)}`, { method: 'POST' })).status).toBe(200);
    expect((await pbx(`/pbx/v1/voicemail/listen/delete?${q(answer.target!, 'listen-1', newer)}`, { method: 'POST' })).status).toBe(200);
    const after = await mailbox('bob');
    expect(after.messages.map((m) => [m.id, m.heard])).toEqual([
      [older, true],
      [heardOne, true],
    ]);
    expect(after.newCount).toBe(0);
    expect((await mailbox('olga')).newCount).toBe(1);
  });

  it('the code follows the company table: switched off, it is not found; a user of another company dialling it reaches their own mailbox', async () => {
    const admin = await server.signIn('admin');
    const codes = (await (await server.api('/api/v1/admin/feature-codes', { token: admin })).json()) as Record<string, string | null>;
    expect((await server.api('/api/v1/admin/feature-codes', { method: 'PUT', token: admin, body: { ...codes, listenVoicemail: '*97' } })).status).toBe(200);
    expect(await route('from=bob&to=*98&call_id=listen-3')).toMatchObject({ kind: 'unknown', status: '404' });
    expect((await route('from=bob&to=*97&call_id=listen-3')).target).toMatch(/^listen-/);
    // Globex keeps the default
    expect((await route('from=olga&to=*98&call_id=listen-4')).target).toMatch(new RegExp(`^listen-${server.otherCompany.users.olga!.id}-`));
    expect((await server.api('/api/v1/admin/feature-codes', { method: 'PUT', token: admin, body: { ...codes, listenVoicemail: null } })).status).toBe(200);
    expect(await route('from=bob&to=*97&call_id=listen-5')).toMatchObject({ kind: 'unknown', status: '404' });
  });
});
