/**
 * Calendar URLs are untrusted (issue 12): the server fetches only public addresses, also after
 * redirects and whatever DNS answers a second time, cuts a download past the size cap while it
 * streams, gives up at one deadline, and never repeats the fetched body in its answer. The real
 * server on SQLite; the feeds are local HTTP servers; host names resolve through a test resolver.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { LookupAddress } from 'node:dns';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UserSnapshot } from '../../../src/shared/model';
import { systemResolver } from '../../../src/server/calendar/safe-fetch';
import { startTestServer, type TestServer } from '../../support/server';
import { icsCalendar } from '../../support/ics';

const SECRET = 'SECRET-BODY-7f3a91';

interface Feed {
  server: Server;
  port: number;
  hits: string[];
  /** Requests whose connection ended before the answer was complete. */
  cut: string[];
}

async function startFeed(handler: (req: IncomingMessage, res: ServerResponse, feed: Feed) => void): Promise<Feed> {
  const feed: Feed = { server: createServer(), port: 0, hits: [], cut: [] };
  feed.server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    feed.hits.push(req.url ?? '');
    res.on('close', () => {
      if (!res.writableFinished) feed.cut.push(req.url ?? '');
    });
    handler(req, res, feed);
  });
  await new Promise<void>((resolve) => feed.server.listen(0, '127.0.0.1', resolve));
  feed.port = (feed.server.address() as AddressInfo).port;
  return feed;
}

const stopFeed = (feed: Feed): Promise<void> =>
  new Promise((resolve) => {
    feed.server.closeAllConnections();
    feed.server.close(() => resolve());
  });

interface ErrorAnswer {
  status: number;
  raw: string;
  body: { error: string; message: string; text?: { key: string; params?: Record<string, unknown> } };
}

async function subscribe(server: TestServer, token: string, url: string): Promise<ErrorAnswer> {
  const response = await server.api('/api/v1/me/calendar', { method: 'PUT', token, body: { url } });
  const raw = await response.text();
  return { status: response.status, raw, body: JSON.parse(raw) as ErrorAnswer['body'] };
}

async function storedEvents(server: TestServer, token: string): Promise<UserSnapshot['calendarEvents']> {
  return ((await (await server.api('/api/v1/me/snapshot', { token })).json()) as UserSnapshot).calendarEvents;
}

const now = Date.now();
const goodIcs = (title: string): string => icsCalendar([{ uid: title, summary: title, start: new Date(now - 60_000), end: new Date(now + 3_600_000) }]);

describe('calendar URLs: only public addresses are fetched', () => {
  let server: TestServer;
  let feed: Feed;
  let alice: string;
  /** Host names the server resolves through the test resolver (the rest through DNS). */
  const names: Record<string, LookupAddress[]> = {
    'intranet.example.test': [
      { address: '93.184.216.34', family: 4 },
      { address: '10.0.0.5', family: 4 },
    ],
    'metadata.example.test': [{ address: '169.254.169.254', family: 4 }],
    'v6-internal.example.test': [{ address: 'fd00::25', family: 6 }],
  };

  beforeAll(async () => {
    feed = await startFeed((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/calendar' });
      res.end(goodIcs('Reached'));
    });
    server = await startTestServer({
      overrides: {
        calendarResolver: (host) => Promise.resolve(names[host]).then((known) => known ?? systemResolver(host)),
      },
    });
    alice = await server.signIn('alice');
    const upload = await server.api('/api/v1/me/calendar/ics', { method: 'PUT', token: alice, body: goodIcs('Kept'), headers: { 'content-type': 'text/calendar' } });
    expect(upload.status).toBe(200);
  });
  afterAll(async () => {
    await server.stop();
    await stopFeed(feed);
  });

  it.each([
    ['loopback IPv4', () => `http://127.0.0.1:${feed.port}/cal.ics`, '127.0.0.1'],
    ['a name resolving to loopback', () => `http://localhost:${feed.port}/cal.ics`, 'localhost'],
    ['10/8', () => 'http://10.1.2.3/cal.ics', '10.1.2.3'],
    ['192.168/16', () => 'http://192.168.1.20/cal.ics', '192.168.1.20'],
    ['cloud metadata 169.254.169.254', () => 'http://169.254.169.254/latest/meta-data/', '169.254.169.254'],
    ['CGNAT 100.64/10', () => 'http://100.100.100.200/cal.ics', '100.100.100.200'],
    ['unspecified 0.0.0.0', () => `http://0.0.0.0:${feed.port}/cal.ics`, '0.0.0.0'],
    ['loopback IPv6 ::1', () => `http://[::1]:${feed.port}/cal.ics`, '::1'],
    ['unique-local fd00::/8', () => 'http://[fd00::1]/cal.ics', 'fd00::1'],
    ['link-local fe80::/10', () => 'http://[fe80::1]/cal.ics', 'fe80::1'],
    ['IPv4-mapped loopback', () => `http://[::ffff:127.0.0.1]:${feed.port}/cal.ics`, '::ffff:7f00:1'],
    ['IPv4-mapped 10/8', () => 'http://[::ffff:10.0.0.1]/cal.ics', '::ffff:a00:1'],
    ['a name with one private address among public ones', () => 'http://intranet.example.test/cal.ics', 'intranet.example.test'],
    ['a name resolving to the metadata address', () => 'https://metadata.example.test/cal.ics', 'metadata.example.test'],
    ['a name resolving to unique-local IPv6', () => 'http://v6-internal.example.test/cal.ics', 'v6-internal.example.test'],
  ])('refuses %s without connecting, and keeps the stored events', async (_what, url, host) => {
    const hitsBefore = feed.hits.length;
    const answer = await subscribe(server, alice, url());
    expect(answer.status).toBe(400);
    expect(answer.body.text).toEqual({ key: 'error.calendarAddressPrivate', params: { host } });
    expect(answer.body.message).toMatch(/private network/);
    expect(feed.hits.length).toBe(hitsBefore);
    expect((await storedEvents(server, alice)).map((e) => e.title)).toEqual(['Kept']);
  });

  it('names a host that does not resolve', async () => {
    const answer = await subscribe(server, alice, 'http://no-such-host.invalid/cal.ics');
    expect(answer.status).toBe(400);
    expect(answer.body.text).toEqual({ key: 'error.calendarHostNotFound', params: { host: 'no-such-host.invalid' } });
  });
});

