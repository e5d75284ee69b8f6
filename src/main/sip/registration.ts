/**
 * Keeps the user agent connected and registered.
 *
 * sip.js's built-in reconnection is deprecated, so this does it: a dropped WebSocket (PBX
 * restart, network loss) or a failed connect schedules another attempt with exponential
 * backoff and jitter; every (re)connect registers again. A network change skips the wait.
 * A rejected registration is reported as a text; wrong credentials are not retried (they will
 * not fix themselves), other refusals are.
 */
import { Registerer, RegistererState, UserAgentState, type UserAgent } from 'sip.js';
import { backoffDelay, defaultBackoff, type BackoffPolicy } from '../../shared/backoff';
import { registrationFailureReason } from './reasons';
import { text, type Text } from '../../shared/text';
import type { RegistrationSnapshot, SipLogger } from './types';
import { SipWebSocketTransport, TransportFailure } from './wsTransport';
import { PbxServers } from './pbxServers';

export interface RegistrationOptions {
  expires: number;
  backoff?: BackoffPolicy;
  logger: SipLogger;
  onChange(state: RegistrationSnapshot): void;
  /**
   * The PBX proxies to register at (several: a pair, issue 15): every failure moves on to the
   * next one (pbxServers.ts), the transport is pointed there before it connects again. Without
   * it (or empty): the transport's one address.
   */
  servers?: readonly string[];
}

const UNREGISTER_TIMEOUT_MS = 3000;

export class RegistrationController {
  private state: RegistrationSnapshot = { status: 'unregistered', reason: null, since: null };
  private readonly registerer: Registerer;
  private attempt = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private started = false;
  private stopping = false;
  private credentialsRejected = false;
  /** The proxies and which one is current (null: a transport other than ours, one address). */
  private readonly servers: PbxServers | null;

  constructor(
    private readonly userAgent: UserAgent,
    private readonly options: RegistrationOptions,
  ) {
    const transport = this.transport();
    this.servers = transport ? new PbxServers(options.servers?.length ? options.servers : [transport.server]) : null;
    this.registerer = new Registerer(userAgent, { expires: options.expires });
    this.registerer.stateChange.addListener((registererState) => {
      if (registererState === RegistererState.Registered) {
        this.registered();
      } else if (
        registererState === RegistererState.Unregistered &&
        this.state.status === 'registered' &&
        !this.stopping
      ) {
        this.set('registering', text('registration.lapsed'));
        this.scheduleRetry();
      }
    });
  }

  get snapshot(): RegistrationSnapshot {
    return this.state;
  }

  async start(): Promise<void> {
    this.started = true;
    this.stopping = false;
    this.credentialsRejected = false;
    this.set('registering', null);
    await this.connect();
  }

  /** UA delegate: the transport connected (first time or again). */
  handleConnect(): void {
    if (this.stopping) return;
    this.attempt = 0;
    this.register();
  }

  /** UA delegate: the transport dropped. */
  handleDisconnect(error?: Error): void {
    if (this.stopping || !this.started) return;
    this.options.logger.warn(`SIP connection lost${error ? `: ${error.message}` : ''}`);
    // A silent path was noticed by the keep-alive: never left showing "registered".
    this.set(
      'registering',
      text(
        error instanceof TransportFailure && error.kind === 'silent'
          ? 'registration.pbxSilent'
          : 'registration.connectionLost',
      ),
    );
    this.scheduleRetry();
  }

  /** The OS reports a network change: try at once instead of waiting for the backoff. */
  networkChanged(): void {
    if (!this.started || this.stopping) return;
    this.clearTimer();
    this.attempt = 0;
    this.credentialsRejected = false;
    if (this.userAgent.isConnected()) this.register();
    else void this.connect();
  }

