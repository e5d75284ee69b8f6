export { SipEngine, type SipEngineOptions } from './sipEngine';
export * from './types';
