/**
 * Every change to what a user's snapshot holds goes through `writeWithChanges`: the work and
 * the revision bump + change-log entry commit in one transaction, and only after the commit
 * are the changes pushed. A client therefore never sees a change that was rolled back, and a
 * committed change is always in the log for a reconnecting client.
 */
import type { SnapshotPatch, SyncChange } from '../../shared/server-api';
import type { StoreWriter, UserRecord } from '../db/store';
import type { CommittedChange } from '../push/hub';
import type { ServerContext } from './context';
import { snapshotParts } from './snapshot';
import { presenceChanged } from './presence';
import type { Text } from '../../shared/text';

/** How many changes per user are kept for resuming; older gaps are answered with a snapshot. */
const CHANGES_KEPT = 200;

export type SnapshotKey = keyof SnapshotPatch;

export class ChangeRecorder {
  readonly committed: CommittedChange[] = [];

  constructor(
    private readonly tx: StoreWriter,
    private readonly now: Date,
  ) {}

  /**
   * Bumps the user's revision and logs the named parts of their snapshot as they are now.
   * Pass the user record when the caller has just saved it, to spare a read.
   */
  async record(
    userOrId: string | UserRecord,
    reason: string,
    keys: readonly SnapshotKey[],
    notice?: Text,
    /** Parts the caller already holds as they now are in the store (spares reading them back). */
    known: SnapshotPatch = {},
  ): Promise<SyncChange> {
    const user = typeof userOrId === 'string' ? await this.tx.getUser(userOrId) : { ...userOrId };
    if (!user) throw new Error(`Cannot record a change for unknown user ${String(userOrId)}`);
    const revision = (await this.tx.getRevision(user.id)) ?? user.revision;
    user.revision = revision + 1;
    await this.tx.setRevision(user.id, user.revision);
    const missing = keys.filter((key) => known[key] === undefined);
    const patch = { ...((await snapshotParts(this.tx, user, missing)) as SnapshotPatch) };
    for (const key of keys) if (known[key] !== undefined) Object.assign(patch, { [key]: known[key] });
    const change: SyncChange = { revision: user.revision, at: this.now.toISOString(), reason, patch, ...(notice ? { notice } : {}) };
    await this.tx.appendChange({ userId: user.id, revision: change.revision, at: change.at, reason, patch });
    if (user.revision % 50 === 0) await this.tx.pruneChanges(user.id, CHANGES_KEPT);
    this.committed.push({ userId: user.id, companyId: user.companyId, change });
    return change;
  }

  /**
   * `updateUser` then `record` for many users, in a few statements however many they are
   * (a template applied to a company): saves each record whole with its revision bumped and
   * logs the named parts. The records must be the ones this write read (their revision is
   * current: `getUsers` locks the rows on PostgreSQL).
   */
  async saveAndRecordMany(entries: readonly UserChange[], reason: string, keys: readonly SnapshotKey[]): Promise<void> {
    const at = this.now.toISOString();
    for (const { user } of entries) user.revision += 1;
    await this.tx.updateUsers(entries.map((e) => e.user));
    const logged: { userId: string; revision: number; at: string; reason: string; patch: SnapshotPatch }[] = [];
    for (const { user, notice, known = {} } of entries) {
      const missing = keys.filter((key) => known[key] === undefined);
      const patch = { ...((await snapshotParts(this.tx, user, missing)) as SnapshotPatch) };
      for (const key of keys) if (known[key] !== undefined) Object.assign(patch, { [key]: known[key] });
      logged.push({ userId: user.id, revision: user.revision, at, reason, patch });
      this.committed.push({ userId: user.id, companyId: user.companyId, change: { revision: user.revision, at, reason, patch, ...(notice ? { notice } : {}) } });
    }
    await this.tx.appendChanges(logged);
    for (const { user } of entries) if (user.revision % 50 === 0) await this.tx.pruneChanges(user.id, CHANGES_KEPT);
  }
}

/** One user's part of `ChangeRecorder.saveAndRecordMany`. */
export interface UserChange {
  /** Read inside this write (locked on PostgreSQL: `getUsers`), then changed by the caller. */
  user: UserRecord;
  notice?: Text;
  /** Parts the caller holds as they now are (the rest are read from the record or the store). */
  known?: SnapshotPatch;
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
  if (recorder && recorder.committed.length > 0) {
    ctx.hub.publish(recorder.committed);
    // Colleagues see the profile in effect: recompute the users this changed (after commit).
    void presenceChanged(ctx, recorder.committed.map((c) => c.userId), recorder.committed.map((c) => c.companyId));
  }
  return result;
}
