/**
 * Wakes the client when the profile in effect changes by itself (a manual choice expires, a
 * calendar event starts or ends). One timer, re-armed after every state change from the shared
 * rule's `nextProfileChange`; no polling.
 *
 * Long waits are cut into steps of at most `maxStepMs`: setTimeout cannot wait longer than
 * ~24.8 days, and its clock stops while the machine sleeps, so a wake-up after a long sleep
 * must not be days late. On each wake-up the owner re-evaluates and re-arms; an early wake-up
 * simply finds nothing changed and arms again. The shell can also call `fire()` on resume.
 */
export interface ProfileChangeTimerOptions {
  onDue: () => void;
  now?: () => Date;
  maxStepMs?: number;
}

export const MAX_TIMER_STEP_MS = 60 * 60 * 1000;

export class ProfileChangeTimer {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private target: number | null = null;
  private readonly now: () => Date;
  private readonly maxStepMs: number;

  constructor(private readonly options: ProfileChangeTimerOptions) {
    this.now = options.now ?? (() => new Date());
    this.maxStepMs = options.maxStepMs ?? MAX_TIMER_STEP_MS;
  }

  /** The instant the timer aims at (null: nothing scheduled). */
  get armedFor(): Date | null {
    return this.target === null ? null : new Date(this.target);
  }

  arm(next: Date | null): void {
    const target = next === null ? null : next.getTime();
    if (target === this.target && this.timer !== null) return;
    this.cancel();
    if (target === null) return;
    this.target = target;
    const wait = Math.min(Math.max(0, target - this.now().getTime()), this.maxStepMs);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.target = null;
      this.options.onDue();
    }, wait);
    // A pending profile change must not keep a Node process (tests, the harness) alive.
    this.timer.unref?.();
  }

  /** Re-evaluate now (e.g. the machine woke up). */
  fire(): void {
    this.cancel();
    this.options.onDue();
  }

  cancel(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.target = null;
  }
}
