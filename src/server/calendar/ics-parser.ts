/**
 * Runs calendar expansion in one worker thread with a queue, so an ICS upload or subscription
 * never blocks the server's event loop (PBX route questions, other requests). Each calendar gets
 * `timeoutMs` of the worker once it is its turn; past that the worker is terminated (a single
 * ical.js step may never end) and a fresh one starts for the next calendar. The worker starts on
 * the first calendar, not with the server. At most `maxQueue` calendars wait; more are refused.
 */
import { Worker } from 'node:worker_threads';
import type { ExpandLimits, ExpandResult } from './ics-expand';
import { ICS_WORKER, type ParseJob, type WorkerMessage } from './ics-worker';

export type ParseOutcome = ExpandResult | { ok: false; reason: 'timeout' | 'busy' | 'crashed' | 'closed' };

interface Pending {
  id: number;
  text: string;
  limits: ExpandLimits;
  resolve: (outcome: ParseOutcome) => void;
}

export interface IcsParserOptions {
  timeoutMs: number;
  maxQueue: number;
}

export class IcsParser {
  private readonly queue: Pending[] = [];
  private current: Pending | null = null;
  private worker: Promise<Worker> | null = null;
  private nextId = 1;
  private closed = false;
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly options: IcsParserOptions) {}

  /** Expands `text` in the worker; always resolves (never rejects) with what happened. */
  parse(text: string, limits: ExpandLimits): Promise<ParseOutcome> {
    if (this.closed) return Promise.resolve({ ok: false, reason: 'closed' });
    if (this.queue.length >= this.options.maxQueue) return Promise.resolve({ ok: false, reason: 'busy' });
    return new Promise((resolve) => {
      this.queue.push({ id: this.nextId++, text, limits, resolve });
      void this.pump();
    });
  }

  /** True while a calendar is being expanded (benchmarks and tests watch it). */
  get busy(): boolean {
    return this.current !== null;
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) job.resolve({ ok: false, reason: 'closed' });
    this.finish({ ok: false, reason: 'closed' });
    const worker = this.worker;
    this.worker = null;
    if (worker) await worker.then((w) => w.terminate()).catch(() => undefined);
  }

  private async pump(): Promise<void> {
    if (this.current || this.closed) return;
    const job = this.queue.shift();
    if (!job) return;
    this.current = job;
    let worker: Worker;
    try {
      worker = await this.startWorker();
    } catch {
      // The worker's exit already ended this job (startWorker); only a job still waiting ends here.
      if (this.current === job) this.finish({ ok: false, reason: 'crashed' });
      return;
    }
    if (this.current !== job) return;
    // The time limit counts from when the worker has the calendar, not from the queue.
    this.timer = setTimeout(() => {
      this.worker = null;
      void worker.terminate();
      this.finish({ ok: false, reason: 'timeout' });
    }, this.options.timeoutMs);
    worker.postMessage({ id: job.id, text: job.text, limits: job.limits } satisfies ParseJob);
  }

  private finish(outcome: ParseOutcome, id?: number): void {
    const job = this.current;
    if (!job || (id !== undefined && job.id !== id)) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.current = null;
    job.resolve(outcome);
    void this.pump();
  }

  private startWorker(): Promise<Worker> {
    if (this.worker) return this.worker;
    const worker = new Worker(new URL('./ics-worker-boot.mjs', import.meta.url), {
      workerData: ICS_WORKER,
      // A calendar that would take more memory than this ends the worker, not the server.
      resourceLimits: { maxOldGenerationSizeMb: 256 },
    });
    // A waiting worker does not keep the process alive.
    worker.unref();
    const started = new Promise<Worker>((resolve, reject) => {
      worker.on('message', (message: WorkerMessage) => {
        if (message.type === 'ready') resolve(worker);
        else this.finish(message.result, message.id);
      });
      const gone = (): void => {
        reject(new Error('The calendar worker stopped while starting'));
        if (this.worker !== started) return;
        this.worker = null;
        this.finish({ ok: false, reason: 'crashed' });
      };
      worker.on('error', gone);
      worker.on('exit', gone);
    });
    this.worker = started;
    return started;
  }
}
