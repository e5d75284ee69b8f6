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
 *
 * Several instances on PostgreSQL (issue 15): the admin's client follows its job through the
 * load balancer, so any instance may be asked. The instance that runs a job (the one the submit
 * reached: it alone applies the rows and sends the welcome mails) also writes the job to the
 * table `csv_jobs`, on start, as it progresses (at most every `SAVE_EVERY_MS`), every
 * `HEARTBEAT_MS` while it runs and when it ends; the others answer from that row. A running job
 * whose row was not touched for `LOST_AFTER_MS` belonged to an instance that stopped: it never
 * committed, and is answered as failed.
 */
import { randomUUID } from 'node:crypto';
import type { CsvJob } from '../../shared/server-api';
import type { Caller } from './auth';
import type { ServerContext } from './context';
import { ApiError } from './errors';
import { text } from '../../shared/text';
import { submit, verifySubmit } from './users-csv';

const FINISHED_KEEP_MS = 60 * 60_000;
const SAVE_EVERY_MS = 1_000;
const HEARTBEAT_MS = 10_000;
const LOST_AFTER_MS = 60_000;

interface JobEntry {
  companyId: string;
  job: CsvJob;
  finishedAt: number | null;
  /** Settles when the job has committed or failed (tests and shutdown wait for it). */
  settled: Promise<void>;
}

/** Jobs in the database: only when several instances may share it (PostgreSQL). */
const shared = (ctx: ServerContext): boolean => Boolean(ctx.config.databaseUrl);

/**
 * Writes the job's row as it is now, after the writes before it (in order, so a late progress
 * write never overwrites the final state). A failed write is logged; the next one retries.
 */
function jobSaver(ctx: ServerContext, companyId: string, job: CsvJob): () => Promise<void> {
  let chain: Promise<void> = Promise.resolve();
  return () => {
    const snapshot = { ...job };
    chain = chain.then(() =>
      ctx.store
        .write((tx) => tx.putCsvJob({ id: job.jobId, companyId, job: snapshot, updatedAt: new Date().toISOString() }))
        .catch((error: unknown) => ctx.log.warn({ err: error, jobId: job.jobId }, 'Saving a CSV job failed')),
    );
    return chain;
  };
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
  const save = shared(ctx) ? jobSaver(ctx, caller.company.id, job) : null;
  let heartbeat: NodeJS.Timeout | null = null;
  if (save) {
    await ctx.store.write(async (tx) => {
      await tx.pruneCsvJobs(new Date(Date.now() - FINISHED_KEEP_MS).toISOString());
      await tx.putCsvJob({ id: job.jobId, companyId: caller.company.id, job: { ...job }, updatedAt: new Date().toISOString() });
    });
    heartbeat = setInterval(() => void save(), HEARTBEAT_MS);
    heartbeat.unref();
  }
  let savedAt = Date.now();
  const finish = async (): Promise<void> => {
    entry.finishedAt = Date.now();
    if (heartbeat) clearInterval(heartbeat);
    await save?.();
  };
  entry.settled = submit(ctx, caller, upload, (done) => {
    job.done = done;
    if (save && Date.now() - savedAt >= SAVE_EVERY_MS) {
      savedAt = Date.now();
      void save();
    }
  }).then(
    async (result) => {
      Object.assign(job, { state: 'committed', done: job.total, result });
      await finish();
    },
    async (error: unknown) => {
      Object.assign(job, { state: 'failed', error: errorBody(ctx, error) });
      await finish();
    },
  );
  return { ...job };
}

/** The job as it is now, for an admin of the company that started it (on any instance). */
export async function csvJobOf(ctx: ServerContext, caller: Caller, jobId: string): Promise<CsvJob> {
  const entry = registryOf(ctx).get(jobId);
  if (entry && entry.companyId === caller.company.id) return { ...entry.job };
  const stored = !entry && shared(ctx) ? await ctx.store.getCsvJob(jobId) : null;
  if (!stored || stored.companyId !== caller.company.id) {
    throw new ApiError(404, 'not_found', 'This CSV submit is unknown (or finished over an hour ago)', undefined, undefined, text('error.notFound.csvJob'));
  }
  if (stored.job.state === 'running' && Date.now() - Date.parse(stored.updatedAt) > LOST_AFTER_MS) {
    const message = 'The server running this CSV submit stopped before it finished; nothing was written. Submit the file again.';
    return { ...stored.job, state: 'failed', error: { error: 'failed', message, text: text('error.csvJobLost') } };
  }
  return stored.job;
}

/** Waits for every running job of the server (shutdown). */
export async function settleCsvJobs(ctx: ServerContext): Promise<void> {
  await Promise.all([...registryOf(ctx).values()].map((entry) => entry.settled));
}
