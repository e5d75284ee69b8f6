/**
 * A small SIP user agent for the PBX side (the media component, the carrier simulator, tests),
 * over UDP on a free loopback port, built on the npm `sip` package (its transaction layer
 * retransmits over UDP and absorbs retransmissions). Media is scripts/pbx/ua/rtp.ts's business.
 *
 *   const ua = await startUa({ user: 'media', log });        // sip:media@127.0.0.1:<port>
 *   ua.on('invite', (call: IncomingCall) => {                 // a new incoming call
 *     call.remoteSdp; call.requestUser; call.header('P-Asserted-Identity');
 *     call.ringing();            // 180            call.progress(sdp)   // 183 + early media
 *     await call.answer(sdp);    // 200, resolves on the ACK (2xx retransmitted until then)
 *     call.reject(486, 'Busy Here');                      await call.hangUp();   // BYE
 *     await call.ended;          // EndReason: 'remote-bye' | 'remote-cancel' | 'local-bye' | ...
 *   });
 *   const out = ua.invite('sip:1002@127.0.0.1:5060', {     // an outgoing call
 *     from: 'sip:alice@pbx.test', sdp, headers: { 'X-Foo': 'bar' },
 *     credentials: { user: 'alice', password },            // digest on 401/407
 *   });
 *   out.on('progress', (response) => ...);  // 180/181/183 (SDP in response.content)
 *   const result = await out.result;        // { answered: true, response } | { answered: false, status, reason }
 *   out.cancel(); await out.hangUp();       // CANCEL before the answer, BYE after
 *   call.request('INFO', { headers, body, contentType })   // in-dialog requests, either kind
 *   const response = await ua.request('NOTIFY', 'sip:bob@127.0.0.1:5060', { headers, body, contentType, from, to, credentials });
 *   ua.on('request', (request, respond) => respond(200));  // out-of-dialog SUBSCRIBE, NOTIFY, MESSAGE...
 *   ua.acceptDialog(request, respond)       // answer a SUBSCRIBE 200 and get its Dialog (for NOTIFYs)
 *   await ua.stop();                        // ends every call ('stopped'), closes the socket
 *
 * OPTIONS is answered 200 (Allow, Accept); an out-of-dialog request nobody listens for gets
 * 405, an INVITE nobody listens for 480, a request for an unknown dialog 481. In-dialog INFO,
 * NOTIFY, UPDATE and re-INVITE are answered 200 (a re-INVITE with our last SDP) and then emitted
 * as the call's 'request' event.
 */
import { EventEmitter } from 'node:events';
import sip, { type NameAddr, type Remote, type SipRequest, type SipResponse, type Stack } from 'sip';
import { freeUdpPort } from '../processGroup';
import { IncomingCall, OutgoingCall, type Credentials, type EndReason } from './calls';
import { Dialog, addHeaders, newCallId, newTag, type DialogHost, type RequestOptions } from './dialog';

export { IncomingCall, OutgoingCall, Dialog };
export type { Credentials, EndReason, RequestOptions, SipRequest, SipResponse };

export interface UaOptions {
  /** Address to bind (default 127.0.0.1). */
  host?: string;
  /** Port (default: a free one). */
  port?: number;
  /** The user part of our Contact (default `ua`). */
  user?: string;
  /** One line per message sent and received, and per error. */
  log?: (line: string) => void;
  /**
   * In-dialog requests for a dialog this UA does not know go to the 'request' listeners instead
   * of a 481 (simulators and tests that keep their own dialogs, e.g. NOTIFYs for a SUBSCRIBE
   * sent with request()).
   */
  passUnknownDialogs?: boolean;
}

export interface OutOfDialogOptions extends RequestOptions {
  /** From URI or name-addr (default sip:<user>@<host>:<port>). */
  from?: string;
  /** To URI or name-addr (default the request URI). */
  to?: string;
  /** Digest credentials for a 401/407. */
  credentials?: Credentials;
  /** Call-ID (default a new one). */
  callId?: string;
}

export interface InviteOptions extends OutOfDialogOptions {
  /** Our SDP offer. */
  sdp?: string;
}

export type Respond = (status: number, reason?: string, options?: RequestOptions & { toTag?: string }) => void;

