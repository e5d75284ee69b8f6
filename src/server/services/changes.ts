/**
 * Every change to what a user's snapshot holds goes through `writeWithChanges`: the work and
 * the revision bump + change-log entry commit in one transaction, and only after the commit
 * are the changes pushed. A client therefore never sees a change that was rolled back, and a
 * committed change is always in the log for a reconnecting client.
 */
import type { UserSnapshot } from '../../shared/model';
import type { SnapshotPatch, SyncChange } from '../../shared/server-api';
import type { StoreWriter } from '../db/store';
import type { CommittedChange } from '../push/hub';
import type { ServerContext } from './context';
import { buildSnapshot } from './snapshot';

/** How many changes per user are kept for resuming; older gaps are answered with a snapshot. */
export const CHANGES_KEPT = 200;

export type SnapshotKey = keyof SnapshotPatch;

export class ChangeRecorder {
  readonly committed: CommittedChange[] = [];

  constructor(
    private readonly tx: StoreWriter,
    private readonly now: Date,
  ) {}

  /** Bumps the user's revision and logs the named parts of their snapshot as they are now. */
  async record(userId: string, reason: string, keys: readonly SnapshotKey[], notice?: string): Promise<SyncChange> {
    const user = await this.tx.getUser(userId);
    if (!user) throw new Error(`Cannot record a change for unknown user ${userId}`);
    user.revision += 1;
    await this.tx.updateUser(user);
    const snapshot = await buildSnapshot(this.tx, user);
    const patch = pick(snapshot, keys);
    const change: SyncChange = { revision: user.revision, at: this.now.toISOString(), reason, patch, ...(notice ? { notice } : {}) };
    await this.tx.appendChange({ userId, revision: change.revision, at: change.at, reason, patch });
    if (user.revision % 50 === 0) await this.tx.pruneChanges(userId, CHANGES_KEPT);
    this.committed.push({ userId, companyId: user.companyId, change });
    return change;
  }
}

function pick(snapshot: UserSnapshot, keys: readonly SnapshotKey[]): SnapshotPatch {
  const patch: Record<string, unknown> = {};
  for (const key of keys) patch[key] = snapshot[key];
  return patch as SnapshotPatch;
}

export async function writeWithChanges<T>(
  ctx: ServerContext,
  work: (tx: StoreWriter, changes: ChangeRecorder) => Promise<T>,
): Promise<T> {
  let recorder: ChangeRecorder | undefined;
  const result = await ctx.store.write(async (tx) => {
    recorder = new ChangeRecorder(tx, ctx.now());
    return work(tx, recorder);
  });
  if (recorder && recorder.committed.length > 0) ctx.hub.publish(recorder.committed);
  return result;
}

/** All snapshot parts; used when a change touches everything (template apply, admin edit). */
export const ALL_KEYS: readonly SnapshotKey[] = [
  'profiles',
  'defaultProfileId',
  'manualChoice',
  'queueOverrides',
  'callerIdOverride',
  'queues',
  'allowedCallerIds',
  'calendarEvents',
  'canEditProfiles',
];
