/**
 * What a signed-in user can change about themselves: switch profile, queue pause/resume,
 * caller ID, their own profile's fields, the calendar source. Each runs as one idempotent
 * command that bumps the user's revision and is pushed to all their clients.
 */
import type { ManualChoice, ProfileFields, QueueOverride, QueueStatus } from '../../shared/model';
import { manualChoiceFor } from '../../shared/rules';
import type { StoreWriter, UserRecord } from '../db/store';
import type { ChangeRecorder } from './changes';
import type { ServerContext } from './context';
import { effectiveFor } from './effective';
import { ApiError, forbidden, invalid, notFound } from './errors';
import { allowedCallerIds } from './snapshot';

async function freshUser(tx: StoreWriter, userId: string): Promise<UserRecord> {
  const user = await tx.getUser(userId);
  if (!user) throw notFound('User');
  return user;
}

export async function switchProfile(
  ctx: ServerContext,
  tx: StoreWriter,
  changes: ChangeRecorder,
  userId: string,
  profileId: string,
  until: string | null | undefined,
): Promise<ManualChoice> {
  const user = await freshUser(tx, userId);
  const stored = (await tx.listProfiles(userId)).find((p) => p.id === profileId);
  if (!stored) throw notFound('Profile');
  const now = ctx.now();
  let choice: ManualChoice;
  if (until === null) {
    // An explicit "until I change it", overriding the profile's standard length.
    choice = { profileId, setAt: now.toISOString(), until: null };
  } else {
    const end = until === undefined ? undefined : new Date(until);
    if (end && end.getTime() <= now.getTime()) throw invalid('until: the end of the choice must be in the future');
    choice = manualChoiceFor({ ...stored.fields, id: stored.id }, now, end);
  }
  user.manualChoice = choice;
  await tx.updateUser(user);
  await changes.record(userId, 'profile-switch', ['manualChoice']);
  return choice;
}

export async function clearManualChoice(tx: StoreWriter, changes: ChangeRecorder, userId: string): Promise<void> {
  const user = await freshUser(tx, userId);
  if (user.manualChoice === null) return;
  user.manualChoice = null;
  await tx.updateUser(user);
  await changes.record(userId, 'profile-switch', ['manualChoice']);
}

export async function setQueueStatus(
  ctx: ServerContext,
  tx: StoreWriter,
  changes: ChangeRecorder,
  userId: string,
  queueIds: string[] | 'all',
  status: QueueStatus,
): Promise<QueueOverride[]> {
  const user = await freshUser(tx, userId);
  const memberOf = await tx.queuesOfUser(userId);
  const chosen = queueIds === 'all' ? memberOf.map((q) => q.id) : queueIds;
  for (const id of chosen) {
    if (!memberOf.some((q) => q.id === id)) throw notFound(`Queue ${id} (you are not a member)`);
  }
  const now = ctx.now();
  const { effective } = await effectiveFor(tx, user, now);
  if (!effective) throw new ApiError(409, 'conflict', 'You have no profiles yet; ask an administrator to apply a template');
  const kept = user.queueOverrides.filter((o) => !chosen.includes(o.queueId));
  const added = chosen.map((queueId) => ({ queueId, status, profileId: effective.profile.id, setAt: now.toISOString() }));
  user.queueOverrides = [...kept, ...added];
  await tx.updateUser(user);
  await changes.record(userId, 'queue-status', ['queueOverrides']);
  return user.queueOverrides;
}

export async function chooseCallerId(
  ctx: ServerContext,
  tx: StoreWriter,
  changes: ChangeRecorder,
  userId: string,
  number: string | null,
): Promise<void> {
  const user = await freshUser(tx, userId);
  const queues = (await tx.queuesOfUser(userId)).map((q) => ({ ...q }));
  if (number !== null) {
    const allowed = await allowedCallerIds(tx, user, queues);
    if (!allowed.some((n) => n.number === number)) {
      throw forbidden(`You may not present ${number}; choose one of: ${allowed.map((n) => n.number).join(', ') || 'none'}`);
    }
  }
  const now = ctx.now();
  const { effective } = await effectiveFor(tx, user, now);
  if (!effective) throw new ApiError(409, 'conflict', 'You have no profiles yet; ask an administrator to apply a template');
  user.callerIdOverride = { number, profileId: effective.profile.id, setAt: now.toISOString() };
  await tx.updateUser(user);
  await changes.record(userId, 'caller-id', ['callerIdOverride']);
}

export async function updateOwnProfile(
  tx: StoreWriter,
  changes: ChangeRecorder,
  userId: string,
  profileId: string,
  fields: ProfileFields,
): Promise<void> {
  const user = await freshUser(tx, userId);
  if (!user.canEditProfiles) throw forbidden('Your administrator has locked your profiles');
  const stored = (await tx.listProfiles(userId)).find((p) => p.id === profileId);
  if (!stored) throw notFound('Profile');
  await tx.upsertProfile({ ...stored, fields });
  await changes.record(userId, 'profile-edit', ['profiles']);
}
