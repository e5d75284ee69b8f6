import { describe, expect, it } from 'vitest';
import { serverRoutes } from '../../../src/main/client/adminApi';
import {
  runServerRoute,
  type CommandRows,
  type CommandTable,
  type DuplicateRows,
} from '../../../src/main/client/commandTable';
import { ServerApi } from '../../../src/main/client/serverApi';
import { commands, type ParsedArgs } from '../../../src/shared/ipc';

function apiAnswering(answer: (url: string) => Response) {
  const calls: { url: string; init: RequestInit }[] = [];
  const fetchImpl: typeof fetch = async (input, init) => {
    calls.push({ url: String(input), init: init ?? {} });
    return answer(String(input));
  };
  return { api: new ServerApi({ serverUrl: 'https://server.test:8787', token: 't0k', fetch: fetchImpl }), calls };
}

describe('the command table', () => {
  // These checks run in `npm run typecheck` (tsconfig.node.json includes test/unit): each
  // `@ts-expect-error` fails the typecheck if the line below it stops being an error.
  it('is a type error with a row missing, a wrong result, an unknown name or a name twice', () => {
    const clearRow = { 'history.clear': () => ({ ok: true }) } satisfies CommandRows;
    // @ts-expect-error every other command of the contract has no row
    const incomplete: CommandTable = clearRow;
    // @ts-expect-error calls.dial answers `{ callId }`, not `{ ok }`
    const wrongResult = { 'calls.dial': () => ({ ok: true }) } satisfies CommandRows;
    // @ts-expect-error not a command of the contract
    const unknown = { 'calls.teleport': () => ({ ok: true }) } satisfies CommandRows;
    // @ts-expect-error a route's path gets the command's own arguments (no `userId` here)
    const wrongArgs = { 'admin.templates.get': { method: 'GET', path: (a) => `/x/${a.userId}` } } satisfies CommandRows;
    const twice: [DuplicateRows<[typeof clearRow, typeof serverRoutes, typeof clearRow]>] extends [never] ? false : true = true;
    const once: [DuplicateRows<[typeof clearRow, typeof serverRoutes]>] extends [never] ? true : false = true;
    expect([incomplete, wrongResult, unknown, wrongArgs, twice, once]).toHaveLength(6);
  });

  it('has a server route for every admin command, the directory search and the editors’ destinations', () => {
    const proxied = Object.keys(commands).filter((name) => name.startsWith('admin.') || name.startsWith('recordings.') || name.startsWith('voicemail.') || name.startsWith('calendar.') || name === 'directory.search' || name === 'destinations.list');
    expect(Object.keys(serverRoutes).sort()).toEqual(proxied.sort());
  });

  it('runs a route: method, path with encoded ids, body, a fresh idempotency key, answer parsed with the result schema', async () => {
    const { api, calls } = apiAnswering(() => Response.json({ applied: 2, auditId: 'a1', extra: 'dropped' }));
    const args: ParsedArgs<'admin.templates.apply'> = { templateId: 't 1', userIds: ['u1', 'u2'], confirmOverwrite: true };
    const route = serverRoutes['admin.templates.apply'];
    expect(await runServerRoute(api, 'admin.templates.apply', route, args)).toEqual({ applied: 2, auditId: 'a1' });
    await runServerRoute(api, 'admin.templates.apply', route, args);
    expect(calls[0]!.url).toBe('https://server.test:8787/api/v1/admin/templates/t%201/apply');
    expect(calls[0]!.init.method).toBe('POST');
    expect(JSON.parse(String(calls[0]!.init.body))).toEqual({ userIds: ['u1', 'u2'], confirmOverwrite: true });
    const keys = calls.map((call) => new Headers(call.init.headers).get('idempotency-key'));
    expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(keys[1]).not.toBe(keys[0]);
  });

  it('runs a GET route with a query and no body, and refuses an answer that breaks the contract', async () => {
    const { api, calls } = apiAnswering((url) => Response.json(url.includes('/directory') ? [] : [{ id: 'u1' }]));
    await expect(
      runServerRoute(api, 'admin.users.list', serverRoutes['admin.users.list'], { includeDisabled: false }),
    ).rejects.toMatchObject({ kind: 'failed' });
    expect(calls[0]!.url).toBe('https://server.test:8787/api/v1/admin/users?includeDisabled=false');
    expect(calls[0]!.init.method).toBe('GET');
    expect(calls[0]!.init.body).toBeUndefined();
    expect(await runServerRoute(api, 'directory.search', serverRoutes['directory.search'], { query: 'carl & co' })).toEqual([]);
    expect(calls[1]!.url).toBe('https://server.test:8787/api/v1/directory?query=carl+%26+co');
  });

  it("runs a bytes route (a recording's audio): the bytes as base64 with their content type; a refusal stays one", async () => {
    const wav = Buffer.from('RIFF\x24\x00\x00\x00WAVEfmt \x00\xff', 'latin1');
    const { api, calls } = apiAnswering((url) =>
      url.includes('/r-2/') ? Response.json({ error: 'not_found', message: 'Recording was not found' }, { status: 404 }) : new Response(wav, { headers: { 'content-type': 'audio/wav' } }),
    );
    const answer = await runServerRoute(api, 'recordings.audio', serverRoutes['recordings.audio'], { recordingId: 'r 1' });
    expect(answer.contentType).toBe('audio/wav');
    expect(Buffer.from(answer.base64, 'base64').equals(wav)).toBe(true);
    expect(calls[0]!.url).toBe('https://server.test:8787/api/v1/me/recordings/r%201/audio');
    await expect(runServerRoute(api, 'admin.recordings.audio', serverRoutes['admin.recordings.audio'], { recordingId: 'r-2' })).rejects.toMatchObject({
      kind: 'rejected',
      status: 404,
    });
    expect(calls[1]!.url).toBe('https://server.test:8787/api/v1/admin/recordings/r-2/audio');
  });

  it('runs a binary-body route (a greeting upload): the decoded bytes as audio/wav, the answer parsed', async () => {
    const wav = Buffer.from('RIFF\x24\x00\x00\x00WAVEfmt \x00\xff', 'latin1');
    const { api, calls } = apiAnswering(() => Response.json({ custom: true, durationSeconds: 3, updatedAt: '2026-03-01T09:00:00.000Z', extra: 1 }));
    const answer = await runServerRoute(api, 'voicemail.greeting.save', serverRoutes['voicemail.greeting.save'], { base64: wav.toString('base64') });
    expect(answer).toEqual({ custom: true, durationSeconds: 3, updatedAt: '2026-03-01T09:00:00.000Z' });
    expect(calls[0]!.url).toBe('https://server.test:8787/api/v1/me/voicemail/greeting');
    expect(calls[0]!.init.method).toBe('PUT');
    expect((calls[0]!.init.headers as Record<string, string>)['content-type']).toBe('audio/wav');
    expect(Buffer.from(calls[0]!.init.body as Uint8Array).equals(wav)).toBe(true);
  });

  it('runs the calendar upload (issue 13): the ICS text as text/calendar bytes, UTF-8', async () => {
    const ics = 'BEGIN:VCALENDAR\r\nSUMMARY:Möte\r\nEND:VCALENDAR\r\n';
    const { api, calls } = apiAnswering(() => Response.json({ events: 1 }));
    expect(await runServerRoute(api, 'calendar.upload', serverRoutes['calendar.upload'], { ics })).toEqual({ events: 1 });
    expect(calls[0]!.url).toBe('https://server.test:8787/api/v1/me/calendar/ics');
    expect(calls[0]!.init.method).toBe('PUT');
    expect((calls[0]!.init.headers as Record<string, string>)['content-type']).toBe('text/calendar');
    expect(Buffer.from(calls[0]!.init.body as Uint8Array).toString('utf8')).toBe(ics);
  });

  it('runs a text route (the CSV template download)', async () => {
    const { api, calls } = apiAnswering(
      () => new Response('userName,firstName\n', { headers: { 'content-disposition': 'attachment; filename="users-template.csv"' } }),
    );
    const route = serverRoutes['admin.users.csvTemplate'];
    expect(await runServerRoute(api, 'admin.users.csvTemplate', route, null)).toEqual({
      fileName: 'users-template.csv',
      content: 'userName,firstName\n',
    });
    expect(calls[0]!.url).toBe('https://server.test:8787/api/v1/admin/users.csv?template=true');
  });
});
