/**
 * A users-CSV submit as the admin's client does it (issue 12): POST the file, get the job
 * (202), follow it until it has committed or failed. Returns the last job state and every
 * `done` count seen on the way.
 */
import { CsvJob } from '../../src/shared/server-api';
import type { TestServer } from './server';

export interface FollowedJob extends CsvJob {
  seen: number[];
}

export async function submitCsvJob(
  server: TestServer,
  token: string,
  content: string | { content: string },
  options: { pollMs?: number; headers?: Record<string, string> } = {},
): Promise<FollowedJob> {
  const started = await server.api('/api/v1/admin/users/csv/submit', {
    token,
    body: content,
    headers: typeof content === 'string' ? { 'content-type': 'text/csv', ...options.headers } : options.headers,
  });
  if (started.status !== 202) throw new Error(`CSV submit answered ${started.status}: ${await started.text()}`);
  let job = CsvJob.parse(await started.json());
  const seen = [job.done];
  while (job.state === 'running') {
    await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 20));
    const response = await server.api(`/api/v1/admin/users/csv/jobs/${job.jobId}`, { token });
    if (response.status !== 200) throw new Error(`CSV job answered ${response.status}: ${await response.text()}`);
    job = CsvJob.parse(await response.json());
    seen.push(job.done);
  }
  return { ...job, seen };
}
