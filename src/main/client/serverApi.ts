/**
 * The profile server's REST API as the client uses it. Every answer is parsed with the shared
 * zod schemas; every failure becomes a `ServerApiError` whose `kind` says what the caller should
 * do about it and whose message a person can act on:
 * - unreachable: network error, timeout, 502–504 (retry later; commands stay queued),
 * - unauthenticated: the session ended (sign in again) — or, at sign-in, wrong credentials,
 * - rejected: the server understood and said no (400/403/404/409/429),
 * - failed: the server broke (500) or answered something we cannot read.
 */
import { z } from 'zod';
import { UserSnapshot } from '../../shared/model/state';
import type { CommandError } from '../../shared/ipc';
import { Text } from '../../shared/text';
import {
  API_PREFIX,
  IDEMPOTENCY_HEADER,
  Me,
  SignInResponse,
  SipCredentials,
} from '../../shared/server-api';
import { answerSchema, commandRequest, definitionOf } from '../../shared/commands';
import type { PendingCommand } from './persistedState';
import { firstIssue } from '../../shared/zodIssues';
import { text as sayText } from '../../shared/text';
import type { MessageKey } from '../../shared/i18n';

export type ServerErrorKind = 'unreachable' | 'unauthenticated' | 'rejected' | 'failed';

export class ServerApiError extends Error {
  constructor(
    readonly kind: ServerErrorKind,
    message: string,
    readonly status: number | null = null,
    readonly code: string | null = null,
    /** What the server said in a form the renderer can put into the user's words. */
    readonly text?: Text,
    /** Per form field (path → text), when the server named the fields a refusal concerns. */
    readonly fields?: Record<string, Text>,
  ) {
    super(message);
    this.name = 'ServerApiError';
  }

  /** The IPC error code for this failure. */
  get commandCode(): CommandError['code'] {
    if (this.kind === 'unreachable') return 'offline';
    if (this.kind === 'unauthenticated') return 'unauthenticated';
    if (this.kind === 'failed') return 'failed';
    switch (this.status) {
      case 400:
        return 'invalid_argument';
      case 403:
        return 'forbidden';
      case 404:
        return 'not_found';
      case 409:
        return 'conflict';
      default:
        return 'failed';
    }
  }
}

/** Loosely parsed: a server error code we do not know must not hide the message. */
const ErrorBody = z.object({ error: z.string(), message: z.string(), text: Text.optional().catch(undefined), details: z.unknown().optional() });
/** Field errors a refusal's details carry: `{ texts: { path: Text } }` (validation) or `{ field }` with the answer's text. */
const FieldTexts = z.object({ texts: z.record(z.string().max(100), Text) });
const OneField = z.object({ field: z.string().max(100) });

function fieldsOf(body: z.infer<typeof ErrorBody> | null): Record<string, Text> | undefined {
  if (!body) return undefined;
  const texts = FieldTexts.safeParse(body.details);
  if (texts.success) return texts.data.texts;
  const one = OneField.safeParse(body.details);
  return one.success && body.text ? { [one.data.field]: body.text } : undefined;
}

const Ok = z.object({ ok: z.literal(true) });

export interface RequestOptions<T extends z.ZodType> {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  response: T;
  body?: unknown;
  /** Sent as-is with this content type instead of JSON. */
  rawBody?: { contentType: string; text: string } | { contentType: string; bytes: Uint8Array<ArrayBuffer> };
  idempotencyKey?: string;
  query?: Record<string, string>;
}

