/**
 * The SIP engine as the client service runs it: started with the account's credentials, fed
 * the incoming-call decision and the caller ID from the profile in effect at that instant, and
 * driven by the contract's `calls.*` commands.
 */
import {
  SoftphoneError,
  type CommandName,
  type HistoryEntry,
  type commands,
} from '../../shared/ipc';
import type { SipCredentials } from '../../shared/server-api';
import { normaliseNumber } from '../../shared/rules/callerId';
import type { z } from 'zod';
import type { Session } from 'sip.js';
import { DialStringError } from '../sip/dialString';
import type { CallerIdPresentation, IncomingCallInfo, IncomingDecision } from '../sip/types';
import { CallsBinding } from './callsBinding';
import { decideForEngine } from './incomingDecision';
import type { ProfileSync } from './profileSync';
import { userNumbersOf } from './profilesView';
import type { SipEngineFactory, SipEngineLike } from './sipPort';
import type { SliceStore } from './sliceStore';
import { text, type Text } from '../../shared/text';

type Parsed<N extends CommandName> = z.output<(typeof commands)[N]['args']>;

export interface CallControlsDeps {
  slices: SliceStore;
  profiles: ProfileSync;
  voicemailUser: string;
  now: () => Date;
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
        reason: text('registration.callsOff', { reason: error instanceof Error ? error.message : String(error) }),
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
          (q) => normaliseNumber(q.number) === normaliseNumber(number),
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

  async run(name: CommandName, args: unknown): Promise<unknown> {
    const engine = this.engine;
    if (engine === null) {
      throw new SoftphoneError(
        'failed',
        'The phone is not connected to the PBX yet; calls are not possible right now',
      );
    }
    const ok = { ok: true as const };
    try {
      switch (name) {
        case 'calls.dial':
          return { callId: await engine.dial((args as Parsed<'calls.dial'>).target) };
        case 'calls.answer':
          await engine.answer((args as Parsed<'calls.answer'>).callId);
          return ok;
        case 'calls.decline':
          await engine.decline((args as Parsed<'calls.decline'>).callId);
          return ok;
        case 'calls.hangUp':
          await engine.hangUp((args as Parsed<'calls.hangUp'>).callId);
          return ok;
        case 'calls.hold': {
          const { callId, hold } = args as Parsed<'calls.hold'>;
          await engine.hold(callId, hold);
          return ok;
        }
        case 'calls.mute': {
          const { callId, muted } = args as Parsed<'calls.mute'>;
          engine.mute(callId, muted);
          return ok;
        }
        case 'calls.dtmf': {
          const { callId, tones } = args as Parsed<'calls.dtmf'>;
          await engine.sendDtmf(callId, tones);
          return ok;
        }
        case 'calls.transferBlind': {
          const { callId, target } = args as Parsed<'calls.transferBlind'>;
          await engine.transferBlind(callId, target);
          return ok;
        }
        case 'calls.transferAttended': {
          const { callId, toCallId } = args as Parsed<'calls.transferAttended'>;
          await engine.transferAttended(callId, toCallId);
          return ok;
        }
        default:
          throw new SoftphoneError('invalid_argument', `Unknown command "${name}"`);
      }
    } catch (error) {
      if (error instanceof SoftphoneError) throw error;
      if (error instanceof DialStringError)
        throw new SoftphoneError('invalid_argument', error.message);
      const message = error instanceof Error ? error.message : String(error);
      throw new SoftphoneError(/no such call/i.test(message) ? 'not_found' : 'failed', message);
    }
  }
}

const emptyNumbers = { landline: null, mobile: null, extension: null, extraExtensions: [] };
