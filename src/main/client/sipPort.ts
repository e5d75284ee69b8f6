/**
 * How the client service gets a SIP engine. The composition root decides the media (the
 * renderer bridge in the app, the SDP-only stand-in in Node tests) and the PBX address; the
 * service supplies the account, the incoming-call decision and the caller ID, both read from
 * the profile in effect at the instant they are asked.
 */
import type { SipCredentials } from '../../shared/server-api';
import type { SipEngine } from '../sip/sipEngine';
import type {
  CallHistoryPort,
  CallerIdPresentation,
  IncomingCallInfo,
  IncomingDecision,
} from '../sip/types';

export type SipEngineLike = Pick<
  SipEngine,
  | 'start'
  | 'stop'
  | 'dial'
  | 'answer'
  | 'decline'
  | 'hangUp'
  | 'hold'
  | 'mute'
  | 'sendDtmf'
  | 'dtmfFromPbx'
  | 'transferBlind'
  | 'transferAttended'
  | 'networkChanged'
  | 'endForLostMedia'
  | 'on'
  | 'registrationState'
  | 'calls'
>;

export interface SipEngineRequest {
  credentials: SipCredentials;
  decideIncoming(call: IncomingCallInfo): IncomingDecision;
  callerId(): CallerIdPresentation | null;
  history: CallHistoryPort;
  /** From the user's settings: how national numbers are made international. */
  countryCode: string;
}

export type SipEngineFactory = (request: SipEngineRequest) => SipEngineLike;
