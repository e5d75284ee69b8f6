/**
 * Fetches a calendar URL someone typed, without letting it reach into the server's own network
 * (SSRF): http(s) only; every address the host name resolves to must be public
 * (address-policy.ts); the connection goes to the address that was checked (the resolved
 * address is pinned through the socket's `lookup`, so a second DNS answer cannot rebind it);
 * redirects are followed by hand, at most `maxRedirects`, each hop checked the same way; one
 * deadline covers the whole fetch; the body is counted while it streams and the download is cut
 * past `maxBytes`; the content type must be one a calendar arrives with. Failures name what was
 * wrong (a catalog key with parameters) and never carry the fetched body.
 */
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { isIpLiteral, judgeAddress } from './address-policy';

/** Resolves a host name to all its addresses (dns.lookup with `all: true`); tests may replace it. */
export type Resolver = (host: string) => Promise<LookupAddress[]>;

export const systemResolver: Resolver = (host) =>
  new Promise((resolve, reject) => dnsLookup(host, { all: true, verbatim: true }, (error, addresses) => (error ? reject(error) : resolve(addresses))));

export interface FetchPolicy {
  /** Development and tests only: admit loopback addresses (`calendarAllowLoopback`). */
  allowLoopback: boolean;
  maxBytes: number;
  /** One deadline for the whole fetch: resolving, connecting, redirects and the body. */
  timeoutMs: number;
  maxRedirects: number;
  resolve: Resolver;
}

export type FetchProblem =
  | 'error.calendarUrlScheme'
  | 'error.calendarAddressPrivate'
  | 'error.calendarHostNotFound'
  | 'error.calendarUnreachable'
  | 'error.calendarTooManyRedirects'
  | 'error.calendarAnswered'
  | 'error.calendarContentType'
  | 'error.calendarTooLarge'
  | 'error.calendarTimedOut';

/** A fetch that failed for a reason the person can act on: an English message plus a catalog key. */
export class CalendarFetchError extends Error {
  constructor(
    readonly key: FetchProblem,
    readonly params: Record<string, string | number>,
    message: string,
  ) {
    super(message);
  }
}

/** Media types calendars are served with; a missing Content-Type is accepted too. */
const CALENDAR_TYPES = new Set(['text/calendar', 'text/plain', 'text/x-vcalendar', 'application/ics', 'application/x-ical', 'application/octet-stream']);
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

const fail = (key: FetchProblem, params: Record<string, string | number>, message: string): CalendarFetchError => new CalendarFetchError(key, params, message);

/** Checks `url`'s host and returns the one address to connect to. */
async function pinnedAddress(url: URL, policy: FetchPolicy, signal: AbortSignal): Promise<LookupAddress> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  let addresses: LookupAddress[];
  if (isIpLiteral(host)) {
    addresses = [{ address: host, family: host.includes(':') ? 6 : 4 }];
  } else {
    try {
      addresses = await abortable(policy.resolve(host), signal);
    } catch (error) {
      if (signal.aborted) throw error;
      addresses = [];
    }
    if (addresses.length === 0) throw fail('error.calendarHostNotFound', { host }, `The calendar address ${host} was not found`);
  }
  for (const { address } of addresses) {
    const verdict = judgeAddress(address, policy.allowLoopback);
    if (!verdict.allowed) {
      throw fail('error.calendarAddressPrivate', { host }, `The calendar address ${host} points inside a private network (${verdict.range} address); only public addresses are fetched`);
    }
  }
  return addresses[0] as LookupAddress;
}

function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason as Error);
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/** A socket `lookup` that answers the checked address whatever is asked: no second DNS answer. */
function pinnedLookup(pinned: LookupAddress): LookupFunction {
  return (_host, options, callback) => {
    if (options.all) (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, [pinned]);
    else callback(null, pinned.address, pinned.family);
  };
}