export interface UaEvents {
  invite: [call: IncomingCall];
  request: [request: SipRequest, respond: Respond, remote: Remote];
}

export class SipUa extends EventEmitter<UaEvents> implements DialogHost {
  readonly uri: string;
  private readonly calls = new Map<string, IncomingCall | OutgoingCall>();
  private readonly pendingInvites = new Map<string, IncomingCall>();
  private readonly dialogs = new Map<string, { dialog: Dialog; onRequest?: (request: SipRequest, respond: Respond) => void }>();
  private stopped = false;

  constructor(
    private readonly stack: Stack,
    readonly host: string,
    readonly port: number,
    readonly user: string,
    private readonly log: (line: string) => void,
    private readonly passUnknownDialogs = false,
  ) {
    super();
    this.uri = `sip:${user}@${host}:${port}`;
  }

  /** The request-URI's user part of a request. */
  requestUserOf(request: SipRequest): string {
    return sip.parseUri(request.uri)?.user ?? '';
  }

  contact(user = this.user): NameAddr {
    return { uri: `sip:${user}@${this.host}:${this.port}`, params: {} };
  }

  /** Starts an outgoing call to `target` (a SIP URI). */
  invite(target: string, options: InviteOptions = {}): OutgoingCall {
    const request = this.outOfDialog('INVITE', target, { ...options, ...(options.sdp !== undefined ? { body: options.sdp, contentType: 'application/sdp' } : {}) });
    const call = new OutgoingCall(
      this,
      request,
      (invite, onResponse) => this.stack.send(invite, (response) => {
        this.logMessage('<-', response);
        onResponse(response);
      }),
      (invite) => this.sendCancel(invite),
      options.credentials,
    );
    this.logMessage('->', request);
    const key = `${request.headers['call-id']};${String(request.headers.from.params.tag)}`;
    this.calls.set(key, call);
    void call.ended.then(() => this.calls.delete(key));
    return call;
  }

  /** An out-of-dialog request (NOTIFY, MESSAGE, OPTIONS...); resolves with the final response. */
  async request(method: string, target: string, options: OutOfDialogOptions = {}): Promise<SipResponse> {
    let request = this.outOfDialog(method, target, options);
    let response = await this.sendRequest(request);
    if ((response.status === 401 || response.status === 407) && options.credentials) {
      const { default: digest } = await import('sip/digest.js');
      const header = (response.headers[response.status === 407 ? 'proxy-authenticate' : 'www-authenticate'] as { realm?: string }[] | undefined)?.[0];
      request = { ...request, headers: { ...request.headers, via: [], cseq: { seq: request.headers.cseq.seq + 1, method } } };
      digest.signRequest(null, request, response, { ...options.credentials, realm: header?.realm?.replace(/^"|"$/g, '') ?? '' });
      response = await this.sendRequest(request);
    }
    return response;
  }

  /**
   * Answers a dialog-creating request (SUBSCRIBE) with 200 and returns the dialog, through
   * which requests such as NOTIFY go (along its Record-Route). `onRequest` gets the later
   * in-dialog requests (refreshing SUBSCRIBEs) to answer (200 when it has no `onRequest`);
   * a BYE is answered 200 and closes the dialog.
   */
  acceptDialog(request: SipRequest, respond: Respond, options: RequestOptions & { onRequest?: (request: SipRequest, respond: Respond) => void } = {}): Dialog {
    const tag = newTag();
    const dialog = Dialog.asUas(this, request, tag);
    this.dialogs.set(dialog.id, { dialog, onRequest: options.onRequest });
    respond(200, 'OK', { ...options, toTag: tag });
    return dialog;
  }

