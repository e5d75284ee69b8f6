/**
 * `POST /pbx/v1/dtmf`: the PBX's media relay reports a DTMF digit seen in a call; the server
 * pushes it over the sync socket to the users in that call only (as Kamailio's dialog reports
 * name them), never to anyone else in the company or in another company.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerMessage } from '../../../src/shared/server-api';
import { startTestServer, type TestServer } from '../../support/server';
import { openSyncSocket, type SyncSocket } from '../../support/sync-socket';

type CallDtmf = Extract<ServerMessage, { type: 'call-dtmf' }>;
const isDtmf = (m: ServerMessage): m is CallDtmf => m.type === 'call-dtmf';

describe('profile server: DTMF seen by the PBX reaches the users in the call', () => {
  let server: TestServer;
  const sockets: Record<string, SyncSocket> = {};

  beforeAll(async () => {
    server = await startTestServer();
    for (const name of ['alice', 'bob', 'carol', 'olga', 'globexadmin']) {
      sockets[name] = await openSyncSocket(server.wsUrl, { token: await server.signIn(name) });
      await sockets[name].waitFor((m) => m.type === 'snapshot');
    }
  });
  afterAll(async () => {
    for (const socket of Object.values(sockets)) await socket.close();
    await server.stop();
  });

  const pbx = async (
    path: string,
    init: { body?: unknown; secret?: string | null } = {},
  ): Promise<{ status: number; text: string }> => {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (init.secret !== null) headers['x-pbx-secret'] = init.secret ?? server.pbxSecret;
    const response = await fetch(`${server.url}${path}`, {
      method: init.body === undefined ? 'GET' : 'POST',
      headers: init.body === undefined ? { 'x-pbx-secret': server.pbxSecret } : headers,
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    return { status: response.status, text: await response.text() };
  };
  const dtmfOf = (name: string): CallDtmf[] => sockets[name]!.messages.filter(isDtmf);

  it('pushes each digit to both users of the call, in order, and to nobody else', async () => {
    expect(
      (await pbx('/pbx/v1/dialog?call_id=acme-1%40pbx&state=start&users=alice,bob')).text,
    ).toBe('users=2');
    expect(
      (await pbx('/pbx/v1/dialog?call_id=globex-1%40pbx&state=start&users=olga,globexadmin')).text,
    ).toBe('users=2');

    for (const digit of ['4', '#']) {
      const answer = await pbx('/pbx/v1/dtmf', {
        body: { call_id: 'acme-1@pbx', source_tag: 'tag-bob', digit },
      });
      expect(answer).toEqual({ status: 200, text: 'pushed=2' });
    }
    const expected = (digit: string): CallDtmf => ({
      type: 'call-dtmf',
      sipCallId: 'acme-1@pbx',
      digit,
      sourceTag: 'tag-bob',
    });
    for (const name of ['alice', 'bob']) {
      await sockets[name]!.waitFor((m) => isDtmf(m) && m.digit === '#');
      expect(dtmfOf(name)).toEqual([expected('4'), expected('#')]);
    }

    // The other company's call gets its own digit; by the time it arrived, the digits above
    // would have reached carol (same company, not in the call) and Globex's users if sent.
    expect(
      await pbx('/pbx/v1/dtmf', {
        body: { call_id: 'globex-1@pbx', source_tag: 'tag-olga', digit: '9' },
      }),
    ).toEqual({ status: 200, text: 'pushed=2' });
    await sockets.globexadmin!.waitFor((m) => isDtmf(m) && m.digit === '9');
    await sockets.olga!.waitFor((m) => isDtmf(m) && m.digit === '9');
    expect(dtmfOf('olga').map((m) => m.sipCallId)).toEqual(['globex-1@pbx']);
    expect(dtmfOf('globexadmin').map((m) => m.sipCallId)).toEqual(['globex-1@pbx']);
    expect(dtmfOf('carol')).toEqual([]);
    expect(dtmfOf('alice')).toHaveLength(2);
  });

  it('ignores a call it does not know or that ended', async () => {
    expect(
      await pbx('/pbx/v1/dtmf', { body: { call_id: 'nobody@pbx', source_tag: 'x', digit: '1' } }),
    ).toEqual({ status: 200, text: 'pushed=0' });
    await pbx('/pbx/v1/dialog?call_id=acme-1%40pbx&state=end');
    expect(
      await pbx('/pbx/v1/dtmf', {
        body: { call_id: 'acme-1@pbx', source_tag: 'tag-bob', digit: '1' },
      }),
    ).toEqual({ status: 200, text: 'pushed=0' });
    expect(dtmfOf('alice').map((m) => m.digit)).toEqual(['4', '#']);
  });

  it('refuses without the PBX secret, and bodies that are not one digit of a call', async () => {
    expect(
      (
        await pbx('/pbx/v1/dtmf', {
          body: { call_id: 'globex-1@pbx', source_tag: 't', digit: '1' },
          secret: null,
        })
      ).status,
    ).toBe(401);
    expect(
      (
        await pbx('/pbx/v1/dtmf', {
          body: { call_id: 'globex-1@pbx', source_tag: 't', digit: '1' },
          secret: 'wrong',
        })
      ).status,
    ).toBe(401);
    for (const body of [
      { call_id: 'globex-1@pbx', source_tag: 't', digit: '12' },
      { call_id: 'globex-1@pbx', source_tag: 't', digit: 'x' },
      { call_id: '', source_tag: 't', digit: '1' },
      { call_id: 'globex-1@pbx', digit: '1' },
      { call_id: 'globex-1@pbx', source_tag: 't', digit: '1', users: ['alice'] },
    ]) {
      expect((await pbx('/pbx/v1/dtmf', { body })).status, JSON.stringify(body)).toBe(400);
    }
    expect(dtmfOf('olga').map((m) => m.digit)).toEqual(['9']);
  });
});
