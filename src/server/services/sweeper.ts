/**
 * A clean-up that runs every few minutes (and once at start): expired call recordings,
 * voicemail past retention, registrations never confirmed. One sweep at a time; a failed one
 * is logged and the next runs as planned; `stop()` waits for one under way. Several instances
 * on one database (issue 15): a sweep another instance is running, or ran in the last half
 * period, is skipped here (`Store.runExclusive`: an advisory lock per sweep, table job_runs).
 */
import type { ServerContext } from './context';

export class PeriodicSweeper {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> = Promise.resolve();

  constructor(
    private readonly ctx: ServerContext,
    private readonly what: string,
    /** Minutes between sweeps; 0 or less: no timer. */
    private readonly minutes: number,
    private readonly sweep: (ctx: ServerContext) => Promise<number>,
  ) {}

  start(): void {
    if (this.minutes <= 0) return;
    const run = (): void => {
      this.running = this.running.then(() =>
        this.ctx.store.runExclusive(`${this.what}-sweep`, async () => void (await this.sweep(this.ctx)), { skipIfRanWithinMs: (this.minutes * 60_000) / 2 }).then(
          () => undefined,
          (error: unknown) => this.ctx.log.warn(`The ${this.what} sweep failed: ${error instanceof Error ? error.message : String(error)}`),
        ),
      );
    };
    run();
    this.timer = setInterval(run, this.minutes * 60_000);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }
}
