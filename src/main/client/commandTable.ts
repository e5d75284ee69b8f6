/**
 * The shape of the client service's command table: every command name of the contract
 * (`src/shared/ipc.ts`) has exactly one row, either
 * - a handler: a function of the parsed arguments that returns the command's result, or
 * - a server route: data (method, path, query, body) for commands that only forward to the
 *   profile server's REST API; the answer is parsed with the command's result schema.
 *
 * The table is assembled from per-area parts (session and local state in `clientService.ts`,
 * calls in `callControls.ts`, server routes in `adminApi.ts`); each part is checked with
 * `satisfies CommandRows` (no unknown names, right argument and result types) and the whole
 * with `CommandTable` (no name missing). `DuplicateRows` catches a name given by two parts.
 */
import { randomUUID } from 'node:crypto';
import { commands, type CommandName, type CommandResult, type ParsedArgs } from '../../shared/ipc';
import type { RequestOptions, ServerApi } from './serverApi';

export type Handler<N extends CommandName> = (args: ParsedArgs<N>) => Promise<CommandResult<N>> | CommandResult<N>;

export interface ServerRoute<N extends CommandName> {
  method: RequestOptions<never>['method'];
  /** Under `/api/v1`; built from the arguments when it names one (ids are URI-encoded). */
  path: string | ((args: ParsedArgs<N>) => string);
  query?: (args: ParsedArgs<N>) => Record<string, string>;
  /** The JSON body; none when absent. */
  body?: (args: ParsedArgs<N>) => unknown;
  /** A binary body instead (a greeting's WAV), with its content type. */
  rawBody?: (args: ParsedArgs<N>) => { contentType: string; bytes: Uint8Array<ArrayBuffer> };
  /** Sends a fresh Idempotency-Key per invocation: a retry after a lost answer is not applied twice. */
  idempotent?: true;
  /** For answers that are text (CSV downloads): the result made from it, instead of parsing JSON. */
  text?: (answer: { text: string; fileName: string | null }) => CommandResult<N>;
  /** For binary answers (a recording's audio): the result made from the bytes, instead of parsing JSON. */
  bytes?: (answer: { bytes: Uint8Array; contentType: string }) => CommandResult<N>;
}

export type CommandRow<N extends CommandName> = Handler<N> | ServerRoute<N>;

/** The whole table: a row for every command name, of that command's types. */
export type CommandTable = { [N in CommandName]: CommandRow<N> };

/** One area's part of the table. */
export type CommandRows = Partial<CommandTable>;

/** The names given by more than one of the parts (must be `never`). */
export type DuplicateRows<Parts extends readonly object[]> = Parts extends readonly [
  infer Head,
  ...infer Rest extends readonly object[],
]
  ? (keyof Head & KeysOf<Rest>) | DuplicateRows<Rest>
  : never;
type KeysOf<Parts extends readonly object[]> = Parts extends readonly [infer Head, ...infer Rest extends readonly object[]]
  ? keyof Head | KeysOf<Rest>
  : never;

/** Runs a row: a handler is called; a route is requested. `api` is only asked for routes. */
export async function runRow<N extends CommandName>(
  name: N,
  row: CommandRow<N>,
  args: ParsedArgs<N>,
  api: () => RouteApi,
): Promise<CommandResult<N>> {
  if (typeof row === 'function') return row(args);
  return runServerRoute(api(), name, row, args);
}

/** What a route needs of the server API. */
export type RouteApi = Pick<ServerApi, 'request' | 'requestText' | 'requestBytes'>;

export async function runServerRoute<N extends CommandName>(
  api: RouteApi,
  name: N,
  route: ServerRoute<N>,
  args: ParsedArgs<N>,
): Promise<CommandResult<N>> {
  const path = typeof route.path === 'string' ? route.path : route.path(args);
  const query = route.query?.(args);
  if (route.text !== undefined) return route.text(await api.requestText(path, query));
  if (route.bytes !== undefined) return route.bytes(await api.requestBytes(path));
  return api.request({
    method: route.method,
    path,
    query,
    body: route.body?.(args),
    rawBody: route.rawBody?.(args),
    idempotencyKey: route.idempotent ? randomUUID() : undefined,
    response: commands[name].result,
  });
}
