/**
 * Calls of scripts/pbx/ua/sipUa.ts: an INVITE we received (IncomingCall) or sent (OutgoingCall).
 * Both end once, with a reason (`ended` promise and 'ended' event), and carry their dialog
 * once it exists.
 */
import { EventEmitter } from 'node:events';
import sip, { type SipRequest, type SipResponse } from 'sip';
import digest from 'sip/digest.js';
import { Dialog, addHeaders, newTag, type DialogHost, type RequestOptions } from './dialog';

/** Why a call ended. `local-*`: we did it; `remote-*`: the other side did. */
export type EndReason =
  | 'local-bye'
  | 'remote-bye'
  | 'local-cancel'
  | 'remote-cancel'
  | 'rejected'
  | 'failed'
  | 'no-ack'
  | 'stopped';

export interface CallEvents {
  ended: [reason: EndReason];
  /** A request inside the call's dialog other than BYE/ACK (INFO, NOTIFY, re-INVITE...), already answered. */
  request: [request: SipRequest];
  /** Outgoing calls: a provisional response (180, 181, 183...), with its SDP if any. */
  progress: [response: SipResponse];
  /** Outgoing calls: the 2xx. */
  answered: [response: SipResponse];
  /** Outgoing calls: the final failure response. */
  failed: [status: number, reason: string];
}

abstract class CallBase extends EventEmitter<CallEvents> {
  dialog: Dialog | null = null;
  /** The other side's SDP (offer for an incoming call, answer for an outgoing one). */
  remoteSdp: string | null = null;
  /** Our last SDP (answered again on a re-INVITE). */
  localSdp: string | null = null;
  endReason: EndReason | null = null;
  readonly ended: Promise<EndReason>;
  private resolveEnded!: (reason: EndReason) => void;

  constructor(protected readonly host: DialogHost) {
    super();
    this.ended = new Promise((resolve) => (this.resolveEnded = resolve));
  }

  /** Ends the call's bookkeeping (the wire side is the caller's business). */
  end(reason: EndReason): void {
    if (this.endReason) return;
    this.endReason = reason;
    this.dialog?.close();
    this.resolveEnded(reason);
    this.emit('ended', reason);
  }

  /** A request inside the dialog (INFO, a re-INVITE...); resolves with the final response. */
  request(method: string, options?: RequestOptions): Promise<SipResponse> {
    if (!this.dialog) return Promise.reject(new Error(`${method}: the call has no dialog yet`));
    return this.dialog.request(method, options);
  }

  protected async sendBye(): Promise<void> {
    if (!this.dialog || this.endReason) return;
    const dialog = this.dialog;
    this.end('local-bye');
    await dialog.request('BYE');
  }
}

export class IncomingCall extends CallBase {
  readonly localTag = newTag();
  readonly callId: string;
  private answeredAt: number | null = null;
  private acked = false;
  private retransmit: NodeJS.Timeout | null = null;
  private ackWaiters: (() => void)[] = [];

  constructor(
    host: DialogHost,
    /** The INVITE as received. */
    readonly invite: SipRequest,
    private readonly send: (response: SipResponse) => void,
    private readonly contactUser?: string,
  ) {
    super(host);
    this.callId = invite.headers['call-id'];
    this.remoteSdp = invite.content ? invite.content : null;
  }

  /** A header of the INVITE as text ('' when absent). */
  header(name: string): string {
    const value = this.invite.headers[name.toLowerCase()];
    return typeof value === 'string' ? value : value === undefined ? '' : JSON.stringify(value);
  }

  /** The request-URI's user part (what the proxy addressed us as). */
  get requestUser(): string {
    return sip.parseUri(this.invite.uri)?.user ?? '';
  }

  /** 180 Ringing. */
  ringing(): void {
    this.provisional(180, 'Ringing');
  }

  /** 183 Session Progress with early media (our SDP answer). */
  progress(sdp: string): void {
    this.localSdp = sdp;
    this.provisional(183, 'Session Progress', sdp);
  }

  /** 200 OK with our SDP answer; resolves when the ACK came (or the call ended without one). */
  answer(sdp: string, headers?: Record<string, string>): Promise<void> {
    if (this.endReason || this.answeredAt !== null) return Promise.resolve();
    this.localSdp = sdp;
    this.answeredAt = Date.now();
    this.ensureDialog();
    const response = this.response(200, 'OK', sdp, headers);
    this.send(response);
    // the 2xx is the UAS core's to retransmit (RFC 3261 13.3.1.4) until the ACK arrives
    let interval = 500;
    const resend = (): void => {
      if (this.acked || this.endReason) return;
      if (Date.now() - (this.answeredAt ?? 0) > 32_000) {
        void this.sendBye().then(() => this.end('no-ack'));
        this.end('no-ack');
        return;
      }
      this.send(response);
      interval = Math.min(interval * 2, 4000);
      this.retransmit = setTimeout(resend, interval);
    };
    this.retransmit = setTimeout(resend, interval);
    return new Promise((resolve) => {
      if (this.acked) return resolve();
      this.ackWaiters.push(resolve);
      void this.ended.then(() => resolve());
    });
  }

  /** A final failure response (486, 480, 603...): the call ends as `rejected`. */
  reject(status: number, reason = '', headers?: Record<string, string>): void {
    if (this.endReason || this.answeredAt !== null) return;
    this.send(this.response(status, reason, undefined, headers));
    this.end('rejected');
  }

  /** BYE when answered, 480 before that. */
  async hangUp(): Promise<void> {
    if (this.endReason) return;
    if (this.answeredAt === null) {
      this.reject(480, 'Temporarily Unavailable');
      return;
    }
    await this.sendBye();
  }

