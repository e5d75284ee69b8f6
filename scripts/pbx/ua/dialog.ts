/**
 * A SIP dialog of scripts/pbx/ua/sipUa.ts (RFC 3261 §12): Call-ID, tags, the remote target and
 * the route set (Record-Route, so in-dialog requests go back through the proxy that recorded
 * the route: Kamailio's signed Record-Route keeps holding), CSeq numbering, in-dialog requests.
 * Made from an INVITE or SUBSCRIBE we answered (UAS) or a 2xx to one we sent (UAC).
 */
import { randomBytes } from 'node:crypto';
import type { NameAddr, SipHeaders, SipRequest, SipResponse, SipUri } from 'sip';

export interface RequestOptions {
  /** Extra headers, e.g. { Event: 'message-summary' } (names as written on the wire). */
  headers?: Record<string, string>;
  body?: string;
  contentType?: string;
}

/** What a dialog needs from its UA: sending a request and the UA's Contact. */
export interface DialogHost {
  sendRequest(request: SipRequest): Promise<SipResponse>;
  contact(user?: string): NameAddr;
  forget(dialog: Dialog): void;
}

export function newTag(): string {
  return randomBytes(6).toString('hex');
}

export function newCallId(host: string): string {
  return `${randomBytes(10).toString('hex')}@${host}`;
}

/** Sets extra headers (wire names) on a message's headers, lower-cased as the sip package keeps them. */
export function addHeaders(headers: SipHeaders, extra: Record<string, string> | undefined): void {
  for (const [name, value] of Object.entries(extra ?? {})) headers[name.toLowerCase()] = value;
}

export function uriString(addr: NameAddr | SipUri | string | undefined): string {
  if (addr === undefined) return '';
  if (typeof addr === 'string') return addr;
  if (!('uri' in addr)) return stringifyUriLoose(addr);
  return typeof addr.uri === 'string' ? addr.uri : stringifyUriLoose(addr.uri);
}

function stringifyUriLoose(uri: NameAddr['uri']): string {
  if (typeof uri === 'string') return uri;
  const user = uri.user ? `${uri.user}@` : '';
  const port = uri.port ? `:${uri.port}` : '';
  const params = Object.entries(uri.params ?? {})
    .map(([k, v]) => (v == null ? `;${k}` : `;${k}=${v}`))
    .join('');
  return `${uri.schema ?? 'sip'}:${user}${uri.host}${port}${params}`;
}

export class Dialog {
  /** Our CSeq for the next request. */
  private localSeq: number;
  private ended = false;

  constructor(
    private readonly host: DialogHost,
    readonly callId: string,
    readonly localTag: string,
    readonly remoteTag: string,
    /** Our side's From (as UAC) or To (as UAS), without the tag. */
    private readonly local: NameAddr,
    private readonly remote: NameAddr,
    /** Where in-dialog requests go: the other side's Contact URI. */
    public remoteTarget: string,
    /** Route headers for in-dialog requests, in order. */
    readonly routeSet: NameAddr[],
    firstSeq: number,
    private readonly contactUser?: string,
  ) {
    this.localSeq = firstSeq;
  }

  get id(): string {
    return `${this.callId};${this.localTag}`;
  }

  /** The dialog of a request we answer (INVITE, SUBSCRIBE) with `localTag` in our To. */
  static asUas(host: DialogHost, request: SipRequest, localTag: string, contactUser?: string): Dialog {
    const contact = Array.isArray(request.headers.contact) ? request.headers.contact[0] : undefined;
    return new Dialog(
      host,
      request.headers['call-id'],
      localTag,
      String(request.headers.from.params.tag ?? ''),
      { name: request.headers.to.name, uri: request.headers.to.uri, params: {} },
      { name: request.headers.from.name, uri: request.headers.from.uri, params: {} },
      uriString(contact) || uriString(request.headers.from),
      [...(request.headers['record-route'] ?? [])],
      1,
      contactUser,
    );
  }

  /** The dialog a 2xx to our request set up. */
  static asUac(host: DialogHost, request: SipRequest, response: SipResponse, contactUser?: string): Dialog {
    const contact = Array.isArray(response.headers.contact) ? response.headers.contact[0] : undefined;
    return new Dialog(
      host,
      request.headers['call-id'],
      String(request.headers.from.params.tag ?? ''),
      String(response.headers.to.params.tag ?? ''),
      { name: request.headers.from.name, uri: request.headers.from.uri, params: {} },
      { name: request.headers.to.name, uri: request.headers.to.uri, params: {} },
      uriString(contact) || uriString(request.uri),
      [...(response.headers['record-route'] ?? [])].reverse(),
      request.headers.cseq.seq + 1,
      contactUser,
    );
  }

  /** A request inside the dialog (method, CSeq, tags, route set filled in), not sent. */
  build(method: string, options: RequestOptions = {}, seq?: number): SipRequest {
    const headers: SipHeaders = {
      via: [],
      'max-forwards': 70,
      from: { ...this.local, params: { tag: this.localTag } },
      to: { ...this.remote, params: { tag: this.remoteTag } },
      'call-id': this.callId,
      cseq: { seq: seq ?? this.localSeq++, method },
      contact: [this.host.contact(this.contactUser)],
    };
    if (this.routeSet.length > 0) headers.route = this.routeSet.map((r) => ({ ...r }));
    if (options.body !== undefined) headers['content-type'] = options.contentType ?? 'application/sdp';
    addHeaders(headers, options.headers);
    const request: SipRequest = { method, uri: this.remoteTarget, version: '2.0', headers };
    if (options.body !== undefined) request.content = options.body;
    return request;
  }

  /** Sends a request in the dialog; resolves with the final response (408 when nothing came). */
  request(method: string, options: RequestOptions = {}): Promise<SipResponse> {
    return this.host.sendRequest(this.build(method, options));
  }

  /** The ACK for the 2xx of our INVITE with CSeq `seq`. */
  ack(seq: number, body?: string): Promise<SipResponse> {
    return this.host.sendRequest(this.build('ACK', body === undefined ? {} : { body }, seq));
  }

  /** Forgets the dialog in the UA (no more requests are matched to it). */
  close(): void {
    if (this.ended) return;
    this.ended = true;
    this.host.forget(this);
  }
}
