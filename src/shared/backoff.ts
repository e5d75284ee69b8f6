/**
 * Retry delays for every reconnect and resend in the client (SIP transport, sync socket, sync
 * sends): exponential growth with jitter, so that many clients dropped by one PBX or server
 * restart do not all come back in the same instant.
 *
 * - The ceiling of attempt n is `initialMs · factor^n`, capped at `maxMs`.
 * - `jitter` (0..1) is the share of the ceiling that is randomised, taken off the top: the wait
 *   is uniform in [ceiling·(1 − jitter), ceiling]. 0 = no jitter, 1 = "full jitter" (uniform in
 *   [0, ceiling]). Jitter never pushes a wait above the ceiling, so never above `maxMs`.
 * - `minMs` is a floor (a retry loop that never waits at all hammers the other side); it never
 *   lifts a wait above `maxMs` either.
 */
export interface BackoffPolicy {
  initialMs: number;
  maxMs: number;
  factor: number;
  /** 0..1: the share of each delay that is randomised (1: uniform from 0 to the ceiling). */
  jitter: number;
  /** The shortest wait (default 0). */
  minMs?: number;
}

/** The SIP transport's reconnect policy. */
export const defaultBackoff: BackoffPolicy = {
  initialMs: 500,
  maxMs: 30_000,
  factor: 2,
  jitter: 0.3,
};

/** Exponents beyond this only ever hit the cap; bounding them keeps the arithmetic finite. */
const MAX_EXPONENT = 30;

export function backoffDelay(
  attempt: number,
  policy: BackoffPolicy = defaultBackoff,
  random: () => number = Math.random,
): number {
  const exponent = Math.min(MAX_EXPONENT, Math.max(0, attempt));
  const ceiling = Math.min(policy.maxMs, policy.initialMs * policy.factor ** exponent);
  const jitter = Math.min(1, Math.max(0, policy.jitter));
  const delay = ceiling * (1 - jitter + jitter * random());
  return Math.min(policy.maxMs, Math.max(policy.minMs ?? 0, Math.round(delay)));
}

/**
 * The sync link's retries (socket reconnects, resends): full jitter, doubling from `initialMs`
 * up to `maxMs`, never below 100 ms.
 */
export function fullJitterDelay(
  attempt: number,
  initialMs: number,
  maxMs: number,
  random: () => number = Math.random,
): number {
  return backoffDelay(attempt, { initialMs, maxMs, factor: 2, jitter: 1, minMs: 100 }, random);
}
