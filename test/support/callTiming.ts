/**
 * Timing helpers for the call-setup benchmark (bench/media-bridge.ts): one clock for Node and
 * every page (epoch milliseconds, sub-millisecond precision), and an in-page probe that notices
 * the first audio RTP packet a page receives (getStats inbound-rtp bytes > 0), whichever code
 * made the RTCPeerConnection (the renderer's media engine or sip.js running in the page).
 */
import type { Page } from '@playwright/test';

/** Epoch milliseconds, comparable with `performance.timeOrigin + performance.now()` in pages. */
export const epochNow = (): number => performance.timeOrigin + performance.now();

interface AudioProbe {
  /** Peer connections made so far in this page. */
  count(): number;
  /** When the first of the connections made from index `since` on received audio (epoch ms), or null after `timeoutMs`. */
  firstAudio(since: number, timeoutMs: number): Promise<number | null>;
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
  window.audioProbe = {
    count: () => made.length,
    async firstAudio(since, timeoutMs) {
      const deadline = stamp() + timeoutMs;
      while (stamp() < deadline) {
        for (const pc of made.slice(since)) {
          if (pc.signalingState === 'closed') continue;
          const report = await pc.getStats();
          let bytes = 0;
          report.forEach((entry) => {
            if (entry.type === 'inbound-rtp' && entry.kind === 'audio') bytes += entry.bytesReceived || 0;
          });
          if (bytes > 0) return stamp();
        }
        await new Promise((wake) => setTimeout(wake, 2));
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
  const since = await page.evaluate(() => (window as unknown as { audioProbe: AudioProbe }).audioProbe.count());
  const firstAudio = page.evaluate(
    ([from, limit]) => (window as unknown as { audioProbe: AudioProbe }).audioProbe.firstAudio(from, limit),
    [since, timeoutMs] as const,
  );
  firstAudio.catch(() => undefined); // awaited later; a closed page must not crash the run meanwhile
  return { firstAudio };
}
