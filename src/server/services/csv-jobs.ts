/**
 * CSV submits as jobs (issue 12). Hashing a password per row makes a 400-row file take long
 * (seconds to minutes at production scrypt cost): the request used to outlast the client's wait
 * while the server went on and committed. Now the submit is verified at once (an invalid file is
 * a 400 as before), started in the background and answered with a job id; the admin's client
 * follows the job until it has committed (every row) or failed (no row).
 *
 * Jobs live in the server's memory, per company: a job is read only by admins of the company
 * that started it (another company's admin gets 404). Finished jobs are kept for
 * `FINISHED_KEEP_MS`; a restart forgets them (a job cut short by a restart never committed).
 */
import { randomUUID } from 'node:crypto';
import type { CsvJob } from '../../shared/server-api';
import type { Caller } from './auth';
import type { ServerContext } from './context';
import { ApiError } from './errors';
import { text } from '../../shared/text';
import { submit, verifySubmit } from './users-csv';

const FINISHED_KEEP_MS = 60 * 60_000;

interface JobEntry {
  companyId: string;
  job: CsvJob;
  finishedAt: number | null;
  /** Settles when the job has committed or failed (tests and shutdown wait for it). */
  settled: Promise<void>;
}

const registries = new WeakMap<ServerContext, Map<string, JobEntry>>();

function registryOf(ctx: ServerContext): Map<string, JobEntry> {
  let jobs = registries.get(ctx);
  if (!jobs) registries.set(ctx, (jobs = new Map()));
  const now = Date.now();
  for (const [id, entry] of jobs) if (entry.finishedAt !== null && now - entry.finishedAt > FINISHED_KEEP_MS) jobs.delete(id);
  return jobs;
}

function errorBody(ctx: ServerContext, error: unknown): NonNullable<CsvJob['error']> {
  if (error instanceof ApiError) {
    return { error: error.code, message: error.message, ...(error.text ? { text: error.text } : {}), details: error.details };
  }
  ctx.log.error({ err: error }, 'A CSV submit job failed');
  return { error: 'failed', message: 'The server failed; the error is in its log', text: text('error.serverFailed') };
}

/** Verifies the upload and starts applying it; answers the job as it starts. */
export async function startCsvSubmit(ctx: ServerContext, caller: Caller, content: string): Promise<CsvJob> {
  const upload = await verifySubmit(ctx, caller, content);
  const job: CsvJob = { jobId: randomUUID(), state: 'running', done: 0, total: upload.rows, result: null, error: null };
  const entry: JobEntry = { companyId: caller.company.id, job, finishedAt: null, settled: Promise.resolve() };
  registryOf(ctx).set(job.jobId, entry);
  entry.settled = submit(ctx, caller, upload, (done) => {
    job.done = done;
  }).then(
    (result) => {
      Object.assign(job, { state: 'committed', done: job.total, result });
      entry.finishedAt = Date.now();
    },
    (error: unknown) => {
      Object.assign(job, { state: 'failed', error: errorBody(ctx, error) });
      entry.finishedAt = Date.now();
    },
  );
  return { ...job };
}

/** The job as it is now, for an admin of the company that started it. */
export function csvJobOf(ctx: ServerContext, caller: Caller, jobId: string): CsvJob {
  const entry = registryOf(ctx).get(jobId);
  if (!entry || entry.companyId !== caller.company.id) {
    throw new ApiError(404, 'not_found', 'This CSV submit is unknown (or finished over an hour ago)', undefined, undefined, text('error.notFound.csvJob'));
  }
  return { ...entry.job };
}

/** Waits for every running job of the server (shutdown). */
export async function settleCsvJobs(ctx: ServerContext): Promise<void> {
  await Promise.all([...registryOf(ctx).values()].map((entry) => entry.settled));
}
