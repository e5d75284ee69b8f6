/**
 * What a signed-in user can change about themselves (switch profile, queue pause/resume, caller
 * ID, their own profile's fields): one generic service over the shared command definitions
 * (src/shared/commands). Inside one transaction it builds the user's snapshot, runs the
 * definition's `validate` + `apply` with the server's clock, persists the parts that changed,
 * bumps the revision with a change-log row (pushed to all the user's clients after commit), and
 * stores the answer under the request's idempotency key.
 */
import {
  answerBody,
  CommandRefusal,
  definitionOf,
  runSyncedCommand,
  type ChangeablePart,
  type RefusalCode,
  type SyncedArgs,
  type SyncedCommandName,
} from '../../shared/commands';
import type { UserSnapshot } from '../../shared/model';
import type { StoreWriter, UserRecord } from '../db/store';
import type { ServerContext } from './context';
import { ApiError, notFound } from './errors';
import { runCommand, type CommandAnswer } from './idempotency';
import { buildSnapshot } from './snapshot';
import { checkSpeedDials } from './company-codes';
import { checkTargetsInCompany } from './destinations-admin';
import { targetsOf } from '../../shared/rules';

const STATUS: Record<RefusalCode, number> = { invalid_argument: 400, forbidden: 403, not_found: 404, conflict: 409 };

/** Runs one of the user's own commands; `idempotency` is the request's key and fingerprint. */
export async function runUserCommand<N extends SyncedCommandName>(
  ctx: ServerContext,
  userId: string,
  name: N,
  args: SyncedArgs<N>,
  idempotency: { key: string | undefined; fingerprint: string },
): Promise<CommandAnswer<Record<string, unknown>>> {
  const definition = definitionOf(name);
  return runCommand(ctx, userId, idempotency.key, idempotency.fingerprint, async (tx, changes) => {
    const user = await tx.getUser(userId);
    if (!user) throw notFound('user');
    const before = await buildSnapshot(tx, user);
    const after = refusalAsApiError(() => runSyncedCommand(name, before, args, ctx.now())).snapshot;
    if (name === 'profiles.update') await checkProfileEdit(tx, user, after, (args as SyncedArgs<'profiles.update'>).profileId);
    if (after !== before) {
      await persist(tx, user, before, after, definition.changes);
      await changes.record(user, definition.reason, definition.changes);
    }
    return answerBody(definition, after);
  });
}

/** Issue 11: an edited profile's speed dial clashes with no other profile or company code; its messages and applications are the company's. */
async function checkProfileEdit(tx: StoreWriter, user: UserRecord, after: UserSnapshot, profileId: string): Promise<void> {
  const index = after.profiles.findIndex((p) => p.id === profileId);
  if (index < 0) return;
  await checkSpeedDials(tx, user.companyId, after.profiles, index);
  await checkTargetsInCompany(tx, user.companyId, targetsOf(after.profiles[index]!));
}

function refusalAsApiError<T>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof CommandRefusal) {
      // Field errors travel as the admin forms' do (`details.texts`), shown next to each field.
      const details = error.fields === undefined ? undefined : { texts: error.fields };
      throw new ApiError(STATUS[error.code], error.code, error.message, details, undefined, error.text);
    }
    throw error;
  }
}

type UserPart = Exclude<ChangeablePart, 'profiles'>;

function copyPart<K extends UserPart>(user: Pick<UserSnapshot, UserPart>, after: UserSnapshot, part: K): void {
  user[part] = after[part];
}

/** Writes the parts a command changes: fields of the user's row, and edited profile rows. */
async function persist(
  tx: StoreWriter,
  user: UserRecord,
  before: UserSnapshot,
  after: UserSnapshot,
  parts: readonly ChangeablePart[],
): Promise<void> {
  let userChanged = false;
  for (const part of parts) {
    if (part === 'profiles') await persistProfiles(tx, user.id, before, after);
    else {
      copyPart(user, after, part);
      userChanged = true;
    }
  }
  if (userChanged) await tx.updateUser(user);
}

/** Saves the profiles whose fields changed; a user command never adds or removes profiles. */
async function persistProfiles(tx: StoreWriter, userId: string, before: UserSnapshot, after: UserSnapshot): Promise<void> {
  const stored = await tx.listProfiles(userId);
  for (const profile of after.profiles) {
    const old = before.profiles.find((p) => p.id === profile.id);
    if (old !== undefined && JSON.stringify(old) === JSON.stringify(profile)) continue;
    const row = stored.find((p) => p.id === profile.id);
    if (!row) throw new Error(`A user command cannot add profile ${profile.id}`);
    const { id: _id, ...fields } = profile;
    await tx.upsertProfile({ ...row, fields });
  }
}
