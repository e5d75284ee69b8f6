import { describe, expect, it } from 'vitest';
import { backoffDelay, defaultBackoff, fullJitterDelay, type BackoffPolicy } from '../../../src/shared/backoff';

const policy = { initialMs: 500, maxMs: 30_000, factor: 2, jitter: 0.3 };

describe('backoffDelay', () => {
  it('doubles per attempt up to the maximum', () => {
    const top = () => 1; // the jitter takes nothing off
    expect([0, 1, 2, 3, 10].map((attempt) => backoffDelay(attempt, policy, top))).toEqual([
      500, 1000, 2000, 4000, 30_000,
    ]);
  });

  it('takes up to the jitter share off each delay', () => {
    expect(backoffDelay(2, policy, () => 0)).toBe(1400);
    expect(backoffDelay(2, policy, () => 0.5)).toBe(1700);
    expect(backoffDelay(2, policy, () => 1)).toBe(2000);
  });

  it('never waits longer than the maximum, jitter included, nor less than the floor', () => {
    const policies: BackoffPolicy[] = [
      defaultBackoff,
      policy,
      { initialMs: 100, maxMs: 1000, factor: 2, jitter: 0.2 },
      { initialMs: 60_000, maxMs: 60_000, factor: 1, jitter: 0 },
      { initialMs: 50, maxMs: 200, factor: 2, jitter: 1, minMs: 100 },
      { initialMs: 700, maxMs: 1234, factor: 3, jitter: 0.9, minMs: 5000 }, // floor above max: max wins
      { initialMs: 1, maxMs: 10, factor: 10, jitter: 2 }, // jitter out of range is clamped
    ];
    const randoms = [0, 1e-9, 0.25, 0.5, 0.75, 0.999_999_999, 1];
    for (const p of policies) {
      for (let attempt = 0; attempt <= 1100; attempt += attempt < 40 ? 1 : 100) {
        for (const r of randoms) {
          const delay = backoffDelay(attempt, p, () => r);
          expect(Number.isFinite(delay)).toBe(true);
          expect(delay).toBeLessThanOrEqual(p.maxMs);
          expect(delay).toBeGreaterThanOrEqual(Math.min(p.minMs ?? 0, p.maxMs));
        }
      }
    }
  });

  it('full jitter for the sync link: from 100 ms up to the ceiling', () => {
    expect(fullJitterDelay(0, 500, 30_000, () => 1)).toBe(500);
    expect(fullJitterDelay(3, 500, 30_000, () => 1)).toBe(4000);
    expect(fullJitterDelay(30, 500, 30_000, () => 1)).toBe(30_000);
    expect(fullJitterDelay(5, 500, 30_000, () => 0)).toBe(100);
    expect(fullJitterDelay(5, 500, 30_000, () => 0.5)).toBe(8000);
  });
});
