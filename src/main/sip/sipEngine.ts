/**
 * The softphone's SIP user agent (sip.js over WebSocket), independent of Electron.
 *
 * It registers and stays registered (registration.ts), places and receives calls, and keeps
 * one record per call that the UI sees as plain snapshots. Media is somebody else's job: the
 * session-description handler factory is injected (the renderer bridge in the app, an
 * SDP-only stand-in in Node tests). What to do with an incoming call is injected too, so the
 * client service decides with the profile in effect at that instant.
 */
import {
  Inviter,
  SIPExtension,
  SessionState,
  UserAgent,
  type Invitation,
  type InviterOptions,
  type Referral,
  type Session,
  type SessionDescriptionHandlerFactory,
} from 'sip.js';
import { CallBook } from './callBook';
import { CallRecord } from './callRecord';
import { HANG_UP, LOST_MEDIA, SIGN_OUT, endCall, type Ending } from './callEnding';
import { parseDialString, type DialPlan } from './dialString';
import { TypedEmitter } from './emitter';
import { callerOf, calledNumberOf, calledTypeOf } from './identity';
import { SipWebSocketTransport, type SipTransportOptions } from './wsTransport';
import { presentationOptions, sendDtmfTones, sendHoldReInvite, sendRefer } from './sessionRequests';
import { forwardedTargetOf } from './forwarding';
import { referredParty } from './referParty';
import { cancelledCall, failureReason, isBusyStatus, startFailureReason } from './reasons';
import { text } from '../../shared/text';
import { RegistrationController } from './registration';
import { CallPaths, type CallPathOptions } from './callPaths';
import type { BackoffPolicy } from '../../shared/backoff';
import type {
  CallHistoryPort,
  CallSnapshot,
  CallerIdPresentation,
  IncomingCallInfo,
  IncomingDecision,
  RedirectReason,
  RegistrationSnapshot,
  SipEngineEvents,
  SipLogger,
} from './types';
import { isMuteCapable, silentLogger } from './types';
import { forwardTargetParam } from '../../shared/forwardTarget';
import { prepareAnswer } from './preparedAnswer';

export interface SipEngineOptions {
  /** ws:// or wss:// address of the PBX. */
  wsUrl: string;
  /**
   * Every proxy of the PBX, in order (a pair: issue 15); when given, the engine registers at the
   * first and moves on to the next whenever the connection or the registration fails
   * (pbxServers.ts). Without it (or empty): `wsUrl` alone.
   */
  wsUrls?: readonly string[];
  /** SIP domain (and digest realm) of the account. */
  domain: string;
  user: string;
  /**
   * The digest secret: the HA1 the profile server hands out (md5(user:realm:secret), sip.js
   * `authorizationHa1`; the server keeps no SIP password), or a plain password (desk-phone style
   * accounts in tests).
   */
  secret: { ha1: string } | { password: string };
  displayName?: string;
  /** Creates each call's media handler (the renderer bridge, or the SDP-only stand-in). */
  mediaFactory: SessionDescriptionHandlerFactory;
  /** What to do with an incoming call; default: ring, or busy when already in a call. */
  decideIncoming?: (call: IncomingCallInfo) => IncomingDecision;
  /** The identity to present on the next outgoing call; default: the account's own. */
  callerId?: () => CallerIdPresentation | null;
  history?: CallHistoryPort;
  logger?: SipLogger;
  /** For numbers typed in national format ("08-123 45 67"), e.g. "46". */
  countryCode?: string;
  /** REGISTER expiry in seconds. */
  registrationExpires?: number;
  backoff?: BackoffPolicy;
  /** How many 302 redirects an outgoing call follows. */
  maxRedirects?: number;
  /**
   * Seconds between WebSocket pings; a silent path is noticed within two of them (default
   * DEFAULT_KEEPALIVE_SECONDS, i.e. within 20 s). Tests shorten it.
   */
  keepAliveSeconds?: number;
  /** Extra CAs (PEM) trusted for a wss:// PBX besides the system's (a company or dev CA). */
  trustedCa?: string | Buffer | Array<string | Buffer>;
  /** How calls outlive a lost connection (target refresh after re-registering; give-up time). */
  callPaths?: CallPathOptions;
}

