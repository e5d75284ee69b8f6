// The media bridge in main (no Electron here: electronTransport.ts is imported by the composition root only).
export {
  createMediaPort,
  MediaRequestError,
  type MediaEnginePort,
  type MediaEngineEvent,
  type MediaPortOptions,
} from './mediaPort';
export {
  BridgedSessionDescriptionHandler,
  bridgedMediaFactory,
  mediaSessionIdOf,
  MediaSessionClosedError,
  DEFAULT_ICE_GATHERING_TIMEOUT_MS,
  type BridgedMediaOptions,
  type BridgedHandlerHooks,
} from './bridgedSessionDescriptionHandler';
export {
  startMediaEngineServer,
  type MediaEngineServer,
  type MediaEngineServerOptions,
} from './webSocketTransport';
export type { MediaTransport, MediaLogger } from './transport';
export { followDeviceChoice, type DeviceChoiceSource } from './deviceChoice';
export { reportMediaProblems } from './problems';
