/**
 * Timing helpers for the call-setup benchmark (bench/media-bridge.ts): one clock for Node and
 * every page (epoch milliseconds, sub-millisecond precision), and an in-page probe that notices
 * the first audio RTP packet a page receives (a receiver's first synchronisation source), whichever code
 * made the RTCPeerConnection (the renderer's media engine or sip.js running in the page).
 */
import type { Page } from '@playwright/test';

/** Epoch milliseconds, comparable with `performance.timeOrigin + performance.now()` in pages. */
export const epochNow = (): number => performance.timeOrigin + performance.now();

interface AudioProbe {
  /** When one of the page's open connections without audio so far received audio (epoch ms), or null after `timeoutMs`. */
  firstAudio(timeoutMs: number): Promise<number | null>;
}

/**
 * Runs in the page before its scripts (addInitScript): wraps RTCPeerConnection to keep each one
 * and defines `window.audioProbe`. Plain JavaScript in a string: a function would be serialised
 * with the helpers the TypeScript loader adds, which do not exist in the page.
 */
const AUDIO_PROBE_SCRIPT = `(() => {
  const made = [];
  const Native = window.RTCPeerConnection;
  window.RTCPeerConnection = class extends Native {
    constructor(configuration) {
      super(configuration);
      made.push(this);
    }
  };
  const stamp = () => performance.timeOrigin + performance.now();
  // A packet's arrival shows at once in the receivers' synchronisation sources; getStats()
  // would not do: Chromium serves a cached report for 50 ms, so it sees audio late.
  const hasAudio = (pc) =>
    pc.getReceivers().some((receiver) => receiver.track && receiver.track.kind === 'audio' && receiver.getSynchronizationSources().length > 0);
  window.audioProbe = {
    // connections made ahead (a warm spare) count too: any open one without audio yet
    async firstAudio(timeoutMs) {
      const heard = new Set();
      for (const pc of made) if (pc.signalingState === 'closed' || hasAudio(pc)) heard.add(pc);
      const deadline = stamp() + timeoutMs;
      while (stamp() < deadline) {
        for (const pc of made) {
          if (heard.has(pc) || pc.signalingState === 'closed') continue;
          if (hasAudio(pc)) return stamp();
        }
        await new Promise((wake) => setTimeout(wake, 1));
      }
      return null;
    },
  };
})();`;

export async function addAudioProbe(page: Page): Promise<void> {
  await page.addInitScript(AUDIO_PROBE_SCRIPT);
}

/**
 * Starts watching for the first audio of the next call in `page`; `await` the result after
 * the call is set up. Resolves with the epoch time, or null when no audio came.
 */
export async function watchFirstAudio(page: Page, timeoutMs = 15_000): Promise<{ firstAudio: Promise<number | null> }> {
  const firstAudio = page.evaluate((limit) => (window as unknown as { audioProbe: AudioProbe }).audioProbe.firstAudio(limit), timeoutMs);
  // the probe is running once it has looked at the connections present (a round trip later)
  await page.evaluate(() => undefined);
  firstAudio.catch(() => undefined); // awaited later; a closed page must not crash the run meanwhile
  return { firstAudio };
}
