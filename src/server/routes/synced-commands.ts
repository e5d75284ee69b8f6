/**
 * The REST routes of the user's own synced commands, one per shared definition
 * (src/shared/commands): its method and path, path parameters and body split from its argument
 * schema, who may call it, and its answer. Each runs idempotently through `runUserCommand`.
 */
import {
  answerSchema,
  argsFromRequest,
  definitionOf,
  routeSchemas,
  syncedCommandNames,
  type SyncedArgs,
  type SyncedCommandName,
} from '../../shared/commands';
import { API_PREFIX, ApiErrorBody } from '../../shared/server-api';
import type { ServerContext } from '../services/context';
import { runUserCommand } from '../services/user-commands';
import { fingerprint, idempotencyKey, replayHeader, type ZodApp } from './http';

const errors = { 400: ApiErrorBody, 401: ApiErrorBody, 403: ApiErrorBody, 404: ApiErrorBody, 409: ApiErrorBody };

export function registerSyncedCommandRoutes(app: ZodApp, ctx: ServerContext): void {
  for (const name of syncedCommandNames) registerSyncedCommand(app, ctx, name);
}

function registerSyncedCommand<N extends SyncedCommandName>(app: ZodApp, ctx: ServerContext, name: N): void {
  const definition = definitionOf(name);
  const { params, body } = routeSchemas(definition);
  app.route({
    method: definition.route.method,
    url: `${API_PREFIX}${definition.route.path}`,
    // The me area's hook authenticates; guests may use their phone but not edit their setup.
    config: { access: definition.who === 'member' ? 'member' : 'signed-in' },
    schema: {
      security: [{ bearer: [] }],
      tags: ['me'],
      summary: definition.route.summary,
      ...(params ? { params } : {}),
      ...(body ? { body } : {}),
      response: { 200: answerSchema(definition), ...errors },
    },
    handler: async (request, reply) => {
      // Already validated piecewise by the route's schemas; parsed whole for its type.
      const args: SyncedArgs<N> = definition.args.parse(argsFromRequest(definition, request.params, request.body));
      const answer = await runUserCommand(ctx, request.caller.user.id, name, args, { key: idempotencyKey(request), fingerprint: fingerprint(request) });
      replayHeader(reply, answer.replayed);
      return answer.body;
    },
  });
}
