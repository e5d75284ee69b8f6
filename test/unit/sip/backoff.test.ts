import { describe, expect, it } from 'vitest';
import { backoffDelay } from '../../../src/main/sip/backoff';

const policy = { initialMs: 500, maxMs: 30_000, factor: 2, jitter: 0.3 };

describe('backoffDelay', () => {
  it('doubles per attempt up to the maximum', () => {
    const middle = () => 0.5; // no jitter effect
    expect([0, 1, 2, 3, 10].map((attempt) => backoffDelay(attempt, policy, middle))).toEqual([
      500, 1000, 2000, 4000, 30_000,
    ]);
  });

  it('spreads each delay by the jitter share either way', () => {
    expect(backoffDelay(2, policy, () => 0)).toBe(1400);
    expect(backoffDelay(2, policy, () => 1)).toBe(2600);
  });
});