/** How long in-dialog re-INVITEs wait for the caller's ACK to our 200 OK (RFC 5407 suggests ~2 s). */
const ACK_WAIT_MS = 2000;

const defaultDecision = (call: IncomingCallInfo): IncomingDecision =>
  call.inCall ? { action: 'reject', status: 486, reason: 'Busy Here' } : { action: 'ring' };

export class SipEngine extends TypedEmitter<SipEngineEvents> {
  private readonly userAgent: UserAgent;
  private readonly registration: RegistrationController;
  private readonly book: CallBook;
  private readonly paths: CallPaths;
  private readonly logger: SipLogger;
  private readonly plan: DialPlan;

  constructor(private readonly options: SipEngineOptions) {
    super();
    this.logger = options.logger ?? silentLogger;
    this.plan = { domain: options.domain, countryCode: options.countryCode };
    const uri = UserAgent.makeURI(`sip:${options.user}@${options.domain}`);
    if (!uri) throw new Error(`"${options.user}@${options.domain}" is not a valid SIP address`);
    this.userAgent = new UserAgent({
      uri,
      transportConstructor: SipWebSocketTransport,
      transportOptions: {
        server: options.wsUrls?.[0] ?? options.wsUrl,
        connectionTimeout: 5,
        keepAliveSeconds: options.keepAliveSeconds,
        ca: options.trustedCa,
      } satisfies SipTransportOptions,
      authorizationUsername: options.user,
      ...('ha1' in options.secret ? { authorizationHa1: options.secret.ha1 } : { authorizationPassword: options.secret.password }),
      displayName: options.displayName ?? options.user,
      sessionDescriptionHandlerFactory: options.mediaFactory,
      sipExtensionReplaces: SIPExtension.Supported,
      logBuiltinEnabled: false,
      logLevel: 'warn',
      logConnector: (level, category, _label, content) => {
        if (level === 'error') this.logger.error(`${category}: ${content}`);
        else if (level === 'warn') this.logger.warn(`${category}: ${content}`);
      },
      delegate: {
        onConnect: () => this.registration.handleConnect(),
        onDisconnect: (error) => this.registration.handleDisconnect(error),
        onInvite: (invitation) => this.handleInvite(invitation),
      },
    });
    this.book = new CallBook({
      emit: (event, payload) => this.emit(event, payload),
      onRefer: (record, referral) => this.handleRefer(record, referral),
      history: options.history,
      logger: this.logger,
    });
    this.registration = new RegistrationController(this.userAgent, {
      expires: options.registrationExpires ?? 300,
      backoff: options.backoff,
      logger: this.logger,
      servers: options.wsUrls,
      onChange: (state) => {
        this.emit('registration', state);
        this.paths.follow(state.status);
      },
    });
    this.paths = new CallPaths(
      {
        book: this.book,
        end: (record) => this.end(record, LOST_MEDIA),
        emit: (event, payload) => this.emit(event, payload),
        logger: this.logger,
      },
      options.callPaths,
    );
  }

  get registrationState(): RegistrationSnapshot {
    return this.registration.snapshot;
  }

  calls(): CallSnapshot[] {
    return [...this.book.all().values()].map((record) => record.snapshot());
  }

  /** Connects and registers; the registration event tells when (and whether) that worked. */
  async start(): Promise<void> {
    await this.registration.start();
  }

  /** Ends all calls, unregisters (Expires: 0) and disconnects. */
  async stop(): Promise<void> {
    this.paths.dispose();
    await Promise.all(
      this.book.all().map((record) => this.end(record, SIGN_OUT).catch(() => undefined)),
    );
    await this.registration.stop();
    await this.userAgent.stop();
  }

  networkChanged(): void {
    this.registration.networkChanged();
  }

  // ------------------------------------------------------------------------------------------
  // Outgoing calls

  /** Calls what the user typed; resolves with the call id as soon as the INVITE is on its way. */
  async dial(input: string): Promise<string> {
    const target = parseDialString(input, this.plan);
    const uri = UserAgent.makeURI(target.uri);
    if (!uri) throw new Error(`"${input}" is not a phone number or SIP address`);
    const inviter = new Inviter(this.userAgent, uri, this.inviterOptions());
    const record = new CallRecord(
      'outgoing',
      inviter,
      { number: target.display, displayName: null },
      'dialing',
    );
    record.calledNumber = target.user;
    this.book.track(record);
    await this.settleOthers(record.id, 'hold');
    this.sendInvite(record, inviter, 0);
    return record.id;
  }

