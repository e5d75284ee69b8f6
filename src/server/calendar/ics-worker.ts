/**
 * The calendar worker thread: expands ICS text (ics-expand.ts) off the server's event loop, one
 * calendar at a time, answering each job with its result. Started by ics-parser.ts through
 * ics-worker-boot.mjs (the server runs from TypeScript source via tsx).
 */
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { expandIcs, type ExpandLimits, type ExpandResult } from './ics-expand';

/** `workerData` that marks a thread as the calendar worker. */
export const ICS_WORKER = 'ics-worker';

export interface ParseJob {
  id: number;
  text: string;
  limits: ExpandLimits;
}

export type WorkerMessage = { type: 'ready' } | { type: 'result'; id: number; result: ExpandResult };

if (!isMainThread && parentPort && workerData === ICS_WORKER) {
  const port = parentPort;
  port.on('message', (job: ParseJob) => {
    const message: WorkerMessage = { type: 'result', id: job.id, result: expandIcs(job.text, job.limits) };
    port.postMessage(message);
  });
  port.postMessage({ type: 'ready' } satisfies WorkerMessage);
}
