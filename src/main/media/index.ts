// The media bridge in main (no Electron here: the Electron IPC transport is src/main/shell/electronTransport.ts).
export { createMediaPort } from './mediaPort';
export { bridgedMediaFactory } from './bridgedSessionDescriptionHandler';
export { startMediaEngineServer } from './webSocketTransport';
export { followDeviceChoice } from './deviceChoice';
export { noticeSink, reportMediaProblems } from './problems';
