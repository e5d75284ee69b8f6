/**
 * The SIP engine as the client service runs it: started with the account's credentials, fed
 * the incoming-call decision and the caller ID from the profile in effect at that instant, and
 * driven by the contract's `calls.*` commands.
 */
import { SoftphoneError, type HistoryEntry } from '../../shared/ipc';
import type { SipCredentials } from '../../shared/server-api';
import { sameNumber } from '../../shared/phone';
import type { Session } from 'sip.js';
import { DialStringError } from '../sip/dialString';
import type { CallerIdPresentation, IncomingCallInfo, IncomingDecision } from '../sip/types';
import { CallsBinding } from './callsBinding';
import type { CommandRows } from './commandTable';
import { decideForEngine } from './incomingDecision';
import type { ProfileSync } from './profileSync';
import { userNumbersOf } from './profilesView';
import type { SipEngineFactory, SipEngineLike } from './sipPort';
import type { SliceStore } from './sliceStore';
import type { CallDtmf } from './syncConnection';
import { text, type Text, textOfError } from '../../shared/text';

export interface CallControlsDeps {
  slices: SliceStore;
  profiles: ProfileSync;
  voicemailUser: string;
  now: () => Date;
  /** Throws when nobody is signed in (calls need a session). */
  requireSignedIn: () => void;
}

export class CallControls {
  private engine: SipEngineLike | null = null;
  private binding: CallsBinding | null = null;

  constructor(private readonly deps: CallControlsDeps) {}

  startEngine(
    factory: SipEngineFactory,
    credentials: SipCredentials,
    countryCode: string,
    onHistory: (entry: HistoryEntry) => void,
  ): void {
    if (this.engine !== null) return;
    let engine: SipEngineLike;
    try {
      engine = factory({
        credentials,
        countryCode,
        decideIncoming: (call) => this.decideIncoming(call),
        callerId: () => this.callerId(),
        history: { record: onHistory },
      });
    } catch (error) {
      // E.g. no PBX address: calls are off, profiles keep working.
      this.deps.slices.set('registration', {
        status: 'failed',
        reason: text('registration.callsOff', { reason: textOfError(error) }),
        since: this.deps.now().toISOString(),
      });
      return;
    }
    this.engine = engine;
    this.binding = new CallsBinding(engine, this.deps.slices);
    engine.start().catch((error: unknown) => {
      if (this.engine !== engine) return;
      this.deps.slices.set('registration', {
        status: 'failed',
        reason: text('registration.cannotConnect', { reason: error instanceof Error ? error.message : String(error) }),
        since: this.deps.now().toISOString(),
      });
    });
  }

  /** Ends calls, unregisters and disconnects. */
  async stopEngine(): Promise<void> {
    const engine = this.engine;
    this.engine = null;
    try {
      if (engine !== null) await engine.stop();
    } finally {
      this.binding?.detach();
      this.binding = null;
    }
  }

  networkChanged(): void {
    this.engine?.networkChanged();
  }

  /**
   * A call's audio is gone (see `bridgedMediaFactory`'s `onMediaLost`): hang it up and return
   * the notice for the user, or null when the session is no longer a call of this engine.
   */
  async mediaLost(session: Session): Promise<Text | null> {
    const ended = await this.engine?.endForLostMedia(session);
    if (!ended) return null;
    return text('notice.audioLost', { party: ended.party.displayName ?? ended.party.number });
  }

  /** A DTMF digit the PBX saw in one of the user's calls: the engine shows it in that call. */
  callDtmf(dtmf: CallDtmf): void {
    this.engine?.dtmfFromPbx(dtmf.sipCallId, dtmf.digit, dtmf.sourceTag);
  }

  /** What the shared rule says about this call, with the profile in effect right now. */
  decideIncoming(call: IncomingCallInfo): IncomingDecision {
    const snapshot = this.deps.profiles.snapshot;
    const view = this.deps.profiles.viewAt(this.deps.now());
    if (snapshot === null || view === null) {
      const noProfile = {
        profile: null,
        numbers: emptyNumbers,
        voicemailUser: this.deps.voicemailUser,
        queueStatusByNumber: () => null,
      };
      return decideForEngine(call, noProfile);
    }
    return decideForEngine(call, {
      profile: view.effective?.profile ?? null,
      numbers: userNumbersOf(snapshot),
      voicemailUser: this.deps.voicemailUser,
      queueStatusByNumber: (number) => {
        if (number === null) return null;
        const queue = snapshot.queues.find(
          (q) => sameNumber(q.number, number),
        );
        const state = queue && view.state.queues.find((q) => q.id === queue.id);
        return queue && state ? { queueId: queue.id, status: state.status } : null;
      },
    });
  }

  callerId(): CallerIdPresentation | null {
    const view = this.deps.profiles.viewAt(this.deps.now());
    if (view === null) return null;
    const { callerId } = view;
    return callerId.kind === 'hidden'
      ? { kind: 'hidden' }
      : { kind: 'number', number: callerId.number };
  }

  /** The `calls.*` rows of the command table (see commandTable.ts). */
  readonly commands = {
    'calls.dial': (a) => this.withEngine(async (engine) => ({ callId: await engine.dial(a.target) })),
    'calls.answer': (a) => this.withEngine((engine) => engine.answer(a.callId, a.others)).then(done),
    'calls.decline': (a) => this.withEngine((engine) => engine.decline(a.callId)).then(done),
    'calls.hangUp': (a) => this.withEngine((engine) => engine.hangUp(a.callId)).then(done),
    'calls.hold': (a) => this.withEngine((engine) => engine.hold(a.callId, a.hold)).then(done),
    'calls.mute': (a) => this.withEngine(async (engine) => engine.mute(a.callId, a.muted)).then(done),
    'calls.dtmf': (a) => this.withEngine((engine) => engine.sendDtmf(a.callId, a.tones)).then(done),
    'calls.transferBlind': (a) => this.withEngine((engine) => engine.transferBlind(a.callId, a.target)).then(done),
    'calls.transferAttended': (a) =>
      this.withEngine((engine) => engine.transferAttended(a.callId, a.toCallId)).then(done),
  } satisfies CommandRows;

  /** Runs a call command on the engine; its failures become the contract's error codes. */
  private async withEngine<T>(command: (engine: SipEngineLike) => Promise<T>): Promise<T> {
    this.deps.requireSignedIn();
    const engine = this.engine;
    if (engine === null) {
      throw new SoftphoneError(
        'failed',
        'The phone is not connected to the PBX yet; calls are not possible right now',
      );
    }
    try {
      return await command(engine);
    } catch (error) {
      if (error instanceof SoftphoneError) throw error;
      if (error instanceof DialStringError)
        throw new SoftphoneError('invalid_argument', error.message);
      const message = error instanceof Error ? error.message : String(error);
      throw new SoftphoneError(/no such call/i.test(message) ? 'not_found' : 'failed', message);
    }
  }
}

const done = (): { ok: true } => ({ ok: true });
const emptyNumbers = { landline: null, mobile: null, extension: null, extraExtensions: [] };
