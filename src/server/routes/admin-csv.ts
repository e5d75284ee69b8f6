/** Admin: users CSV template/export, verification (dry run) and submission (the `admin` area). */
import { z } from 'zod';
import { ApiErrorBody, CSV_MAX_CHARS, CsvJob, CsvJobQuery, CsvReport, CsvUpload } from '../../shared/server-api';
import type { ServerContext } from '../services/context';
import { csvJobOf, startCsvSubmit } from '../services/csv-jobs';
import { dryRun, exportUsersCsv } from '../services/users-csv';
import type { ZodApp } from './http';

const errors = { 400: ApiErrorBody, 401: ApiErrorBody, 403: ApiErrorBody, 404: ApiErrorBody, 409: ApiErrorBody };
const base = { tags: ['admin: users'], security: [{ bearer: [] }] };
/** The file as JSON `{ content }` or as the raw `text/csv` body. */
const Upload = z.union([CsvUpload, z.string().max(CSV_MAX_CHARS)]);
const contentOf = (body: z.infer<typeof Upload>): string => (typeof body === 'string' ? body : body.content);

export function registerAdminCsvRoutes(app: ZodApp, ctx: ServerContext): void {
  app.get(
    '/api/v1/admin/users.csv',
    {
      schema: {
        ...base,
        summary: 'The users CSV: every user (export), or only the header row with ?template=true',
        querystring: z.object({ template: z.enum(['true', 'false']).default('false') }),
      },
    },
    async (request, reply) => {
      const template = request.query.template === 'true';
      const name = template ? 'users-template.csv' : 'users.csv';
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${name}"`)
        .send(await exportUsersCsv(ctx, request.caller, template));
    },
  );

  app.post(
    '/api/v1/admin/users/csv/dry-run',
    { schema: { ...base, summary: 'Verify an upload: rows to create, rows to change, invalid rows with line and reason', body: Upload, response: { 200: CsvReport, ...errors } } },
    async (request) => dryRun(ctx, request.caller, contentOf(request.body)),
  );

  app.post(
    '/api/v1/admin/users/csv/submit',
    {
      schema: {
        ...base,
        summary: 'Verify an upload and start applying it (every row or none) as a job: 202 with the job to follow',
        body: Upload,
        response: { 202: CsvJob, ...errors },
      },
    },
    async (request, reply) => reply.code(202).send(await startCsvSubmit(ctx, request.caller, contentOf(request.body))),
  );

  app.get(
    '/api/v1/admin/users/csv/jobs/:jobId',
    { schema: { ...base, summary: 'A CSV submit job: rows done of total, then committed (with the result) or failed (nothing changed)', params: CsvJobQuery, response: { 200: CsvJob, ...errors } } },
    async (request) => csvJobOf(ctx, request.caller, request.params.jobId),
  );
}
