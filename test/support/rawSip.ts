/**
 * A bare SIP endpoint over UDP for tests and benchmarks: what a third-party phone (or an
 * attacker) puts on the wire, without sip.js. It registers with digest credentials, places
 * calls (answering the digest challenge, never following a 3xx), answers or refuses calls as
 * the test says, and sends hand-made requests.
 *
 *   const bob = await openRawSip(pbx);                       // loopback UDP socket
 *   await bob.register('bob', password, domain);
 *   bob.onInvite = (invite) => bob.reply(invite, 486, 'Busy Here');
 *   const result = await alice.call('bob', { user: 'alice', password, domain });
 *   bob.close();
 */
import { createHash, randomBytes } from 'node:crypto';
import { createSocket, type Socket } from 'node:dgram';

export interface SipMessage {
  raw: string;
  method: string | null;
  status: number | null;
  requestUri: string | null;
  /** First value of a header (case-insensitive, compact forms not expanded). */
  header(name: string): string | undefined;
  /** Every value of a header, in order (comma-separated values of one line stay together). */
  headers(name: string): string[];
  body: string;
}

export function parseSip(raw: string): SipMessage {
  const split = raw.indexOf('\r\n\r\n');
  const head = split >= 0 ? raw.slice(0, split) : raw;
  const body = split >= 0 ? raw.slice(split + 4) : '';
  const [startLine = '', ...lines] = head.split('\r\n');
  const fields = lines.map((line) => {
    const colon = line.indexOf(':');
    return [line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim()] as const;
  });
  const status = /^SIP\/2\.0 (\d{3})/.exec(startLine);
  const request = /^([A-Z]+) (\S+) SIP\/2\.0/.exec(startLine);
  const headers = (name: string): string[] =>
    fields.filter(([key]) => key === name.toLowerCase()).map(([, value]) => value);
  return {
    raw,
    method: request?.[1] ?? null,
    status: status ? Number(status[1]) : null,
    requestUri: request?.[2] ?? null,
    header: (name) => headers(name)[0],
    headers,
    body,
  };
}

export interface Credentials {
  user: string;
  /** The plain password, or (for users' own accounts, whose password the server never keeps) `ha1`. */
  password?: string;
  /** Digest HA1 as the profile server hands it to softphones; used instead of `password`. */
  ha1?: string;
  domain: string;
}

export interface CallResult {
  final: SipMessage;
  provisional: SipMessage[];
  /** For a 2xx: the in-dialog request this side would send (BYE etc.), already routed. */
  inDialog?: (method: string) => Promise<SipMessage>;
}

const md5 = (text: string): string => createHash('md5').update(text).digest('hex');
const token = (): string => randomBytes(6).toString('hex');

/** A minimal SDP offer/answer: PCMU on a port nothing listens on (signalling only). */
export function plainSdp(host: string): string {
  const id = String(Date.now());
  return [
    'v=0',
    `o=- ${id} ${id} IN IP4 ${host}`,
    's=-',
    `c=IN IP4 ${host}`,
    't=0 0',
    'm=audio 49170 RTP/AVP 0 101',
    'a=rtpmap:0 PCMU/8000',
    'a=rtpmap:101 telephone-event/8000',
    'a=sendrecv',
    '',
  ].join('\r\n');
}

export class RawSipEndpoint {
  /** Requests this endpoint received (INVITE, BYE, ...), in order. */
  readonly received: SipMessage[] = [];
  /** What to do with an incoming INVITE; default: 180, then 200 with an SDP answer. */
  onInvite: (invite: SipMessage) => void = (invite) => {
    if (!/;tag=/.test(invite.header('To') ?? '')) this.reply(invite, 180, 'Ringing');
    this.reply(invite, 200, 'OK', [], plainSdp(this.host));
  };
  private readonly waiting = new Map<string, (message: SipMessage) => void>();
  private readonly localTags = new Map<string, string>();

  constructor(
    private readonly socket: Socket,
    readonly host: string,
    readonly port: number,
    private readonly pbx: { host: string; sipPort: number },
  ) {
    socket.on('message', (data) => this.handle(parseSip(data.toString('utf8'))));
  }

  /** The To tag this endpoint gives in its replies within the call `callId`, once it replied. */
  localTag(callId: string): string | undefined {
    return this.localTags.get(callId);
  }

