// The media bridge in main (no Electron here: the Electron IPC transport is src/main/shell/electronTransport.ts).
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
