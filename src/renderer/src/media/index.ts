// The renderer's media engine. In the app it is fed by the preload's media channel (a
// MediaEngineChannel over Electron IPC); in the test harness by connectWebSocketChannel.
export { MediaEngine } from './mediaEngine';
export { connectWebSocketChannel } from './webSocketChannel';