  /** Unregisters (REGISTER with Expires: 0) and waits for the PBX's answer, within a bound. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.clearTimer();
    if (this.userAgent.isConnected() && this.registerer.state === RegistererState.Registered) {
      const unregistered = new Promise<void>((resolve) => {
        const listener = (registererState: RegistererState): void => {
          if (registererState !== RegistererState.Registered) {
            this.registerer.stateChange.removeListener(listener);
            resolve();
          }
        };
        this.registerer.stateChange.addListener(listener);
      });
      try {
        await this.registerer.unregister();
        await Promise.race([unregistered, delay(UNREGISTER_TIMEOUT_MS)]);
      } catch (error) {
        this.options.logger.warn(`Unregister failed: ${errorText(error)}`);
      }
    }
    await this.registerer.dispose().catch(() => undefined);
    this.started = false;
    this.set('unregistered', null);
  }

  private registered(): void {
    this.attempt = 0;
    this.servers?.succeeded();
    this.set('registered', null);
  }

  private async connect(): Promise<void> {
    if (this.stopping) return;
    try {
      const transport = this.transport();
      const next = this.servers?.current;
      if (transport && next !== undefined && next !== transport.server) {
        // moving on to another proxy: leave this one first (a refused or lapsed registration)
        if (this.userAgent.isConnected()) await transport.disconnect();
        this.options.logger.info(`Registering at ${next} instead of ${transport.server}`);
        transport.server = next;
      }
      if (this.userAgent.isConnected()) {
        this.register();
        return;
      }
      // start() the first time; afterwards the transport is reconnected.
      await (this.userAgent.state === UserAgentState.Started
        ? this.userAgent.reconnect()
        : this.userAgent.start());
    } catch (error) {
      if (this.stopping) return;
      this.options.logger.warn(`Cannot connect to the PBX: ${errorText(error)}`);
      if (error instanceof TransportFailure && error.kind === 'certificate') {
        // Not a passing network problem: the user (or an admin) must act. Still retried, as
        // a renewed certificate or a fixed trust store will make the next attempt work.
        this.set('failed', text('registration.certificateRejected', { code: error.code ?? '' }));
      } else {
        this.set('registering', text('registration.unreachable'));
      }
      this.scheduleRetry();
    }
  }

  private register(): void {
    if (this.stopping || this.credentialsRejected) return;
    if (this.registerer.state === RegistererState.Terminated) return;
    if (this.state.status !== 'registered') this.set('registering', this.state.reason);
    this.registerer
      .register({
        requestDelegate: {
          // After a reconnect sip.js's Registerer still says Registered (no state change), so
          // the accepted REGISTER itself is what marks us registered again.
          onAccept: () => this.registered(),
          onReject: (response) =>
            this.handleRejection(
              response.message.statusCode ?? 500,
              response.message.reasonPhrase ?? '',
            ),
        },
      })
      .catch((error: unknown) => {
        // A REGISTER is already in flight (e.g. a refresh racing a reconnect): its outcome counts.
        this.options.logger.debug(`register() not sent: ${errorText(error)}`);
      });
  }

  private handleRejection(statusCode: number, reasonPhrase: string): void {
    const reason = registrationFailureReason(statusCode, reasonPhrase);
    this.options.logger.warn(`Registration refused: ${statusCode} ${reasonPhrase}`);
    this.set('failed', reason);
    if (statusCode === 401 || statusCode === 403 || statusCode === 407) {
      this.credentialsRejected = true;
      return;
    }
    this.scheduleRetry();
  }

  /**
   * Tries again after a backoff; with several proxies, at the next one (the wait grows only once
   * every proxy failed since the last success).
   */
  private scheduleRetry(): void {
    if (this.stopping || this.timer) return;
    const wrapped = this.servers?.failed() ?? true;
    const wait = backoffDelay(this.attempt, this.options.backoff ?? defaultBackoff);
    if (wrapped) this.attempt += 1;
    this.options.logger.info(`Reconnecting to the PBX in ${wait} ms`);
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.connect();
    }, wait);
  }

  private transport(): SipWebSocketTransport | null {
    const transport = this.userAgent.transport;
    return transport instanceof SipWebSocketTransport ? transport : null;
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private set(status: RegistrationSnapshot['status'], reason: Text | null): void {
    if (this.state.status === status && sameText(this.state.reason, reason)) return;
    this.state = { status, reason, since: new Date().toISOString() };
    this.options.onChange(this.state);
  }
}

function sameText(a: Text | null, b: Text | null): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
