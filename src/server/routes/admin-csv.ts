/** Admin: users CSV template/export, verification (dry run) and submission (the `admin` area). */
import { z } from 'zod';
import { ApiErrorBody, CSV_MAX_CHARS, CsvReport, CsvSubmitAnswer, CsvUpload } from '../../shared/server-api';
import type { ServerContext } from '../services/context';
import { dryRun, exportUsersCsv, submit } from '../services/users-csv';
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
    { schema: { ...base, summary: 'Apply an upload in one transaction: every row or none', body: Upload, response: { 200: CsvSubmitAnswer, ...errors } } },
    async (request) => submit(ctx, request.caller, contentOf(request.body)),
  );
}
