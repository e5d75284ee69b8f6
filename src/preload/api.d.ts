/** What the preload puts on `window`, for the renderer's TypeScript. */
import type { SoftphoneApi } from '../shared/ipc';
import type { MediaEngineChannel } from '../shared/media';

declare global {
  interface Window {
    /** The IPC contract: commands, the state snapshot and slice events. */
    readonly softphone: SoftphoneApi;
    /** The media bridge's renderer end (WebRTC media engine ↔ main's SIP engine). */
    readonly softphoneMedia: MediaEngineChannel;
  }
}

export {};
