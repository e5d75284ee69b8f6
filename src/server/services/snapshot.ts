/** Builds the `UserSnapshot` a client syncs from the stored user, profiles, queues and numbers. */
import { PBX_CALLS_KEPT, type CompanyNumber, type Profile, type Queue, type UserSnapshot } from '../../shared/model';
import type { StoreReader, StoredProfile, UserRecord } from '../db/store';

export function toProfile(stored: StoredProfile): Profile {
  return { ...stored.fields, id: stored.id };
}

/**
 * Numbers the user may present: their own landline, extension and mobile, the company's main
 * number and the numbers of the queues they answer for (the extension only means something on
 * internal calls, where the softphone's own number is its extension).
 */
export async function allowedCallerIds(reader: StoreReader, user: UserRecord, queues: Queue[]): Promise<CompanyNumber[]> {
  const out: CompanyNumber[] = [];
  const push = (number: string, type: CompanyNumber['type'], label: string, queueId: string | null = null): void => {
    if (out.some((n) => n.number === number)) return;
    out.push({ id: `number:${number}`, number, type, label, userId: type === 'landline' || type === 'mobile' || type === 'internal' ? user.id : null, queueId });
  };
  if (user.numbers.landline) push(user.numbers.landline, 'landline', 'Landline');
  if (user.numbers.extension) push(user.numbers.extension, 'internal', 'Extension');
  if (user.numbers.mobile) push(user.numbers.mobile, 'mobile', 'Mobile');
  const company = await reader.getCompany(user.companyId);
  if (company?.mainNumber) push(company.mainNumber, 'main', `${company.name} main number`);
  for (const queue of queues) if (queue.number.startsWith('+')) push(queue.number, 'queue', queue.name, queue.id);
  return out;
}

/** Only the named parts of the snapshot (what a change carries), skipping the queries the others need. */
export async function snapshotParts<K extends keyof UserSnapshot>(
  reader: StoreReader,
  user: UserRecord,
  keys: readonly K[],
): Promise<Pick<UserSnapshot, K>> {
  const wants = (key: keyof UserSnapshot): boolean => (keys as readonly string[]).includes(key);
  const out: Partial<UserSnapshot> = {};
  if (wants('profiles')) out.profiles = (await reader.listProfiles(user.id)).map(toProfile);
  if (wants('queues') || wants('allowedCallerIds')) {
    const queues: Queue[] = (await reader.queuesOfUser(user.id)).map((q) => ({ id: q.id, name: q.name, number: q.number, memberIds: q.memberIds }));
    if (wants('queues')) out.queues = queues;
    if (wants('allowedCallerIds')) out.allowedCallerIds = await allowedCallerIds(reader, user, queues);
  }
  if (wants('userId')) out.userId = user.id;
  if (wants('revision')) out.revision = user.revision;
  if (wants('defaultProfileId')) out.defaultProfileId = user.defaultProfileId;
  if (wants('manualChoice')) out.manualChoice = user.manualChoice;
  if (wants('queueOverrides')) out.queueOverrides = user.queueOverrides;
  if (wants('callerIdOverride')) out.callerIdOverride = user.callerIdOverride;
  if (wants('calendarEvents')) out.calendarEvents = user.calendarEvents;
  if (wants('canEditProfiles')) out.canEditProfiles = user.canEditProfiles;
  if (wants('pbxCalls')) out.pbxCalls = await reader.recentPbxCalls(user.id, PBX_CALLS_KEPT);
  return out as Pick<UserSnapshot, K>;
}

export async function buildSnapshot(reader: StoreReader, user: UserRecord): Promise<UserSnapshot> {
  const profiles = (await reader.listProfiles(user.id)).map(toProfile);
  const queues: Queue[] = (await reader.queuesOfUser(user.id)).map((q) => ({
    id: q.id,
    name: q.name,
    number: q.number,
    memberIds: q.memberIds,
  }));
  return {
    userId: user.id,
    revision: user.revision,
    profiles,
    defaultProfileId: user.defaultProfileId,
    manualChoice: user.manualChoice,
    queueOverrides: user.queueOverrides,
    callerIdOverride: user.callerIdOverride,
    queues,
    allowedCallerIds: await allowedCallerIds(reader, user, queues),
    calendarEvents: user.calendarEvents,
    canEditProfiles: user.canEditProfiles,
    pbxCalls: await reader.recentPbxCalls(user.id, PBX_CALLS_KEPT),
  };
}
