import { afterEach, describe, expect, it, vi } from 'vitest';
import { MediaEngine } from '../../../src/renderer/src/media';
import type { MediaEngineChannel } from '../../../src/shared/media';

/** A channel that records what the engine sends and lets the test talk to it. */
function channel(): MediaEngineChannel & { sent: unknown[] } {
  const sent: unknown[] = [];
  return { sent, send: (message) => void sent.push(message), onMessage: () => () => undefined };
}

describe('an idle media engine', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('runs no timers while it has no sessions (no stats polling when nothing happens)', () => {
    vi.useFakeTimers();
    const engine = new MediaEngine(channel(), { name: 'idle', statsIntervalMs: 1000 });
    expect(vi.getTimerCount()).toBe(0);
    vi.advanceTimersByTime(60_000);
    expect(vi.getTimerCount()).toBe(0);
    engine.dispose();
  });
});
