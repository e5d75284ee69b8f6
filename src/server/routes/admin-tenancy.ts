/** Admin: the company's numbers (its blocks and who has which number) and its self-registration link (issue 12). */
import { ApiErrorBody, CompanyNumbers, RegistrationLink } from '../../shared/server-api';
import type { ServerContext } from '../services/context';
import { companyNumbers } from '../services/company-numbers';
import { registrationLink, rotateRegistrationLink } from '../services/registration';
import type { ZodApp } from './http';

const errors = { 401: ApiErrorBody, 403: ApiErrorBody };
const base = { tags: ['admin: tenancy'], security: [{ bearer: [] }] };

export function registerAdminTenancyRoutes(app: ZodApp, ctx: ServerContext): void {
  app.get(
    '/api/v1/admin/numbers',
    { schema: { ...base, summary: "The company's number blocks and the numbers in use", response: { 200: CompanyNumbers, ...errors } } },
    async (request) => companyNumbers(ctx, request.caller),
  );

  app.get(
    '/api/v1/admin/registration-link',
    { schema: { ...base, summary: "The company's self-registration link", response: { 200: RegistrationLink, ...errors } } },
    async (request) => registrationLink(ctx, request.caller),
  );

  app.post(
    '/api/v1/admin/registration-link/rotate',
    { schema: { ...base, summary: 'A new self-registration link; the old one stops working at once', response: { 200: RegistrationLink, ...errors } } },
    async (request) => rotateRegistrationLink(ctx, request.caller),
  );
}
