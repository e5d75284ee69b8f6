/**
 * The profile server's voicemail questions from the PBX and its media component
 * (src/shared/pbx.ts, routes/pbx-voicemail.ts), with two companies: a forward to `voicemail`
 * becomes a media target signed for that call and that user only; the greeting and the deposit
 * answer only a target issued for the named Call-ID; counts and the change feed name the
 * accounts of the user whose mailbox changed, nobody else's.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodePbxParams } from '../../../src/shared/pbx';
import { startTestServer, type TestServer } from '../../support/server';
import { readWav, toneShare, toneWav } from '../../support/wav';

describe('profile server: voicemail for the PBX', () => {
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
  /** The voicemail target of a call that first reached `via` (whose route answer forwarded it). */
  const targetFor = async (via: string, callId: string): Promise<string> => {
    await route(`from=alice&to=${encodeURIComponent(via)}&busy=0&call_id=${encodeURIComponent(callId)}`);
    const answer = await route(`from=alice&to=voicemail&busy=0&call_id=${encodeURIComponent(callId)}&via=${encodeURIComponent(via)}`);
    expect(answer.kind).toBe('media');
    return answer.target!;
  };
  const deposit = (target: string, callId: string, body: Uint8Array, query = '&caller=%2B46855501001&called=1002'): Promise<Response> =>
    pbx(`/pbx/v1/voicemail?target=${encodeURIComponent(target)}&call_id=${encodeURIComponent(callId)}${query}`, { method: 'POST', headers: { 'content-type': 'audio/wav' }, body: new Uint8Array(body) });
  const mailboxOf = async (user: string): Promise<{ messages: { callerNumber: string; calledNumber: string | null }[]; newCount: number }> =>
    (await (await server.api('/api/v1/me/voicemail', { token: await server.signIn(user) })).json()) as never;

  it('sends a forward to voicemail to the forwarding user\'s mailbox, and nobody there by dialling', async () => {
    const bob = server.company.users.bob!;
    const olga = server.otherCompany.users.olga!;
    const forBob = await targetFor('1002', 'call-1');
    expect(forBob).toMatch(new RegExp(`^vm-${bob.id}-[0-9a-f]{32}$`));
    expect(await targetFor('+46866602001', 'call-1')).toMatch(new RegExp(`^vm-${olga.id}-`));
    // the same user and call give the same target; another call another one
    expect(await targetFor('bob', 'call-1')).toBe(forBob);
    expect(await targetFor('1002', 'call-2')).not.toBe(forBob);
    // dialled directly (first hop: no via), without a call id, or via a queue: not found
    // a via this call never reached (the extension names a user only in the caller's company)
    expect(await route('from=alice&to=voicemail&busy=0&call_id=never-routed&via=1002')).toMatchObject({ kind: 'unknown', status: '404' });
    expect(await route('from=alice&to=voicemail&busy=0&call_id=c3')).toMatchObject({ kind: 'unknown', status: '404' });
    expect(await route('from=alice&to=voicemail&busy=0&via=1002')).toMatchObject({ kind: 'unknown', status: '404' });
    expect(await route('from=alice&to=voicemail&busy=0&call_id=c3&via=%2B46855501100')).toMatchObject({ kind: 'unknown' });
    // a media target dialled is just an unknown user
    expect((await route(`from=alice&to=${forBob}&busy=0&call_id=call-1`)).kind).toBe('unknown');
  });

  it('gives the greeting and takes a deposit only for a target issued for that call', async () => {
    const target = await targetFor('1002', 'call-10');
    const greeting = await pbx(`/pbx/v1/voicemail/greeting?target=${target}&call_id=call-10`);
    expect(greeting.status).toBe(200);
    expect(greeting.headers.get('content-type')).toBe('audio/wav');
    expect(readWav(Buffer.from(await greeting.arrayBuffer())).sampleRate).toBe(8000);
    expect((await pbx(`/pbx/v1/voicemail/greeting?target=${target}&call_id=call-11`)).status).toBe(404);
    const forged = target.replace(/[0-9a-f]$/, (c) => (c === '0' ? '1' : '0'));
    expect((await pbx(`/pbx/v1/voicemail/greeting?target=${forged}&call_id=call-10`)).status).toBe(404);
    // the secret is required
    expect((await fetch(`${server.url}/pbx/v1/voicemail/greeting?target=${target}&call_id=call-10`)).status).toBe(401);

    const wav = toneWav([{ hz: 440, seconds: 1.5 }]);
    expect((await deposit(target, 'call-11', wav)).status).toBe(404);
    expect((await mailboxOf('bob')).messages).toHaveLength(0);
    const missing = await deposit(target, 'call-10', wav, '&called=1002');
    expect(missing.status).toBe(400);
    expect(await missing.text()).toContain('caller');
    expect((await pbx(`/pbx/v1/voicemail?target=${target}&call_id=call-10&caller=x`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'hello' })).status).toBe(415);
    expect((await deposit(target, 'call-10', Buffer.from('RIFF not really a wav'))).status).toBe(400);
    expect((await mailboxOf('bob')).messages).toHaveLength(0);

    const stored = await deposit(target, 'call-10', wav, '&caller=%2B46855501001&caller_name=Alice%20Andersson&called=1002&started_at=2026-12-02T01%3A00%3A00Z');
    expect(stored.status).toBe(200);
    const bob = await mailboxOf('bob');
    expect(bob.messages).toHaveLength(1);
    expect(bob.messages[0]).toMatchObject({ callerNumber: '+46855501001', calledNumber: '1002' });
    expect((await mailboxOf('olga')).messages).toHaveLength(0);
    const audio = await server.api(`/api/v1/me/voicemail/${(bob.messages[0] as unknown as { id: string }).id}/audio`, { token: await server.signIn('bob') });
    const samples = readWav(Buffer.from(await audio.arrayBuffer()));
    expect(toneShare(samples, 0, 0.2, 1.3, 440)).toBeGreaterThan(0.9);
  });

  it('counts per SIP account and feeds changes with the accounts of the user whose mailbox changed', async () => {
    const first = (await (await pbx('/pbx/v1/voicemail/changes')).json()) as { seq: number; reset: boolean };
    expect(first.reset).toBe(true);
    const summary = async (account: string): Promise<Response> => pbx(`/pbx/v1/voicemail/summary?account=${account}`);
    expect(await (await summary('bob')).json()).toEqual({ newCount: 1, heardCount: 0 });
    expect(await (await summary('olga')).json()).toEqual({ newCount: 0, heardCount: 0 });
    expect((await summary('nobody')).status).toBe(404);

    const waiting = pbx(`/pbx/v1/voicemail/changes?after=${first.seq}&wait=10`);
    const target = await targetFor('+46866602001', 'call-20');
    expect((await deposit(target, 'call-20', toneWav([{ hz: 440, seconds: 1 }]))).status).toBe(200);
    const feed = (await (await waiting).json()) as { seq: number; reset: boolean; changes: { accounts: string[]; newCount: number }[] };
    expect(feed.reset).toBe(false);
    expect(feed.changes).toEqual([{ accounts: ['olga'], newCount: 1, heardCount: 0 }]);
    // nothing new: a short wait ends empty
    const idle = (await (await pbx(`/pbx/v1/voicemail/changes?after=${feed.seq}&wait=1`)).json()) as { changes: unknown[] };
    expect(idle.changes).toEqual([]);
    expect((await pbx('/pbx/v1/voicemail/changes?wait=99')).status).toBe(400);
  });
});
