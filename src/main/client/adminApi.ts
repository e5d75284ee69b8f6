/**
 * The contract's admin commands and the directory search, each a call to the profile server's
 * route (the server checks the role; the client only forwards and parses the answer).
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import {
  ApplyAudit,
  CsvReport,
  TemplateSummary,
  commands,
  type CommandName,
  type CommandResult,
} from '../../shared/ipc';
import { CompanySettings, DirectoryEntry, User } from '../../shared/model/directory';
import { PhoneNumber } from '../../shared/model/common';
import { Template } from '../../shared/model/state';
import type { ServerApi } from './serverApi';

export type ServerCommandName = Extract<CommandName, `admin.${string}` | 'directory.search'>;
type Parsed<N extends CommandName> = z.output<(typeof commands)[N]['args']>;

export function isServerCommand(name: CommandName): name is ServerCommandName {
  return name.startsWith('admin.') || name === 'directory.search';
}

const id = encodeURIComponent;

export async function runServerCommand<N extends ServerCommandName>(
  api: ServerApi,
  name: N,
  rawArgs: Parsed<N>,
): Promise<CommandResult<N>> {
  const result = await dispatch(api, name, rawArgs as Parsed<ServerCommandName>);
  return result as CommandResult<N>;
}

async function dispatch(
  api: ServerApi,
  name: ServerCommandName,
  args: Parsed<ServerCommandName>,
): Promise<unknown> {
  switch (name) {
    case 'admin.templates.list':
      return api.request({
        method: 'GET',
        path: '/admin/templates',
        response: z.array(TemplateSummary),
      });
    case 'admin.templates.get': {
      const { templateId } = args as Parsed<'admin.templates.get'>;
      return api.request({
        method: 'GET',
        path: `/admin/templates/${id(templateId)}`,
        response: Template,
      });
    }
    case 'admin.templates.clone': {
      const { templateId, name: cloneName } = args as Parsed<'admin.templates.clone'>;
      return api.request({
        method: 'POST',
        path: `/admin/templates/${id(templateId)}/clone`,
        body: { name: cloneName },
        response: Template,
      });
    }
    case 'admin.templates.save': {
      const { templateId, name: templateName, profiles } = args as Parsed<'admin.templates.save'>;
      return api.request({
        method: 'PUT',
        path: `/admin/templates/${id(templateId)}`,
        body: { name: templateName, profiles },
        response: Template,
      });
    }
    case 'admin.templates.apply': {
      const { templateId, userIds, confirmOverwrite } = args as Parsed<'admin.templates.apply'>;
      return api.request({
        method: 'POST',
        path: `/admin/templates/${id(templateId)}/apply`,
        body: { userIds, confirmOverwrite },
        // One key per click: a retried request after a lost answer is not applied twice.
        idempotencyKey: randomUUID(),
        response: commands['admin.templates.apply'].result,
      });
    }
    case 'admin.audit.list':
      return api.request({
        method: 'GET',
        path: '/admin/template-applications',
        response: z.array(ApplyAudit),
      });
    case 'admin.users.list': {
      const { includeDisabled } = args as Parsed<'admin.users.list'>;
      return api.request({
        method: 'GET',
        path: '/admin/users',
        query: { includeDisabled: String(includeDisabled) },
        response: z.array(User),
      });
    }
    case 'admin.users.create':
      return api.request({
        method: 'POST',
        path: '/admin/users',
        body: args,
        response: commands['admin.users.create'].result,
      });
    case 'admin.users.update': {
      const { userId, changes } = args as Parsed<'admin.users.update'>;
      return api.request({
        method: 'PATCH',
        path: `/admin/users/${id(userId)}`,
        body: changes,
        response: User,
      });
    }
    case 'admin.users.setDisabled': {
      const { userId, disabled } = args as Parsed<'admin.users.setDisabled'>;
      return api.request({
        method: 'PUT',
        path: `/admin/users/${id(userId)}/disabled`,
        body: { disabled },
        response: User,
      });
    }
    case 'admin.users.invite': {
      const { emails } = args as Parsed<'admin.users.invite'>;
      const answer = await api.request({
        method: 'POST',
        path: '/admin/invitations',
        body: { emails },
        response: z.object({ invited: z.int() }),
      });
      return { invited: answer.invited };
    }
    case 'admin.users.csvTemplate': {
      const { text, fileName } = await api.requestText('/admin/users.csv', { template: 'true' });
      return { fileName: fileName ?? 'users-template.csv', content: text };
    }
    case 'admin.users.csvDryRun': {
      const { content } = args as Parsed<'admin.users.csvDryRun'>;
      return api.request({
        method: 'POST',
        path: '/admin/users/csv/dry-run',
        body: { content },
        response: CsvReport,
      });
    }
    case 'admin.users.csvSubmit': {
      const { content } = args as Parsed<'admin.users.csvSubmit'>;
      return api.request({
        method: 'POST',
        path: '/admin/users/csv/submit',
        body: { content },
        response: commands['admin.users.csvSubmit'].result,
      });
    }
    case 'admin.company.get':
      return api.request({
        method: 'GET',
        path: '/admin/company',
        response: z.object({
          name: z.string(),
          mainNumber: PhoneNumber.nullable(),
          settings: CompanySettings,
        }),
      });
    case 'admin.company.update':
      return api.request({
        method: 'PATCH',
        path: '/admin/company',
        body: args,
        response: CompanySettings,
      });
    case 'directory.search': {
      const { query } = args as Parsed<'directory.search'>;
      return api.request({
        method: 'GET',
        path: '/directory',
        query: { query },
        response: z.array(DirectoryEntry),
      });
    }
  }
}
