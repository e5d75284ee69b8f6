/**
 * Queues as the company's admin manages them (issue 13): create, rename, number (an extension,
 * or a public number from the company's own blocks: number-ownership.ts), members and each
 * member's queue devices, delete (refused while the main number routes to the queue). Every
 * change is audited in its transaction and pushed to the members whose queue list it changes
 * (their snapshot keys `queues`, `allowedCallerIds`); admins watching the company get the
 * `company-change` notes of those pushes, and of members pausing, and read the list again.
 */
import { randomUUID } from 'node:crypto';
import { PhoneNumber, type AdminQueue, type AdminQueueMember, type Device, type QueueMemberSetting, type TypedQueueInput, type TypedQueuePatch } from '../../shared/model';
import { storedNumber } from '../../shared/phone';
import { queueStatuses } from '../../shared/rules/queues';
import { text } from '../../shared/text';
import type { QueueRecord, StoreReader, StoreWriter } from '../db/store';
import { audit, userSubject } from './audit';
import type { Caller } from './auth';
import { writeWithChanges, type ChangeRecorder } from './changes';
import type { ServerContext } from './context';
import { effectiveFor } from './effective';
import { conflict, invalid, notFound } from './errors';
import { isPublicNumber, ownsNumber } from './number-ownership';
import { userOfCompany } from './users-admin';
import { companyCountry } from './user-numbers';

const QUEUE_KEYS = ['queues', 'allowedCallerIds'] as const;

async function memberState(ctx: ServerContext, reader: StoreReader, queue: QueueRecord, userId: string): Promise<AdminQueueMember> {
  const devices = queue.memberDevices?.[userId] ?? null;
  const user = await reader.getUser(userId);
  if (!user) return { userId, devices, status: 'paused' };
  const { effective } = await effectiveFor(reader, user, ctx.now());
  const status = queueStatuses({ queues: [{ id: queue.id, name: queue.name, number: queue.number, memberIds: queue.memberIds }], profile: effective?.profile ?? null, overrides: user.queueOverrides })[queue.id] ?? 'active';
  return { userId, devices, status: user.disabled ? 'paused' : status };
}

async function toAdminQueue(ctx: ServerContext, reader: StoreReader, queue: QueueRecord): Promise<AdminQueue> {
  const company = await reader.getCompany(queue.companyId);
  const route = company?.settings.mainNumberRoute;
  const members: AdminQueueMember[] = [];
  for (const userId of queue.memberIds) members.push(await memberState(ctx, reader, queue, userId));
  return {
    id: queue.id,
    name: queue.name,
    number: queue.number,
    memberIds: queue.memberIds,
    members,
    mainNumber: route?.kind === 'queue' && route.queueId === queue.id,
  };
}

/** The company's queues with their members, each member's devices and whether they are paused now. */
export async function listAdminQueues(ctx: ServerContext, caller: Caller): Promise<AdminQueue[]> {
  const queues = await ctx.store.listQueues(caller.company.id);
  const out: AdminQueue[] = [];
  for (const queue of queues) out.push(await toAdminQueue(ctx, ctx.store, queue));
  return out;
}

/** A queue of the caller's company; other companies' queues are not found. */
async function queueOfCompany(reader: StoreReader, caller: Caller, queueId: string): Promise<QueueRecord> {
  const queue = await reader.getQueue(queueId);
  if (queue?.companyId !== caller.company.id) throw notFound('queue');
  return queue;
}

/** A queue number must be the company's to give (its blocks, or short) and nobody else's. */
async function checkQueueNumber(reader: StoreReader, companyId: string, number: string, selfId: string | null): Promise<void> {
  if (!(await ownsNumber(reader, companyId, number))) {
    throw conflict(`The number ${number} (number) is not one of your company's numbers`, { field: 'number' }, text('error.numberNotOwned', { number }));
  }
  const owner = isPublicNumber(number) ? await reader.findNumber(number) : await reader.findNumberIn(companyId, number);
  if (owner && (selfId === null || owner.queueId !== selfId)) {
    throw conflict(`The number ${number} (number) already belongs to someone else`, { field: 'number' }, text('error.numberTaken', { number }));
  }
}

/**
 * The number as stored: national spellings (`08-555 013 00`) read in the company's country become
 * E.164, spaced extensions lose their spaces (issue 13); anything else is a 400 naming the field.
 */
function queueNumber(caller: Caller, typed: string): string {
  const stored = storedNumber(typed, companyCountry(caller.company));
  if (!PhoneNumber.safeParse(stored).success) {
    throw invalid(`number: ${typed} is not a phone number or an extension`, { field: 'number', texts: { number: text('validation.phoneNumber') } }, text('validation.phoneNumber'));
  }
  return stored;
}

async function recordMembers(recorder: ChangeRecorder, userIds: readonly string[], reason: string): Promise<void> {
  for (const userId of userIds) await recorder.record(userId, reason, QUEUE_KEYS);
}