  /** The ACK of our 2xx arrived (from the UA's dispatch). */
  acknowledged(): void {
    this.acked = true;
    if (this.retransmit) clearTimeout(this.retransmit);
    for (const resolve of this.ackWaiters.splice(0)) resolve();
  }

  /** The caller cancelled (from the UA's dispatch): 487 to the INVITE. */
  cancelled(): void {
    if (this.endReason || this.answeredAt !== null) return;
    this.send(this.response(487, 'Request Terminated'));
    this.end('remote-cancel');
  }

  override end(reason: EndReason): void {
    if (this.retransmit) clearTimeout(this.retransmit);
    super.end(reason);
  }

  private provisional(status: number, reason: string, sdp?: string): void {
    if (this.endReason || this.answeredAt !== null) return;
    this.ensureDialog();
    this.send(this.response(status, reason, sdp));
  }

  private ensureDialog(): void {
    this.dialog ??= Dialog.asUas(this.host, this.invite, this.localTag, this.contactUser);
  }

  private response(status: number, reason: string, sdp?: string, headers?: Record<string, string>): SipResponse {
    const to = this.invite.headers.to;
    const response = sip.makeResponse(this.invite, status, reason);
    response.headers.to = { ...to, params: { ...to.params, tag: this.localTag } };
    if (status < 300) {
      response.headers.contact = [this.host.contact(this.contactUser)];
      if (this.invite.headers['record-route']) response.headers['record-route'] = this.invite.headers['record-route'];
    }
    if (sdp !== undefined) {
      response.headers['content-type'] = 'application/sdp';
      response.content = sdp;
    }
    addHeaders(response.headers, headers);
    return response;
  }
}

export type OutgoingResult = { answered: true; response: SipResponse } | { answered: false; status: number; reason: string };

export interface Credentials {
  user: string;
  password: string;
}

export class OutgoingCall extends CallBase {
  /** Every provisional response so far. */
  readonly provisional: SipResponse[] = [];
  /** Settles once: answered, or failed with the final status (never rejects). */
  readonly result: Promise<OutgoingResult>;
  private resolveResult!: (result: OutgoingResult) => void;
  private settled = false;
  private cancelRequested = false;
  private authTries = 0;
  private current: SipRequest;

  constructor(
    host: DialogHost,
    invite: SipRequest,
    private readonly sendInvite: (invite: SipRequest, onResponse: (response: SipResponse) => void) => void,
    private readonly sendCancel: (invite: SipRequest) => void,
    private readonly credentials?: Credentials,
    private readonly contactUser?: string,
  ) {
    super(host);
    this.current = invite;
    this.localSdp = invite.content ?? null;
    this.result = new Promise((resolve) => (this.resolveResult = resolve));
    this.sendInvite(invite, (response) => this.onResponse(response));
  }

  get callId(): string {
    return this.current.headers['call-id'];
  }

  /** CANCEL before the answer; BYE after it. */
  async hangUp(): Promise<void> {
    if (this.endReason) return;
    if (this.dialog) return this.sendBye();
    this.cancel();
  }

  /** CANCEL (once a provisional response came; right away it waits for one). */
  cancel(): void {
    if (this.settled || this.cancelRequested) return;
    this.cancelRequested = true;
    if (this.provisional.length > 0) this.sendCancel(this.current);
  }

  private onResponse(response: SipResponse): void {
    const status = response.status;
    if (status < 200) {
      if (status === 100) return;
      this.provisional.push(response);
      if (response.content) this.remoteSdp = response.content;
      if (this.cancelRequested && this.provisional.length === 1) this.sendCancel(this.current);
      this.emit('progress', response);
      return;
    }
    if (status < 300) {
      if (this.settled) {
        // a retransmitted 2xx: ACK it again
        if (this.dialog) void this.dialog.ack(this.current.headers.cseq.seq);
        return;
      }
      this.settled = true;
      this.dialog = Dialog.asUac(this.host, this.current, response, this.contactUser);
      if (response.content) this.remoteSdp = response.content;
      void this.dialog.ack(this.current.headers.cseq.seq);
      this.resolveResult({ answered: true, response });
      this.emit('answered', response);
      if (this.cancelRequested) void this.sendBye();
      return;
    }
    if (this.settled) return;
    if ((status === 401 || status === 407) && this.credentials && this.authTries < 2 && !this.cancelRequested) {
      this.authTries++;
      this.current = this.authenticated(this.current, response, this.credentials);
      this.sendInvite(this.current, (next) => this.onResponse(next));
      return;
    }
    this.settled = true;
    this.resolveResult({ answered: false, status, reason: response.reason });
    this.emit('failed', status, response.reason);
    this.end(this.cancelRequested && status === 487 ? 'local-cancel' : 'failed');
  }

  private authenticated(previous: SipRequest, challenge: SipResponse, credentials: Credentials): SipRequest {
    const header = (challenge.headers[status401or407(challenge)] as { realm?: string }[] | undefined)?.[0];
    const realm = header?.realm?.replace(/^"|"$/g, '') ?? '';
    const next: SipRequest = {
      ...previous,
      headers: { ...previous.headers, via: [], cseq: { seq: previous.headers.cseq.seq + 1, method: previous.headers.cseq.method } },
    };
    delete next.headers.authorization;
    delete next.headers['proxy-authorization'];
    digest.signRequest(null, next, challenge, { ...credentials, realm });
    return next;
  }
}

function status401or407(response: SipResponse): 'www-authenticate' | 'proxy-authenticate' {
  return response.status === 407 ? 'proxy-authenticate' : 'www-authenticate';
}
