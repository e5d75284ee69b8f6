import type { MediaEngineChannel } from '../../../shared/media';
import { MediaEngine } from './mediaEngine';

/**
 * Starts the app's media engine on the preload's media channel (`window.softphoneMedia`), or on
 * the channel given (the WebSocket harness). Call once at renderer start-up, before any call:
 * the engine's ready event is what opens main's transport. Returns null outside Electron when
 * no channel is given, so the UI can run without media (e.g. in a plain browser).
 */
export function startMediaEngine(channel: MediaEngineChannel | undefined = window.softphoneMedia): MediaEngine | null {
  if (!channel) return null;
  return new MediaEngine(channel, { name: 'window', statsIntervalMs: 1000 });
}
