/**
 * Commands with an `Idempotency-Key`: the answer is stored with the key, per user, in the same
 * transaction as the change, so a replay (a client that lost the answer, an offline queue
 * flushed twice) gets the first answer and the change is never applied twice.
 *
 * Several instances on one database (issue 15): the key is claimed first, in the command's
 * transaction (`INSERT … ON CONFLICT DO NOTHING`). The same command sent to two instances at
 * once: the second claim waits for the first transaction; if that commits, the second finds the
 * key taken and answers the stored answer; if it rolls back (the command failed), the second
 * runs the command itself. A command whose answer was lost (its instance killed after the
 * commit) replayed to another instance gets the stored answer the same way.
 */
import type { StoreWriter } from '../db/store';
import { sha256 } from '../security/secrets';
import { writeWithChanges, type ChangeRecorder } from './changes';
import type { ServerContext } from './context';
import { ApiError } from './errors';
import { text } from '../../shared/text';

export interface CommandAnswer<T> {
  body: T;
  replayed: boolean;
}

export function requestFingerprint(method: string, url: string, body: unknown): string {
  return `${method} ${url.split('?')[0]} ${sha256(JSON.stringify(body ?? null))}`;
}

export async function runCommand<T>(
  ctx: ServerContext,
  userId: string,
  key: string | undefined,
  fingerprint: string,
  work: (tx: StoreWriter, changes: ChangeRecorder) => Promise<T>,
): Promise<CommandAnswer<T>> {
  return writeWithChanges(ctx, async (tx, changes) => {
    if (key !== undefined && !(await tx.claimIdempotencyKey(userId, key, fingerprint, ctx.now().toISOString()))) {
      const previous = await tx.getIdempotentAnswer(userId, key);
      if (previous) {
        if (previous.request !== fingerprint) {
          throw new ApiError(409, 'conflict', 'This Idempotency-Key was already used for a different request', undefined, undefined, text('error.idempotencyKeyReused'));
        }
        return { body: previous.response as T, replayed: true };
      }
    }
    const body = await work(tx, changes);
    if (key !== undefined) {
      await tx.putIdempotentAnswer(userId, key, { request: fingerprint, status: 200, response: body }, ctx.now().toISOString());
    }
    return { body, replayed: false };
  });
}
