export { SipEngine, type SipEngineOptions } from './sipEngine';
export { callDurationSeconds } from './callRecord';
export {
  parseDialString,
  DialStringError,
  type DialPlan,
  type DialTarget,
} from './dialString';
export { failureReason, registrationFailureReason } from './reasons';
export * from './types';