function get(url: URL, pinned: LookupAddress, signal: AbortSignal): Promise<IncomingMessage> {
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request(url, {
      method: 'GET',
      agent: false,
      lookup: pinnedLookup(pinned),
      signal,
      headers: { accept: 'text/calendar, text/plain;q=0.5, */*;q=0.1', 'user-agent': 'profile-server-calendar/1' },
    });
    req.once('response', resolve);
    // Kept for the request's life: an abort or reset after the answer began is an error too.
    req.on('error', reject);
    req.end();
  });
}

async function readCapped(response: IncomingMessage, maxBytes: number): Promise<string> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of response as AsyncIterable<Buffer>) {
    total += chunk.length;
    if (total > maxBytes) {
      response.destroy();
      throw tooLarge(maxBytes);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

const tooLarge = (maxBytes: number): CalendarFetchError =>
  fail('error.calendarTooLarge', { megabytes: Math.round((maxBytes / 1_000_000) * 100) / 100 }, `The calendar is larger than ${maxBytes} bytes`);

function checkResponse(response: IncomingMessage, maxBytes: number): void {
  const status = response.statusCode ?? 0;
  if (status < 200 || status > 299) {
    throw fail('error.calendarAnswered', { status }, `The calendar URL answered ${status}`);
  }
  const type = (response.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (type !== '' && !CALENDAR_TYPES.has(type)) {
    // The type is the remote's text: only a well-formed, short media type is repeated back.
    const shown = /^[a-z0-9.+-]{1,40}\/[a-z0-9.+-]{1,60}$/.test(type) ? type : 'unknown';
    throw fail('error.calendarContentType', { type: shown }, `The calendar URL answered with ${shown}, not a calendar`);
  }
  const length = Number(response.headers['content-length']);
  if (Number.isFinite(length) && length > maxBytes) throw tooLarge(maxBytes);
}

function networkFailure(error: unknown, url: URL): CalendarFetchError {
  if (error instanceof CalendarFetchError) return error;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const code = (error as { code?: unknown }).code;
  return fail('error.calendarUnreachable', { host }, `The calendar address ${host} could not be reached${typeof code === 'string' ? ` (${code})` : ''}`);
}

/** Fetches `address` under `policy`; resolves to the body text or rejects with a CalendarFetchError. */
export async function fetchCalendar(address: string, policy: FetchPolicy): Promise<string> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new Error('calendar fetch deadline')), policy.timeoutMs);
  let url = new URL(address);
  try {
    for (let hop = 0; ; hop++) {
      if (url.protocol !== 'http:' && url.protocol !== 'https:') {
        throw fail('error.calendarUrlScheme', {}, 'A calendar URL must start with http:// or https://');
      }
      let response: IncomingMessage;
      try {
        const pinned = await pinnedAddress(url, policy, controller.signal);
        response = await get(url, pinned, controller.signal);
      } catch (error) {
        throw controller.signal.aborted ? timedOut(policy) : networkFailure(error, url);
      }
      const location = response.headers.location;
      if (REDIRECTS.has(response.statusCode ?? 0) && location) {
        response.destroy();
        if (hop >= policy.maxRedirects) {
          throw fail('error.calendarTooManyRedirects', { count: policy.maxRedirects }, `The calendar URL redirected more than ${policy.maxRedirects} times`);
        }
        const next = URL.parse(location, url);
        if (!next) throw fail('error.calendarAnswered', { status: response.statusCode ?? 0 }, `The calendar URL answered ${response.statusCode} with an unusable redirect`);
        url = next;
        continue;
      }
      try {
        checkResponse(response, policy.maxBytes);
        return await readCapped(response, policy.maxBytes);
      } catch (error) {
        response.destroy();
        if (error instanceof CalendarFetchError) throw error;
        throw controller.signal.aborted ? timedOut(policy) : networkFailure(error, url);
      }
    }
  } finally {
    clearTimeout(timer);
  }
}

const timedOut = (policy: FetchPolicy): CalendarFetchError =>
  fail('error.calendarTimedOut', { seconds: Math.round(policy.timeoutMs / 100) / 10 }, `The calendar URL did not answer within ${policy.timeoutMs / 1000} s`);