  /** Stops: every call ends ('stopped', no BYE sent), the socket closes. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    for (const call of this.calls.values()) call.end('stopped');
    for (const { dialog } of this.dialogs.values()) dialog.close();
    await new Promise((resolve) => setTimeout(resolve, 10));
    this.stack.destroy();
  }

  sendRequest(request: SipRequest): Promise<SipResponse> {
    this.logMessage('->', request);
    if (request.method === 'ACK') {
      this.stack.send(request);
      return Promise.resolve(sip.makeResponse(request, 200, 'OK'));
    }
    return new Promise((resolve) => {
      this.stack.send(request, (response) => {
        this.logMessage('<-', response);
        if (response.status >= 200) resolve(response);
      });
    });
  }

  forget(dialog: Dialog): void {
    this.dialogs.delete(dialog.id);
  }

  /** Everything the stack receives that is not a retransmission or a response. */
  onMessage(request: SipRequest, remote: Remote): void {
    if (this.stopped) return;
    this.logMessage('<-', request);
    const toTag = request.headers.to.params.tag;
    const callId = request.headers['call-id'];
    if (request.method === 'CANCEL') {
      const call = this.pendingInvites.get(`${callId};${String(request.headers.via?.[0]?.params.branch)}`);
      this.reply(request, call ? 200 : 481, call ? 'OK' : 'Call/Transaction Does Not Exist');
      call?.cancelled();
      return;
    }
    if (toTag) {
      this.inDialog(request, String(toTag));
      return;
    }
    if (request.method === 'ACK') return;
    if (request.method === 'INVITE') {
      const call = new IncomingCall(this, request, (response) => this.sendResponse(response));
      if (this.listenerCount('invite') === 0) {
        call.reject(480, 'Temporarily Unavailable');
        return;
      }
      const inviteKey = `${callId};${String(request.headers.via?.[0]?.params.branch)}`;
      this.pendingInvites.set(inviteKey, call);
      this.calls.set(`${callId};${call.localTag}`, call);
      void call.ended.then(() => this.calls.delete(`${callId};${call.localTag}`));
      setTimeout(() => this.pendingInvites.delete(inviteKey), 180_000).unref();
      this.reply(request, 100, 'Trying');
      this.emit('invite', call);
      return;
    }
    if (request.method === 'OPTIONS') {
      this.reply(request, 200, 'OK', { headers: { Allow: 'INVITE, ACK, CANCEL, BYE, OPTIONS, INFO, NOTIFY, SUBSCRIBE', Accept: 'application/sdp' } });
      return;
    }
    if (this.listenerCount('request') === 0) {
      this.reply(request, 405, 'Method Not Allowed', { headers: { Allow: 'INVITE, ACK, CANCEL, BYE, OPTIONS' } });
      return;
    }
    this.emit('request', request, this.responder(request), remote);
  }

  private inDialog(request: SipRequest, localTag: string): void {
    const key = `${request.headers['call-id']};${localTag}`;
    const call = this.calls.get(key);
    const plain = this.dialogs.get(key);
    if (request.method === 'ACK') {
      if (call instanceof IncomingCall) call.acknowledged();
      return;
    }
    if (!call && !plain) {
      if (this.passUnknownDialogs && this.listenerCount('request') > 0 && request.method !== 'BYE') {
        this.emit('request', request, this.responder(request), { protocol: 'UDP', address: '', port: 0 });
        return;
      }
      this.reply(request, 481, 'Call/Transaction Does Not Exist');
      return;
    }
    if (request.method === 'BYE') {
      this.reply(request, 200, 'OK');
      call?.end('remote-bye');
      plain?.dialog.close();
      return;
    }
    if (call) {
      if (request.method === 'INVITE' || request.method === 'UPDATE') {
        if (request.content) call.remoteSdp = request.content;
        const sdp = call.localSdp ?? undefined;
        this.reply(request, 200, 'OK', sdp === undefined ? {} : { body: sdp, contentType: 'application/sdp', contact: true });
      } else {
        this.reply(request, 200, 'OK');
      }
      call.emit('request', request);
      return;
    }
    if (!plain?.onRequest) {
      this.reply(request, 200, 'OK');
      return;
    }
    plain.onRequest(request, this.responder(request));
  }

  /** A respond() that answers `request` once. */
  private responder(request: SipRequest): Respond {
    let answered = false;
    return (status, reason, options) => {
      if (answered) return;
      answered = true;
      this.reply(request, status, reason ?? '', options);
    };
  }

