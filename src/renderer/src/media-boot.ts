/**
 * Starts the WebRTC media engine on the carrier the host provides as `window.softphoneMedia`
 * (the preload's IPC channel under Electron, a loopback WebSocket under the e2e harness).
 * One engine per window: main names its media sessions, the engine just serves them.
 */
import type { MediaEngineChannel } from '../../shared/media';
import type { MediaEngine } from './media';

interface HarnessHooks {
  /** Set by the e2e harness's injected script; the tests read call stats from the engine. */
  mediaEngine?: MediaEngine;
}

/**
 * The engine (sip.js's web handler and WebRTC) is loaded as its own chunk after the first
 * screen is up: nothing needs it before a call, and it is most of the bundle.
 */
export async function bootMediaEngine(): Promise<MediaEngine | null> {
  const host = window as unknown as { softphoneMedia?: MediaEngineChannel; softphoneHarness?: HarnessHooks };
  const channel = host.softphoneMedia;
  if (!channel || typeof channel.send !== 'function' || typeof channel.onMessage !== 'function') return null;
  const { MediaEngine } = await import('./media');
  const engine = new MediaEngine(channel, { name: 'renderer' });
  if (host.softphoneHarness) host.softphoneHarness.mediaEngine = engine;
  return engine;
}