export interface ServerApiOptions {
  serverUrl: string;
  token?: string | null;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

/** `https://pbx.example.com/` → `https://pbx.example.com` (no trailing slash, path kept). */
export function normaliseServerUrl(input: string): string {
  const typed = input.trim();
  // "phone.example.com" means https://phone.example.com, as in a browser's address bar.
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(typed) ? typed : `https://${typed}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new ServerApiError('rejected', `Not a server address: ${typed}`, null, 'invalid_server_url', sayText('server.invalidAddress', { address: typed }));
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ServerApiError(
      'rejected',
      `The server address must start with http:// or https:// (got ${url.protocol})`,
      null,
      'invalid_server_url',
      sayText('server.invalidAddress', { address: typed }),
    );
  }
  if (url.protocol === 'http:' && !LOOPBACK_HOST.test(url.hostname)) {
    // Passwords, session tokens and SIP credentials would cross the network readable by anyone.
    throw new ServerApiError(
      'rejected',
      `The server address must start with https:// (plain http:// only for a server on this computer): ${url.host}`,
      null,
      'insecure_server_url',
      sayText('server.plainHttp', { server: url.host }),
    );
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

/** This computer: 127.0.0.0/8, ::1 and localhost. */
const LOOPBACK_HOST = /^(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|\[::1\]|localhost)$/i;

/** Why a request never got an answer: the English for the message, the key for people. */
function describeNetworkError(error: unknown): { english: string; key: MessageKey | null } {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  if ((error as Error).name === 'TimeoutError' || (error as Error).name === 'AbortError')
    return { english: 'it did not answer in time', key: 'server.why.noAnswer' };
  switch (cause?.code) {
    case 'ECONNREFUSED':
      return { english: 'the connection was refused', key: 'server.why.refused' };
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return { english: 'the address could not be found', key: 'server.why.notFound' };
    case 'ECONNRESET':
      return { english: 'the connection was reset', key: 'server.why.reset' };
    case 'ETIMEDOUT':
    case 'UND_ERR_CONNECT_TIMEOUT':
      return { english: 'the connection timed out', key: 'server.why.timedOut' };
    default:
      return {
        english: cause?.message ?? (error as Error).message ?? 'the network failed',
        key: null,
      };
  }
}

export class ServerApi {
  readonly serverUrl: string;
  private token: string | null;
  private readonly timeoutMs: number;
  private readonly fetchImpl: typeof fetch;

  constructor(options: ServerApiOptions) {
    this.serverUrl = normaliseServerUrl(options.serverUrl);
    this.token = options.token ?? null;
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.fetchImpl = options.fetch ?? fetch;
  }

  setToken(token: string | null): void {
    this.token = token;
  }

  async request<T extends z.ZodType>(options: RequestOptions<T>): Promise<z.output<T>> {
    const url = new URL(`${this.serverUrl}${API_PREFIX}${options.path}`);
    for (const [key, value] of Object.entries(options.query ?? {}))
      url.searchParams.set(key, value);
    const headers: Record<string, string> = { accept: 'application/json' };
    if (this.token !== null) headers.authorization = `Bearer ${this.token}`;
    if (options.idempotencyKey !== undefined) headers[IDEMPOTENCY_HEADER] = options.idempotencyKey;
    let body: string | Uint8Array<ArrayBuffer> | undefined;
    if (options.rawBody !== undefined) {
      headers['content-type'] = options.rawBody.contentType;
      body = 'text' in options.rawBody ? options.rawBody.text : options.rawBody.bytes;
    } else if (options.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.body);
    }

    const { response, text } = await this.send(url, { method: options.method, headers, body });
    let json: unknown;
    try {
      json = text === '' ? null : JSON.parse(text);
    } catch {
      throw new ServerApiError(
        'failed',
        `The server answered ${options.method} ${options.path} with something that is not JSON.`,
        response.status,
      );
    }
    const parsed = options.response.safeParse(json);
    if (!parsed.success) {
      throw new ServerApiError(
        'failed',
        `The server's answer to ${options.method} ${options.path} was not understood (${firstIssue(parsed.error, 'body')}). Client and server versions may differ.`,
        response.status,
      );
    }
    return parsed.data;
  }

  /** One bounded round trip: an unreachable server or a refusal becomes a ServerApiError. */
  private async send(url: URL, init: RequestInit): Promise<{ response: Response; text: string }> {
    const { response, body } = await this.exchange(url, init, (r) => r.text().catch(() => ''));
    return { response, text: body };
  }

  /** `send` with the body read by `read` when the answer is a success. */
  private async exchange<B>(url: URL, init: RequestInit, read: (response: Response) => Promise<B>): Promise<{ response: Response; body: B }> {
    let response: Response;
    try {
      response = await this.fetchImpl(url, {
        ...init,
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      const why = describeNetworkError(error);
      throw new ServerApiError(
        'unreachable',
        `The server at ${this.serverUrl} cannot be reached: ${why.english}.`,
        null,
        null,
        sayText('server.unreachable', {
          server: this.serverUrl,
          why: why.key === null ? why.english : sayText(why.key),
        }),
      );
    }
    if (!response.ok) throw this.errorFor(response.status, await response.text().catch(() => ''));
    return { response, body: await read(response) };
  }

  /** For the few answers that are not JSON (CSV downloads). */
  async requestText(
    path: string,
    query: Record<string, string> = {},
  ): Promise<{ text: string; fileName: string | null }> {
    const url = new URL(`${this.serverUrl}${API_PREFIX}${path}`);
    for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);
    const headers: Record<string, string> = {};
    if (this.token !== null) headers.authorization = `Bearer ${this.token}`;
    const { response, text } = await this.send(url, { headers });
    const disposition = response.headers.get('content-disposition') ?? '';
    return { text, fileName: /filename="([^"]+)"/.exec(disposition)?.[1] ?? null };
  }

  /** For binary answers (a recording's audio): the bytes and their content type. */
  async requestBytes(path: string): Promise<{ bytes: Uint8Array; contentType: string }> {
    const url = new URL(`${this.serverUrl}${API_PREFIX}${path}`);
    const headers: Record<string, string> = {};
    if (this.token !== null) headers.authorization = `Bearer ${this.token}`;
    const { response, body } = await this.exchange(url, { headers }, async (r) => new Uint8Array(await r.arrayBuffer()));
    return { bytes: body, contentType: response.headers.get('content-type') ?? 'application/octet-stream' };
  }

  private errorFor(status: number, text: string): ServerApiError {
    let body: z.infer<typeof ErrorBody> | null = null;
    try {
      const parsed = ErrorBody.safeParse(JSON.parse(text));
      body = parsed.success ? parsed.data : null;
    } catch {
      body = null;
    }
    if (status === 401) {
      return new ServerApiError(
        'unauthenticated',
        body?.message ?? 'Your session has expired; sign in again.',
        status,
        body?.error ?? null,
        body?.text,
      );
    }
    if (status === 502 || status === 503 || status === 504) {
      return new ServerApiError(
        'unreachable',
        `The server at ${this.serverUrl} is not available right now (HTTP ${status}).`,
        status,
        null,
        sayText('server.unavailable', { server: this.serverUrl, status }),
      );
    }
    if (status >= 500) {
      return new ServerApiError(
        'failed',
        `The server failed (HTTP ${status})${body ? `: ${body.message}` : ''}.`,
        status,
        body?.error ?? null,
      );
    }
    return new ServerApiError(
      'rejected',
      body?.message ?? `The server refused the request (HTTP ${status}).`,
      status,
      body?.error ?? null,
      body?.text,
      fieldsOf(body),
    );
  }

  // -------------------------------------------------------------------------------------------
  // Session

  async signIn(login: string, password: string, company?: string): Promise<SignInResponse> {
    try {
      return await this.request({
        method: 'POST',
        path: '/auth/sign-in',
        body: company === undefined ? { login, password } : { login, password, company },
        response: SignInResponse,
      });
    } catch (error) {
      if (error instanceof ServerApiError && error.kind === 'unauthenticated') {
        // At sign-in a 401 is about the credentials, not an expired session.
        throw new ServerApiError(
          'unauthenticated',
          error.code === 'unauthenticated' ? error.message : 'Wrong user name or password.',
          401,
          error.code,
          error.code === 'unauthenticated' ? error.text : sayText('auth.wrongCredentials'),
        );
      }
      throw error;
    }
  }

  signOut(): Promise<{ ok: true }> {
    return this.request({ method: 'POST', path: '/auth/sign-out', response: Ok });
  }

  /** Every session of the account ends with it, this one too (issue 12). */
  changePassword(currentPassword: string, newPassword: string): Promise<{ ok: true }> {
    return this.request({ method: 'POST', path: '/me/password', body: { currentPassword, newPassword }, response: Ok });
  }

  /** Needs no session; answered alike whether the account exists. */
  requestPasswordReset(login: string): Promise<{ ok: true }> {
    return this.request({ method: 'POST', path: '/password-reset/request', body: { login }, response: Ok });
  }

  me(): Promise<z.infer<typeof Me>> {
    return this.request({ method: 'GET', path: '/me', response: Me });
  }

  snapshot(): Promise<UserSnapshot> {
    return this.request({ method: 'GET', path: '/me/snapshot', response: UserSnapshot });
  }

  sipCredentials(): Promise<SipCredentials> {
    return this.request({ method: 'GET', path: '/me/sip', response: SipCredentials });
  }

  uploadCalendar(ics: string): Promise<{ events: number }> {
    return this.request({
      method: 'PUT',
      path: '/me/calendar/ics',
      rawBody: { contentType: 'text/calendar', text: ics },
      response: z.object({ events: z.int() }),
    });
  }

  // -------------------------------------------------------------------------------------------
  // The user's own commands, each with the idempotency key it was queued with

  /** Sends one synced command over its route (path parameters from the arguments, the rest as body). */
  async sendCommand(command: PendingCommand): Promise<void> {
    const definition = definitionOf(command.name);
    await this.request({
      ...commandRequest(definition, command.args),
      idempotencyKey: command.key,
      response: answerSchema(definition),
    });
  }
}