describe('calendar URLs: redirects, DNS rebinding, size, deadline, and the body never echoed', () => {
  let server: TestServer;
  let feed: Feed;
  let alice: string;
  let rebindAnswers = 0;
  /** What /switchable does: serve a calendar, or redirect to the cloud metadata address. */
  let switchable: 'calendar' | 'metadata' = 'calendar';
  const logLines: string[] = [];

  beforeAll(async () => {
    feed = await startFeed((req, res, self) => {
      const url = req.url ?? '';
      if (url === '/switchable' && switchable === 'metadata') {
        res.writeHead(307, { location: 'http://169.254.169.254/latest/meta-data/' });
        res.end();
      } else if (url === '/ok.ics' || url === '/switchable') {
        res.writeHead(200, { 'content-type': 'text/calendar; charset=utf-8' });
        res.end(goodIcs('Fetched'));
      } else if (url.startsWith('/to/')) {
        // /to/<url-encoded target>: a redirect the server must check before following.
        res.writeHead(302, { location: decodeURIComponent(url.slice(4)) });
        res.end();
      } else if (url === '/loop') {
        res.writeHead(301, { location: `http://127.0.0.1:${self.port}/loop` });
        res.end();
      } else if (url === '/endless') {
        // Chunked, no Content-Length: only counting while streaming notices the size.
        res.writeHead(200, { 'content-type': 'text/calendar' });
        res.write('BEGIN:VCALENDAR\r\n');
        const chunk = `X-PAD:${'x'.repeat(16 * 1024)}\r\n`;
        const pump = (): void => {
          if (res.destroyed) return;
          res.write(chunk, () => setImmediate(pump));
        };
        pump();
      } else if (url === '/announced-large') {
        res.writeHead(200, { 'content-type': 'text/calendar', 'content-length': String(10_000_000) });
        res.write('BEGIN:VCALENDAR\r\n');
      } else if (url === '/drip') {
        // A byte now and then: each read is quick, the whole never ends.
        res.writeHead(200, { 'content-type': 'text/calendar' });
        const timer = setInterval(() => res.write('X'), 100);
        res.on('close', () => clearInterval(timer));
      } else if (url === '/invalid') {
        res.writeHead(200, { 'content-type': 'text/calendar' });
        res.end(`this is not a calendar ${SECRET}\r\nBEGIN:VCALENDAR\r\nX-LEAK:${SECRET}\r\n`);
      } else if (url === '/html') {
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end(`<html>${SECRET}</html>`);
      } else if (url === '/failing') {
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(`stack trace with ${SECRET}`);
      } else {
        res.writeHead(404);
        res.end();
      }
    });
    server = await startTestServer({
      // Loopback allowed: the feed plays the public server; what it redirects to is checked.
      config: { calendarAllowLoopback: true, calendarMaxBytes: 256 * 1024, calendarFetchTimeoutMs: 1500 },
      overrides: {
        logStream: { write: (line: string) => void logLines.push(line) },
        calendarResolver: async (host) => {
          if (host !== 'rebind.example.test') throw Object.assign(new Error('not found'), { code: 'ENOTFOUND' });
          // First answer: the feed's address. Any later one: an address where nothing listens.
          rebindAnswers += 1;
          return [{ address: rebindAnswers === 1 ? '127.0.0.1' : '127.0.0.2', family: 4 }];
        },
      },
    });
    alice = await server.signIn('alice');
    const upload = await server.api('/api/v1/me/calendar/ics', { method: 'PUT', token: alice, body: goodIcs('Kept'), headers: { 'content-type': 'text/calendar' } });
    expect(upload.status).toBe(200);
  });
  afterAll(async () => {
    await server.stop();
    await stopFeed(feed);
  });

  const base = (): string => `http://127.0.0.1:${feed.port}`;

  it('follows a redirect to an allowed address', async () => {
    const bob = await server.signIn('bob');
    const response = await server.api('/api/v1/me/calendar', { method: 'PUT', token: bob, body: { url: `${base()}/to/${encodeURIComponent(`${base()}/ok.ics`)}` } });
    expect(await response.json()).toEqual({ events: 1 });
    expect((await storedEvents(server, bob)).map((e) => e.title)).toEqual(['Fetched']);
  });

  it.each([
    ['10/8', 'http://10.0.0.1/cal.ics', '10.0.0.1'],
    ['cloud metadata', 'http://169.254.169.254/latest/meta-data/iam/', '169.254.169.254'],
    ['unique-local IPv6', 'http://[fd00::1]/cal.ics', 'fd00::1'],
    ['IPv4-mapped private', 'http://[::ffff:192.168.0.1]/cal.ics', '::ffff:c0a8:1'],
  ])('refuses a redirect to %s and keeps the stored events', async (_what, target, host) => {
    const answer = await subscribe(server, alice, `${base()}/to/${encodeURIComponent(target)}`);
    expect(answer.status).toBe(400);
    expect(answer.body.text).toEqual({ key: 'error.calendarAddressPrivate', params: { host } });
    expect((await storedEvents(server, alice)).map((e) => e.title)).toEqual(['Kept']);
  });

  it('refuses a redirect to another scheme, and a redirect loop', async () => {
    const ftp = await subscribe(server, alice, `${base()}/to/${encodeURIComponent('file:///etc/passwd')}`);
    expect(ftp.body.text).toEqual({ key: 'error.calendarUrlScheme' });
    const loop = await subscribe(server, alice, `${base()}/loop`);
    expect(loop.status).toBe(400);
    expect(loop.body.text).toEqual({ key: 'error.calendarTooManyRedirects', params: { count: 5 } });
  });

  it('a subscription that later redirects inside keeps its events on the periodic refresh', async () => {
    const dave = await server.signIn('dave');
    const response = await server.api('/api/v1/me/calendar', { method: 'PUT', token: dave, body: { url: `${base()}/switchable` } });
    expect(await response.json()).toEqual({ events: 1 });
    switchable = 'metadata';
    const hits = feed.hits.length;
    await server.server.refreshCalendars();
    expect(feed.hits.length).toBeGreaterThan(hits);
    expect((await storedEvents(server, dave)).map((e) => e.title)).toEqual(['Fetched']);
    // The server's log says why, without fetching the metadata address.
    expect(logLines.some((line) => line.includes('Calendar of dave could not be refreshed') && line.includes('169.254.169.254 points inside a private network'))).toBe(true);
  });

  it('connects to the address it checked: a second DNS answer is never asked for', async () => {
    const carol = await server.signIn('carol');
    const response = await server.api('/api/v1/me/calendar', { method: 'PUT', token: carol, body: { url: `http://rebind.example.test:${feed.port}/ok.ics` } });
    expect(await response.json()).toEqual({ events: 1 });
    expect(rebindAnswers).toBe(1);
  });

  it('cuts a download past the size cap while it streams', async () => {
    const answer = await subscribe(server, alice, `${base()}/endless`);
    expect(answer.status).toBe(400);
    expect(answer.body.text).toEqual({ key: 'error.calendarTooLarge', params: { megabytes: 0.26 } });
    // The feed saw its connection closed in the middle of the body.
    await expect.poll(() => feed.cut.includes('/endless')).toBe(true);
    const announced = await subscribe(server, alice, `${base()}/announced-large`);
    expect(announced.body.text?.key).toBe('error.calendarTooLarge');
    expect((await storedEvents(server, alice)).map((e) => e.title)).toEqual(['Kept']);
  });

  it('gives up at one deadline for the whole fetch, even while bytes keep coming', async () => {
    const answer = await subscribe(server, alice, `${base()}/drip`);
    expect(answer.status).toBe(400);
    expect(answer.body.text).toEqual({ key: 'error.calendarTimedOut', params: { seconds: 1.5 } });
    await expect.poll(() => feed.cut.includes('/drip')).toBe(true);
    expect((await storedEvents(server, alice)).map((e) => e.title)).toEqual(['Kept']);
  });

  it.each([
    ['not iCalendar', '/invalid', { key: 'error.calendarInvalid' }],
    ['an HTML page', '/html', { key: 'error.calendarContentType', params: { type: 'text/html' } }],
    ['a server error', '/failing', { key: 'error.calendarAnswered', params: { status: 500 } }],
  ])('says what was wrong with %s without repeating the body', async (_what, path, text) => {
    const answer = await subscribe(server, alice, `${base()}${path}`);
    expect(answer.status).toBe(400);
    expect(answer.body.text).toEqual(text);
    expect(answer.raw).not.toContain(SECRET);
    expect((await storedEvents(server, alice)).map((e) => e.title)).toEqual(['Kept']);
  });
});