export async function createQueue(ctx: ServerContext, caller: Caller, input: TypedQueueInput): Promise<AdminQueue> {
  const number = queueNumber(caller, input.number);
  return writeWithChanges(ctx, async (tx) => {
    await checkQueueNumber(tx, caller.company.id, number, null);
    const queue: QueueRecord = { id: randomUUID(), companyId: caller.company.id, name: input.name, number, memberIds: [], memberDevices: {} };
    await tx.insertQueue(queue);
    await audit(ctx, tx, caller, 'queues.create', { kind: 'queue', id: queue.id, name: queue.name }, { number: queue.number });
    return toAdminQueue(ctx, tx, queue);
  });
}

export async function updateQueue(ctx: ServerContext, caller: Caller, queueId: string, patch: TypedQueuePatch): Promise<AdminQueue> {
  const number = patch.number === undefined ? undefined : queueNumber(caller, patch.number);
  return writeWithChanges(ctx, async (tx, recorder) => {
    const queue = await queueOfCompany(tx, caller, queueId);
    const next: QueueRecord = { ...queue, name: patch.name ?? queue.name, number: number ?? queue.number };
    if (next.number !== queue.number) await checkQueueNumber(tx, caller.company.id, next.number, queue.id);
    if (next.name === queue.name && next.number === queue.number) return toAdminQueue(ctx, tx, queue);
    await tx.updateQueue(next);
    const changed: Record<string, unknown> = {};
    if (next.name !== queue.name) changed.name = { from: queue.name, to: next.name };
    if (next.number !== queue.number) changed.number = { from: queue.number, to: next.number };
    await audit(ctx, tx, caller, 'queues.update', { kind: 'queue', id: queue.id, name: next.name }, changed);
    await recordMembers(recorder, queue.memberIds, 'admin-queue');
    return toAdminQueue(ctx, tx, next);
  });
}

/** Refused (409 naming the main number) while calls to the company's main number go to the queue. */
export async function deleteQueue(ctx: ServerContext, caller: Caller, queueId: string): Promise<void> {
  await writeWithChanges(ctx, async (tx, recorder) => {
    const queue = await queueOfCompany(tx, caller, queueId);
    const company = await tx.getCompany(caller.company.id);
    const route = company?.settings.mainNumberRoute;
    if (route?.kind === 'queue' && route.queueId === queue.id) {
      const mainNumber = company?.mainNumber ?? '';
      throw conflict(
        `Calls to the main number ${mainNumber} go to the queue ${queue.name}: choose another destination for the main number first`,
        { field: 'mainNumberRoute' },
        text('error.queueIsMainNumberRoute', { queue: queue.name, number: mainNumber }),
      );
    }
    await tx.deleteQueue(queue.id);
    await audit(ctx, tx, caller, 'queues.delete', { kind: 'queue', id: queue.id, name: queue.name }, { number: queue.number, userIds: queue.memberIds });
    await recordMembers(recorder, queue.memberIds, 'admin-queue');
  });
}

/** Adds a member of the caller's company, or changes which of their devices ring for this queue. */
export async function putQueueMember(ctx: ServerContext, caller: Caller, queueId: string, userId: string, setting: QueueMemberSetting): Promise<AdminQueue> {
  return writeWithChanges(ctx, async (tx: StoreWriter, recorder) => {
    const queue = await queueOfCompany(tx, caller, queueId);
    const user = await userOfCompany(tx, caller, userId);
    const isMember = queue.memberIds.includes(user.id);
    const memberIds = isMember ? queue.memberIds : [...queue.memberIds, user.id];
    const memberDevices: Record<string, Device[]> = { ...queue.memberDevices };
    if (setting.devices) memberDevices[user.id] = [...new Set(setting.devices)];
    else delete memberDevices[user.id];
    await tx.setQueueMembers(queue.id, memberIds, memberDevices);
    await audit(ctx, tx, caller, isMember ? 'queues.memberUpdate' : 'queues.memberAdd', userSubject(user), {
      queue: queue.name,
      queueId: queue.id,
      // null: as the member's own profile says
      devices: setting.devices,
    });
    if (!isMember) await recordMembers(recorder, [user.id], 'admin-queue');
    return toAdminQueue(ctx, tx, { ...queue, memberIds, memberDevices });
  });
}

export async function removeQueueMember(ctx: ServerContext, caller: Caller, queueId: string, userId: string): Promise<AdminQueue> {
  return writeWithChanges(ctx, async (tx, recorder) => {
    const queue = await queueOfCompany(tx, caller, queueId);
    const user = await userOfCompany(tx, caller, userId);
    if (!queue.memberIds.includes(user.id)) throw notFound('user', userId);
    const memberIds = queue.memberIds.filter((id) => id !== user.id);
    const memberDevices: Record<string, Device[]> = { ...queue.memberDevices };
    delete memberDevices[user.id];
    await tx.setQueueMembers(queue.id, memberIds, memberDevices);
    await audit(ctx, tx, caller, 'queues.memberRemove', userSubject(user), { queue: queue.name, queueId: queue.id });
    await recordMembers(recorder, [user.id], 'admin-queue');
    return toAdminQueue(ctx, tx, { ...queue, memberIds, memberDevices });
  });
}