  private inviterOptions(): InviterOptions {
    return presentationOptions(this.options.callerId?.() ?? null, this.options.domain);
  }

  private sendInvite(record: CallRecord, inviter: Inviter, redirects: number): void {
    this.book.attach(record, inviter);
    // The call's recording (if the caller's profile records calls) is found by this Call-ID.
    record.sipCallId = inviter.request.callId;
    inviter
      .invite({
        requestDelegate: {
          onProgress: (response) => {
            if (record.answeredAt) return;
            const forwardedTo = forwardedTargetOf(response.message);
            if (forwardedTo) record.forwardedTo = forwardedTo;
            const early = response.message.statusCode === 183 || Boolean(response.message.body);
            this.book.update(record, { state: early ? 'early' : 'ringing' });
          },
          onRedirect: (response) =>
            this.followRedirect(record, response.message.getHeader('Contact'), redirects),
          onReject: (response) => {
            const { statusCode = 500, reasonPhrase } = response.message;
            if (record.outcome === 'cancelled') return; // the 487 for our own CANCEL
            record.outcome = isBusyStatus(statusCode) ? 'busy' : 'failed';
            record.endReason = failureReason(statusCode, reasonPhrase);
          },
        },
      })
      .catch((error: unknown) => {
        record.outcome = 'failed';
        record.endReason = startFailureReason(error);
        this.logger.warn(`Call ${record.id} could not be started: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
        this.book.finish(record);
      });
  }

  /** A 302 from the callee (their profile forwards): call the Contact instead, a bounded number of times. */
  private followRedirect(record: CallRecord, contact: string | undefined, redirects: number): void {
    const target = /<([^>]+)>/.exec(contact ?? '')?.[1] ?? contact?.split(';')[0]?.trim();
    const uri = target ? UserAgent.makeURI(target) : undefined;
    if (!uri || redirects >= (this.options.maxRedirects ?? 3)) {
      record.outcome = 'failed';
      record.endReason = text(uri ? 'callEnd.tooManyRedirects' : 'callEnd.invalidRedirect');
      return;
    }
    record.forwardedTo = uri.user ?? uri.toString();
    this.logger.info(`Call ${record.id} redirected to ${uri.toString()}`);
    this.sendInvite(record, new Inviter(this.userAgent, uri, this.inviterOptions()), redirects + 1);
    this.book.update(record, { state: 'dialing' });
  }

  // ------------------------------------------------------------------------------------------
  // Incoming calls

  private handleInvite(invitation: Invitation): void {
    const from = callerOf(invitation);
    const record = new CallRecord('incoming', invitation, from, 'incoming');
    record.calledNumber = calledNumberOf(invitation);
    record.calledType = calledTypeOf(invitation);
    record.sipCallId = invitation.request.callId;
    const inCall = [...this.book.all().values()].some((other) => other.isLive);
    this.book.attach(record, invitation);
    invitation.delegate = {
      ...invitation.delegate,
      onCancel: (cancel) => Object.assign(record, cancelledCall(cancel.request.getHeader('Reason'))),
    };

    if (invitation.replacee) {
      // Attended transfer: this call takes the place of one we already have; no ringing.
      this.book.track(record);
      this.acceptReplacing(record, invitation);
      return;
    }

    let decision: IncomingDecision;
    try {
      decision = (this.options.decideIncoming ?? defaultDecision)({
        from,
        calledNumber: record.calledNumber,
        calledType: record.calledType,
        inCall,
      });
    } catch (error) {
      this.logger.error(`Incoming-call decision failed, ringing instead: ${String(error)}`);
      decision = { action: 'ring' };
    }
    this.book.track(record, decision.action === 'ring');

    if (decision.action === 'reject') {
      record.outcome = isBusyStatus(decision.status) ? 'busy' : 'rejected';
      record.endReason = failureReason(decision.status, decision.reason);
      invitation
        .reject({ statusCode: decision.status, reasonPhrase: decision.reason })
        .catch((error: unknown) => this.logger.warn(`Reject failed: ${String(error)}`));
    } else if (decision.action === 'redirect') {
      this.redirect(record, invitation, decision.target, decision.reason ?? 'unconditional');
    } else prepareAnswer(this.options.mediaFactory, invitation); // its media starts while it rings
    // A ringing call rings until answered, declined or cancelled: the PBX alone decides when
    // it has rung long enough and forwards it by the no-answer rule.
  }

  /**
   * Hands the call back to the PBX with a 302 naming the target; the PBX forwards it there
   * itself (the caller's phone never sees the 302). The Diversion header says why.
   */
  private redirect(record: CallRecord, invitation: Invitation, target: string, reason: RedirectReason): void {
    let contact: string;
    try {
      contact = parseDialString(target, this.plan).uri;
    } catch (error) {
      this.logger.error(`Cannot redirect to "${target}": ${String(error)}; rejecting`);
      record.outcome = 'rejected';
      invitation.reject({ statusCode: 480 }).catch(() => undefined);
      return;
    }
    record.outcome = 'forwarded';
    record.forwardedTo = target;
    record.endReason = text('callEnd.forwardedTo', { target: forwardTargetParam(target) });
    invitation
      .reject({
        statusCode: 302,
        reasonPhrase: 'Moved Temporarily',
        extraHeaders: [
          `Contact: <${contact}>`,
          `Diversion: <sip:${record.calledNumber ?? this.options.user}@${this.options.domain}>;reason=${reason}`,
        ],
      })
      .catch((error: unknown) => this.logger.warn(`Redirect failed: ${String(error)}`));
  }

  private acceptReplacing(record: CallRecord, invitation: Invitation): void {
    const replaced = [...this.book.all().values()].find(
      (other) => other.session === invitation.replacee,
    );
    if (replaced) {
      replaced.endReason = text('callEnd.transferredTo', { target: record.party.number });
      record.held = false;
    }
    invitation
      .accept()
      .catch((error: unknown) =>
        this.logger.error(`Accepting a transferred call failed: ${String(error)}`),
      );
  }

  // ------------------------------------------------------------------------------------------
  // In-call controls

  /**
   * Answers a ringing call. A call in progress is put on hold first (`others: 'hold'`, the
   * default) or ended first (`'end'`: call waiting's "answer and end"); held calls stay held.
   */
  async answer(callId: string, others: 'hold' | 'end' = 'hold'): Promise<void> {
    const record = this.book.require(callId);
    const invitation = record.session as Invitation;
    const ringing = record.direction === 'incoming' && !record.answeredAt;
    if (!ringing || invitation.state !== SessionState.Initial) throw new Error('This call is not ringing');
    record.answering = this.settleOthers(callId, others).then(() => invitation.accept());
    await record.answering;
  }

  /** Declines a ringing call: 603, which the PBX treats like busy (the busy rule applies). */
  async decline(callId: string): Promise<void> {
    const record = this.book.require(callId);
    if (record.direction !== 'incoming' || record.session.state !== SessionState.Initial)
      throw new Error('This call is not ringing');
    await this.end(record, HANG_UP);
  }

  async hangUp(callId: string): Promise<void> {
    await this.end(this.book.require(callId), HANG_UP);
  }

  /** The one way this engine ends a call, as its state requires. */
  private async end(record: CallRecord, ending: Ending): Promise<void> {
    await endCall(record, ending);
  }

  /**
   * The call whose media session is `session` lost its audio (renderer gone, ICE failed): end
   * it so the other side is not left listening to silence. Returns the call as it ended, or
   * null when `session` belongs to no live call.
   */
  async endForLostMedia(session: Session): Promise<CallSnapshot | null> {
    const record = this.book.all().find((r) => r.session === session);
    if (!record) return null;
    record.endReason = text('callEnd.audioStopped');
    const ended = { ...record.snapshot(), endReason: record.endReason };
    await endCall(record, LOST_MEDIA);
    return ended;
  }

  /**
   * Holds or resumes. Pressed right after Answer, it waits for the answer to go out and for
   * the caller's ACK (RFC 5407 §3.1.5: a re-INVITE that overtakes the ACK is dropped by a
   * caller still setting up the call), then sends the re-INVITE.
   */
  async hold(callId: string, hold: boolean): Promise<void> {
    const record = this.book.require(callId);
    if (!record.answeredAt && record.answering) await record.answering.catch(() => undefined);
    if (record.isEstablished) await record.untilConfirmed(ACK_WAIT_MS);
    if (!record.isEstablished) throw new Error('Only a connected call can be held');
    if (record.held === hold) return;
    await sendHoldReInvite(record.session, hold);
    this.book.update(record, { held: hold, state: hold ? 'held' : 'active' });
  }

  mute(callId: string, muted: boolean): void {
    const record = this.book.require(callId);
    const handler = record.session.sessionDescriptionHandler;
    if (isMuteCapable(handler)) handler.setMuted(muted);
    this.book.update(record, { muted });
  }

  /** RFC 4733 through the media engine when it can; otherwise one SIP INFO per tone. */
  async sendDtmf(callId: string, tones: string): Promise<'rfc4733' | 'info'> {
    if (!/^[0-9*#A-D]{1,32}$/.test(tones))
      throw new Error(`"${tones}" are not DTMF tones (0-9, *, #, A-D)`);
    const record = this.book.require(callId);
    if (!record.isEstablished) throw new Error('DTMF needs a connected call');
    return sendDtmfTones(record.session, tones);
  }

  /** A digit the PBX saw (RFC 4733) in the call with this SIP Call-ID, from the side with `sourceTag`. */
  dtmfFromPbx(sipCallId: string, tone: string, sourceTag: string): boolean {
    return this.book.receivedFromPbx(sipCallId, tone, sourceTag);
  }

  /** Blind transfer: REFER the other party to `target`, then leave the call. */
  async transferBlind(callId: string, target: string): Promise<void> {
    const record = this.book.require(callId);
    if (!record.isEstablished) throw new Error('Only a connected call can be transferred');
    const destination = parseDialString(target, this.plan);
    const uri = UserAgent.makeURI(destination.uri);
    if (!uri) throw new Error(`"${target}" is not a phone number or SIP address`);
    await this.refer(record, uri, destination.display);
  }

  /** Attended transfer: connect the party of `callId` with the party of `toCallId` (REFER with Replaces). */
  async transferAttended(callId: string, toCallId: string): Promise<void> {
    const record = this.book.require(callId);
    const consultation = this.book.require(toCallId);
    if (!record.isEstablished || !consultation.isEstablished)
      throw new Error('Both calls must be connected to transfer');
    await this.refer(record, consultation.session, consultation.party.number);
    consultation.outcome = 'transferred';
    consultation.endReason = text('callEnd.transferredTo', { target: record.party.number });
  }

  private async refer(
    record: CallRecord,
    target: Parameters<Session['refer']>[0],
    label: string,
  ): Promise<void> {
    await sendRefer(record.session, target);
    record.forwardedTo = label;
    record.outcome = 'transferred';
    record.endReason = text('callEnd.transferredTo', { target: label });
    if (record.session.state === SessionState.Established) await record.session.bye();
  }

  /** The other party transfers us (REFER): accept, call the target, the old call ends by their BYE. */
  private handleRefer(record: CallRecord, referral: Referral): void {
    referral
      .accept()
      .then(() => {
        const inviter = referral.makeInviter(this.inviterOptions());
        const party = referredParty(referral);
        const next = new CallRecord('outgoing', inviter, party, 'dialing');
        next.calledNumber = party.number || null;
        record.endReason = text('callEnd.transferredTo', { target: next.party.number || (next.party.displayName ?? '') });
        this.book.track(next);
        this.sendInvite(next, inviter, 0);
      })
      .catch((error: unknown) =>
        this.emit('error', {
          message: `Could not follow the transfer: ${String(error)}`,
          callId: record.id,
        }),
      );
  }

  // ------------------------------------------------------------------------------------------
  // Bookkeeping

  /** Holds (or ends, with 'end': also calls being dialled) the other calls in progress; held ones stay held. */
  private async settleOthers(exceptId: string, others: 'hold' | 'end'): Promise<void> {
    const end = others === 'end';
    const inProgress = this.book
      .all()
      .filter((o) => o.id !== exceptId && !o.held && (o.isEstablished || (end && o.direction === 'outgoing')));
    await Promise.all(inProgress.map((o) => (end ? this.end(o, HANG_UP) : this.hold(o.id, true))));
  }
}