  private reply(request: SipRequest, status: number, reason: string, options: RequestOptions & { toTag?: string; contact?: boolean } = {}): void {
    const response = sip.makeResponse(request, status, reason);
    const to = request.headers.to;
    if (options.toTag) response.headers.to = { ...to, params: { ...to.params, tag: options.toTag } };
    if (options.toTag || options.contact) {
      response.headers.contact = [this.contact()];
      if (request.headers['record-route']) response.headers['record-route'] = request.headers['record-route'];
    }
    if (options.body !== undefined) {
      response.headers['content-type'] = options.contentType ?? 'application/sdp';
      response.content = options.body;
    }
    addHeaders(response.headers, options.headers);
    this.sendResponse(response);
  }

  private sendResponse(response: SipResponse): void {
    if (this.stopped) return;
    this.logMessage('->', response);
    this.stack.send(response);
  }

  private sendCancel(invite: SipRequest): void {
    const cancel: SipRequest = {
      method: 'CANCEL',
      uri: invite.uri,
      version: '2.0',
      headers: {
        via: invite.headers.via?.slice(0, 1) ?? [],
        'max-forwards': 70,
        from: invite.headers.from,
        to: invite.headers.to,
        'call-id': invite.headers['call-id'],
        cseq: { seq: invite.headers.cseq.seq, method: 'CANCEL' },
        ...(invite.headers.route ? { route: invite.headers.route } : {}),
      },
    };
    void this.sendRequest(cancel);
  }

  private outOfDialog(method: string, target: string, options: OutOfDialogOptions): SipRequest {
    const from = parseNameAddr(options.from ?? `sip:${this.user}@${this.host}:${this.port}`);
    const to = parseNameAddr(options.to ?? target);
    const headers: SipRequest['headers'] = {
      via: [],
      'max-forwards': 70,
      from: { ...from, params: { ...from.params, tag: from.params.tag ?? newTag() } },
      to,
      'call-id': options.callId ?? newCallId(this.host),
      cseq: { seq: 1, method },
      contact: [this.contact()],
    };
    if (options.body !== undefined) headers['content-type'] = options.contentType ?? 'application/sdp';
    addHeaders(headers, options.headers);
    const request: SipRequest = { method, uri: target, version: '2.0', headers };
    if (options.body !== undefined) request.content = options.body;
    return request;
  }

  private logMessage(direction: '->' | '<-', message: SipRequest | SipResponse): void {
    const first = message.method ? `${message.method} ${sip.stringifyUri(message.uri ?? '')}` : `${message.status} ${message.reason}`;
    this.log(`${direction} ${first} (${message.headers.cseq.seq} ${message.headers.cseq.method}, ${message.headers['call-id']})`);
  }
}

/** `"Name" <sip:u@h>;p=1` or a bare URI → the sip package's name-addr object. */
function parseNameAddr(text: string): NameAddr {
  const match = /^\s*(?:"([^"]*)"\s*|([^<"]*?)\s*)?<([^>]+)>(.*)$/.exec(text);
  if (!match) return { uri: text.trim(), params: {} };
  const name = match[1] !== undefined ? `"${match[1]}"` : match[2] ? match[2] : undefined;
  const params: NameAddr['params'] = {};
  for (const part of (match[4] ?? '').split(';').slice(1)) {
    const [key, value] = part.split('=');
    if (key) params[key.trim()] = value?.trim() ?? null;
  }
  return { ...(name ? { name } : {}), uri: match[3]!, params };
}

/** Starts a UA on `host` (default 127.0.0.1) and a free UDP port. */
export async function startUa(options: UaOptions = {}): Promise<SipUa> {
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? (await freeUdpPort(host));
  const log = options.log ?? (() => {});
  let ua: SipUa | null = null;
  const stack = sip.create(
    {
      address: host,
      port,
      tcp: false,
      // The sip package drops a Route naming its own host: a proxy on the same address (Kamailio
      // on loopback) would lose its Record-Route. Our Via and hostname say `localhost` instead;
      // replies still come back to the source address (rport, received).
      publicAddress: 'localhost',
      logger: { error: (error) => log(`error: ${error instanceof Error ? error.stack ?? error.message : String(error)}`) },
    },
    (request, remote) => ua?.onMessage(request, remote),
  );
  ua = new SipUa(stack, host, port, options.user ?? 'ua', log, options.passUnknownDialogs);
  return ua;
}
