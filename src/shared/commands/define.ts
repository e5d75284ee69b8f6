/**
 * The shape of a user's own synced command, defined once and run by both sides:
 * - the client validates it against what the user sees (refusing early), applies it at once to
 *   its optimistic view and queues it (offline too), then sends it over its REST route;
 * - the server runs the very same `validate` + `apply` on the user's snapshot inside its
 *   transaction, persists the parts the command changes and logs the change with its reason.
 * So client and server cannot disagree about what a command does.
 */
import { z } from 'zod';
import { ManualChoice, QueueOverride, type UserSnapshot } from '../model/state';
import { effectiveInputOf, profileInEffect, type EffectiveProfile } from '../rules/effective';
import { text, type Text, type TextParam } from '../text';
import type { MessageKey } from '../i18n';

/** Parts of the user's snapshot a user command may change (what the server knows how to persist). */
export type ChangeablePart =
  'profiles' | 'manualChoice' | 'queueOverrides' | 'callerIdOverride' | 'defaultProfileId';

/** Parts whose value the REST answer carries (`{ [part]: value }`); otherwise it is `{ ok: true }`. */
export type AnswerPart = 'manualChoice' | 'queueOverrides';

export type RefusalCode = 'invalid_argument' | 'forbidden' | 'not_found' | 'conflict';

/**
 * Why a command cannot run: a code for code, a text key and its parameters for translations,
 * and the English sentence.
 */
export class CommandRefusal extends Error {
  constructor(
    readonly code: RefusalCode,
    readonly key: MessageKey,
    readonly params: Readonly<Record<string, string | number>>,
    message: string,
    /** Field path (`routing.any.devices.0`) → what to say next to that field, when it concerns fields. */
    readonly fields?: Readonly<Record<string, Text>>,
  ) {
    super(message);
    this.name = 'CommandRefusal';
  }

  /** The refusal in the user's words (the catalog's `key` with `params`). */
  get text(): Text {
    return text(this.key, this.params);
  }
}

export interface CommandRoute {
  method: 'POST' | 'PUT';
  /** Below the API prefix; `:name` segments are filled from the argument of that name. */
  path: string;
  /** For the OpenAPI description. */
  summary: string;
}

export interface SyncedCommand<N extends string, S extends z.ZodType> {
  name: N;
  /** The arguments; the IPC contract takes this very schema. */
  args: S;
  route: CommandRoute;
  /** Who may run it: any signed-in caller, or only members (not guests). */
  who: 'caller' | 'member';
  /** The parts of the snapshot it changes, and the reason written in the change log. */
  changes: readonly ChangeablePart[];
  reason: string;
  answer?: AnswerPart;
  /**
   * Checks the command against the user's snapshot at `now` and fixes what depends on that
   * moment (e.g. the end of a switch); throws a `CommandRefusal`.
   */
  validate(snapshot: UserSnapshot, args: z.output<S>, now: Date): z.output<S>;
  /**
   * The change, as of `now`; returns the very same snapshot when there is nothing to change.
   * Total: a command that no longer fits leaves the snapshot as it is.
   */
  apply(snapshot: UserSnapshot, args: z.output<S>, now: Date): UserSnapshot;
  /** How the command is named when it has to be undone. */
  describe(args: z.output<S>, profileName: (id: string) => TextParam): Text;
  /** True when a queued command has nothing left to do by `now` (it is then not sent). */
  obsolete?(args: z.output<S>, now: Date): boolean;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any command, whatever its arguments
export type AnySyncedCommand = SyncedCommand<string, any>;

export function defineSyncedCommand<const N extends string, S extends z.ZodType>(
  definition: SyncedCommand<N, S>,
): SyncedCommand<N, S> {
  return definition;
}

export function refuse(
  code: RefusalCode,
  key: MessageKey,
  params: Record<string, string | number>,
  message: string,
  fields?: Record<string, Text>,
): never {
  throw new CommandRefusal(code, key, params, message, fields);
}

/** The profile in effect for the snapshot at `now` (the shared rule). */
export function effectiveIn(snapshot: UserSnapshot, now: Date): EffectiveProfile | null {
  return profileInEffect(effectiveInputOf(snapshot, now));
}

/** Refuses when no profile is in effect (a user without profiles). */
export function effectiveOrRefuse(snapshot: UserSnapshot, now: Date): EffectiveProfile {
  return (
    effectiveIn(snapshot, now) ??
    refuse(
      'conflict',
      'command.noProfiles',
      {},
      'You have no profiles yet; ask an administrator to apply a template',
    )
  );
}

// ---------------------------------------------------------------------------------------------
// The REST mapping, shared by the client's sender and the server's route

const Ok = z.object({ ok: z.literal(true) });

function pathParams(path: string): string[] {
  return [...path.matchAll(/:([A-Za-z]\w*)/g)].map((match) => match[1] ?? '');
}

/** The request for a command: path parameters filled from the arguments, the rest as the body. */
export function commandRequest(
  definition: AnySyncedCommand,
  args: unknown,
): { method: CommandRoute['method']; path: string; body: Record<string, unknown> | undefined } {
  const { method, path } = definition.route;
  if (args === null || typeof args !== 'object') return { method, path, body: undefined };
  const body: Record<string, unknown> = { ...(args as Record<string, unknown>) };
  const filled = path.replace(/:([A-Za-z]\w*)/g, (_match, name: string) => {
    const value = body[name];
    delete body[name];
    return encodeURIComponent(String(value));
  });
  return { method, path: filled, body };
}

/** The route's schemas: path parameters and body, split from the argument schema. */
export function routeSchemas(definition: AnySyncedCommand): {
  params?: z.ZodObject;
  body?: z.ZodType;
} {
  const schema: z.ZodType = definition.args;
  // A command without an object of arguments (`z.null()`) takes no body, or that value.
  if (!(schema instanceof z.ZodObject)) return { body: schema.optional() };
  const names = pathParams(definition.route.path);
  if (names.length === 0) return { body: schema };
  const fields = Object.entries(schema.shape);
  return {
    params: z.object(Object.fromEntries(fields.filter(([key]) => names.includes(key)))),
    body: z.object(Object.fromEntries(fields.filter(([key]) => !names.includes(key)))),
  };
}

/** The arguments from a request's path parameters and body (the inverse of `commandRequest`). */
export function argsFromRequest(
  definition: AnySyncedCommand,
  params: unknown,
  body: unknown,
): unknown {
  if (!(definition.args instanceof z.ZodObject)) return body ?? null;
  return { ...(params as object), ...(body as object) };
}

const answerSchemas: Record<AnswerPart, z.ZodType> = {
  manualChoice: ManualChoice,
  queueOverrides: z.array(QueueOverride),
};

/** What the route answers. */
export function answerSchema(definition: AnySyncedCommand): z.ZodObject {
  const part = definition.answer;
  if (part === undefined) return Ok;
  return z.object({ [part]: answerSchemas[part] });
}

export function answerBody(
  definition: AnySyncedCommand,
  after: UserSnapshot,
): Record<string, unknown> {
  const part = definition.answer;
  return part === undefined ? { ok: true } : { [part]: after[part] };
}