  get contact(): string {
    return `sip:raw-${this.port}@${this.host}:${this.port}`;
  }

  send(text: string): void {
    this.socket.send(Buffer.from(text), this.pbx.sipPort, this.pbx.host);
  }

  /** Sends a request and resolves with its final response (provisional ones go to `progress`). */
  request(
    text: string,
    progress?: (response: SipMessage) => void,
    timeoutMs = 10_000,
  ): Promise<SipMessage> {
    const message = parseSip(text);
    const key = `${message.header('Call-ID')} ${message.header('CSeq')}`;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(key);
        reject(new Error(`no final response to ${message.method} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiting.set(key, (response) => {
        if ((response.status ?? 0) < 200) {
          progress?.(response);
          return;
        }
        clearTimeout(timer);
        this.waiting.delete(key);
        resolve(response);
      });
      this.send(text);
    });
  }

  /** Answers a request this endpoint received. */
  reply(
    request: SipMessage,
    status: number,
    reason: string,
    extra: string[] = [],
    body = '',
  ): void {
    const callId = request.header('Call-ID') ?? '';
    let tag = this.localTags.get(callId);
    if (!tag) this.localTags.set(callId, (tag = token()));
    const to = request.header('To') ?? '';
    const lines = [
      `SIP/2.0 ${status} ${reason}`,
      ...request.headers('Via').map((via) => `Via: ${via}`),
      ...request.headers('Record-Route').map((rr) => `Record-Route: ${rr}`),
      `From: ${request.header('From') ?? ''}`,
      `To: ${/;tag=/.test(to) || status === 100 ? to : `${to};tag=${tag}`}`,
      `Call-ID: ${callId}`,
      `CSeq: ${request.header('CSeq') ?? ''}`,
      `Contact: <${this.contact}>`,
      ...extra,
      ...(body ? ['Content-Type: application/sdp'] : []),
      `Content-Length: ${Buffer.byteLength(body)}`,
      '',
      body,
    ];
    this.send(lines.join('\r\n'));
  }

  async register(credentials: Credentials, expires = 300): Promise<SipMessage> {
    const callId = `${token()}@${this.host}`;
    const uri = `sip:${credentials.domain}`;
    const build = (cseq: number, authorization?: string): string =>
      this.requestText('REGISTER', uri, {
        callId,
        cseq,
        from: `<sip:${credentials.user}@${credentials.domain}>;tag=${token()}`,
        to: `<sip:${credentials.user}@${credentials.domain}>`,
        extra: [
          `Contact: <${this.contact}>;expires=${expires}`,
          ...(authorization ? [authorization] : []),
        ],
      });
    const first = await this.request(build(1));
    if (first.status !== 401) return first;
    return this.request(build(2, authorize(first, 'REGISTER', uri, credentials)));
  }

  /**
   * Calls `target` (a user part of the PBX's domain, or a whole sip: URI) as `credentials`;
   * never follows a 3xx.
   * ACKs the final response as a phone does.
   */
  async call(target: string, credentials: Credentials, extra: string[] = []): Promise<CallResult> {
    const callId = `${token()}@${this.host}`;
    const uri = target.startsWith('sip:') ? target : `sip:${target}@${credentials.domain}`;
    const from = `"Raw" <sip:${credentials.user}@${credentials.domain}>;tag=${token()}`;
    const provisional: SipMessage[] = [];
    const build = (cseq: number, branch: string, authorization?: string): string =>
      this.requestText('INVITE', uri, {
        callId,
        cseq,
        branch,
        from,
        to: `<${uri}>`,
        extra: [`Contact: <${this.contact}>`, ...extra, ...(authorization ? [authorization] : [])],
        body: plainSdp(this.host),
      });
    let branch = `z9hG4bK${token()}`;
    let final = await this.request(build(1, branch), (r) => provisional.push(r));
    this.ackFailure(final, uri, 1, branch);
    if (final.status === 401 || final.status === 407) {
      branch = `z9hG4bK${token()}`;
      final = await this.request(
        build(2, branch, authorize(final, 'INVITE', uri, credentials)),
        (r) => provisional.push(r),
      );
      this.ackFailure(final, uri, 2, branch);
    }
    if (final.status !== 200) return { final, provisional };
    const remoteTarget = /<([^>]+)>/.exec(final.header('Contact') ?? '')?.[1] ?? uri;
    const routes = final
      .headers('Record-Route')
      .flatMap((rr) => rr.split(/,\s*(?=<)/))
      .reverse();
    const to = final.header('To') ?? '';
    let cseq = 2;
    const inDialog = (method: string): Promise<SipMessage> => {
      cseq += 1;
      const text = this.requestText(method, remoteTarget, {
        callId,
        cseq: method === 'ACK' ? 2 : cseq,
        from,
        to,
        extra: routes.map((route) => `Route: ${route}`),
      });
      if (method === 'ACK') {
        this.send(text);
        return Promise.resolve(final);
      }
      return this.request(text);
    };
    void inDialog('ACK');
    return { final, provisional, inDialog };
  }

  /** Builds a request with this endpoint's Via. */
  requestText(
    method: string,
    uri: string,
    parts: {
      callId: string;
      cseq: number;
      from: string;
      to: string;
      branch?: string;
      extra?: string[];
      body?: string;
    },
  ): string {
    const body = parts.body ?? '';
    return [
      `${method} ${uri} SIP/2.0`,
      `Via: SIP/2.0/UDP ${this.host}:${this.port};rport;branch=${parts.branch ?? `z9hG4bK${token()}`}`,
      'Max-Forwards: 70',
      `From: ${parts.from}`,
      `To: ${parts.to}`,
      `Call-ID: ${parts.callId}`,
      `CSeq: ${parts.cseq} ${method}`,
      ...(parts.extra ?? []),
      ...(body ? ['Content-Type: application/sdp'] : []),
      `Content-Length: ${Buffer.byteLength(body)}`,
      '',
      body,
    ].join('\r\n');
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.socket.close(() => resolve()));
  }

  private ackFailure(final: SipMessage, uri: string, cseq: number, branch: string): void {
    if ((final.status ?? 0) < 300) return;
    this.send(
      this.requestText('ACK', uri, {
        callId: final.header('Call-ID') ?? '',
        cseq,
        branch,
        from: final.header('From') ?? '',
        to: final.header('To') ?? '',
      }),
    );
  }

  private handle(message: SipMessage): void {
    if (message.status !== null) {
      this.waiting.get(`${message.header('Call-ID')} ${message.header('CSeq')}`)?.(message);
      return;
    }
    this.received.push(message);
    switch (message.method) {
      case 'INVITE':
        this.reply(message, 100, 'Trying');
        this.onInvite(message);
        break;
      case 'ACK':
        break;
      default:
        this.reply(message, 200, 'OK');
    }
  }
}

/** Digest response (RFC 2617, qop=auth) to a 401/407 challenge. */
export function authorize(
  challenge: SipMessage,
  method: string,
  uri: string,
  credentials: Credentials,
): string {
  const header =
    challenge.header('WWW-Authenticate') ?? challenge.header('Proxy-Authenticate') ?? '';
  const param = (name: string): string =>
    new RegExp(`${name}="?([^",]+)"?`).exec(header)?.[1] ?? '';
  const realm = param('realm');
  const nonce = param('nonce');
  const cnonce = token();
  const nc = '00000001';
  const ha1 = credentials.ha1 ?? md5(`${credentials.user}:${realm}:${credentials.password}`);
  const ha2 = md5(`${method}:${uri}`);
  const qop = /qop="?[^"]*auth/.test(header);
  const response = qop
    ? md5(`${ha1}:${nonce}:${nc}:${cnonce}:auth:${ha2}`)
    : md5(`${ha1}:${nonce}:${ha2}`);
  const name = challenge.status === 407 ? 'Proxy-Authorization' : 'Authorization';
  return `${name}: Digest username="${credentials.user}", realm="${realm}", nonce="${nonce}", uri="${uri}", response="${response}", algorithm=MD5${qop ? `, qop=auth, nc=${nc}, cnonce="${cnonce}"` : ''}`;
}

export async function openRawSip(pbx: { host: string; sipPort: number }): Promise<RawSipEndpoint> {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(0, pbx.host, () => resolve());
  });
  return new RawSipEndpoint(socket, pbx.host, socket.address().port, pbx);
}
