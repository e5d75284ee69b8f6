/**
 * Reconnect delays: exponential with full-range jitter so that many softphones dropped by one
 * PBX restart do not all come back in the same instant.
 */
export interface BackoffPolicy {
  initialMs: number;
  maxMs: number;
  factor: number;
  /** 0..1: the share of each delay that is randomised. */
  jitter: number;
}

export const defaultBackoff: BackoffPolicy = {
  initialMs: 500,
  maxMs: 30_000,
  factor: 2,
  jitter: 0.3,
};

export function backoffDelay(
  attempt: number,
  policy: BackoffPolicy = defaultBackoff,
  random: () => number = Math.random,
): number {
  const base = Math.min(policy.maxMs, policy.initialMs * policy.factor ** Math.max(0, attempt));
  const spread = base * policy.jitter;
  return Math.max(0, Math.round(base - spread + random() * 2 * spread));
}
