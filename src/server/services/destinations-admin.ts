/**
 * A company's announcements and applications (issue 11 "Messages and applications"): admins
 * list, create, rename, replace the audio of, and delete them; profiles pick them by name
 * (their targets hold the id). Uploaded audio is converted to 8 kHz mono WAV before it is kept
 * (recordings/announcementAudio.ts). Deleting one that a profile or template still sends calls
 * to is refused with their names. Everything is scoped to the caller's company: another
 * company's id is "not found".
 */
import { audit } from './audit';
import { randomUUID } from 'node:crypto';
import {
  ANNOUNCEMENT_MAX_SECONDS,
  type Announcement,
  type AnnouncementInput,
  type AnnouncementPatch,
  type Application,
  type ApplicationInput,
  type CompanyDestinations,
  type Target,
} from '../../shared/model';
import { targetsOf } from '../../shared/rules';
import { text } from '../../shared/text';
import type { AnnouncementRecord, ApplicationRecord, StoreReader } from '../db/store';
import { AudioRejected, toTelephoneWav } from '../recordings/announcementAudio';
import type { Caller } from './auth';
import type { ServerContext } from './context';
import { conflict, invalid, notFound } from './errors';
import { companyCodes } from './company-codes';

type Kind = 'message' | 'application';

function refersTo(target: Target, kind: Kind, id: string): boolean {
  if (kind === 'message') return target.kind === 'message' && target.messageId === id;
  return target.kind === 'application' && target.applicationId === id;
}

/** Who sends calls to the announcement or application `id`: "Anna Berg (Lunch)", "template Office (Lunch)". */
async function usersOf(reader: StoreReader, companyId: string, kind: Kind, ids: string[]): Promise<Map<string, string[]>> {
  const used = new Map<string, string[]>(ids.map((id) => [id, []]));
  const note = (targets: Target[], who: string) => {
    for (const id of ids) if (targets.some((target) => refersTo(target, kind, id))) used.get(id)!.push(who);
  };
  for (const user of await reader.listUsers(companyId)) {
    for (const profile of await reader.listProfiles(user.id)) note(targetsOf(profile.fields), `${user.firstName} ${user.lastName} (${profile.fields.name})`);
  }
  for (const template of await reader.listTemplates(companyId)) {
    for (const profile of template.profiles) note(targetsOf(profile), `${template.name} (${profile.name})`);
  }
  return used;
}

function toAnnouncement(record: AnnouncementRecord, usedBy: string[]): Announcement {
  return { id: record.id, name: record.name, afterwards: record.afterwards, durationSeconds: record.durationMs / 1000, updatedAt: record.updatedAt, usedBy };
}

function toApplication(record: ApplicationRecord, usedBy: string[]): Application {
  return { id: record.id, name: record.name, sipUri: record.sipUri, updatedAt: record.updatedAt, usedBy };
}

/** The audio as the phone line plays it; a 400 naming the field when it cannot be. */
function convert(base64: string): { wav: Buffer; durationMs: number } {
  try {
    return toTelephoneWav(Buffer.from(base64, 'base64'), ANNOUNCEMENT_MAX_SECONDS);
  } catch (error) {
    if (!(error instanceof AudioRejected)) throw error;
    const said =
      error.reason === 'tooLong'
        ? text('error.audioTooLong', { seconds: error.seconds, max: ANNOUNCEMENT_MAX_SECONDS })
        : text(error.reason === 'empty' ? 'error.audioEmpty' : 'error.audioNotWav');
    throw invalid(`audioBase64: ${error.message}`, { field: 'audioBase64' }, said);
  }
}

function nameTaken(name: string): never {
  throw conflict(`name: The name ${name} is already used. Names must be unique.`, { field: 'name' }, text('error.destinationNameTaken', { name }));
}

function sameName(a: string, b: string): boolean {
  return a.localeCompare(b, undefined, { sensitivity: 'accent' }) === 0;
}

async function announcementOf(reader: StoreReader, caller: Caller, id: string): Promise<AnnouncementRecord> {
  const found = await reader.getAnnouncement(id);
  if (!found || found.companyId !== caller.company.id) throw notFound('announcement');
  return found;
}

async function applicationOf(reader: StoreReader, caller: Caller, id: string): Promise<ApplicationRecord> {
  const found = await reader.getApplication(id);
  if (!found || found.companyId !== caller.company.id) throw notFound('application');
  return found;
}

export async function listAnnouncements(ctx: ServerContext, caller: Caller): Promise<Announcement[]> {
  const records = await ctx.store.listAnnouncements(caller.company.id);
  const used = await usersOf(ctx.store, caller.company.id, 'message', records.map((r) => r.id));
  return records.map((r) => toAnnouncement(r, used.get(r.id) ?? []));
}

export async function createAnnouncement(ctx: ServerContext, caller: Caller, input: AnnouncementInput): Promise<Announcement> {
  const audio = convert(input.audioBase64);
  const at = ctx.now().toISOString();
  const record: AnnouncementRecord = {
    id: randomUUID(),
    companyId: caller.company.id,
    name: input.name,
    afterwards: input.afterwards ?? 'end',
    durationMs: audio.durationMs,
    createdAt: at,
    updatedAt: at,
  };
  await ctx.store.write(async (tx) => {
    if ((await tx.listAnnouncements(caller.company.id)).some((a) => sameName(a.name, record.name))) nameTaken(record.name);
    await tx.insertAnnouncement(record, audio.wav);
    await audit(ctx, tx, caller, 'announcements.create', { kind: 'announcement', id: record.id, name: record.name }, { durationMs: record.durationMs });
  });
  return toAnnouncement(record, []);
}

export async function updateAnnouncement(ctx: ServerContext, caller: Caller, id: string, patch: AnnouncementPatch): Promise<Announcement> {
  const audio = patch.audioBase64 === undefined ? null : convert(patch.audioBase64);
  const updated = await ctx.store.write(async (tx) => {
    const found = await announcementOf(tx, caller, id);
    const name = patch.name ?? found.name;
    if ((await tx.listAnnouncements(caller.company.id)).some((a) => a.id !== id && sameName(a.name, name))) nameTaken(name);
    const record: AnnouncementRecord = {
      ...found,
      name,
      afterwards: patch.afterwards ?? found.afterwards,
      durationMs: audio?.durationMs ?? found.durationMs,
      updatedAt: ctx.now().toISOString(),
    };
    await tx.updateAnnouncement(record, audio?.wav ?? null);
    const fields = Object.keys(patch).map((key) => (key === 'audioBase64' ? 'audio' : key));
    await audit(ctx, tx, caller, 'announcements.update', { kind: 'announcement', id, name }, found.name === name ? { fields } : { fields, renamedFrom: found.name });
    return record;
  });
  const used = await usersOf(ctx.store, caller.company.id, 'message', [id]);
  return toAnnouncement(updated, used.get(id) ?? []);
}

function inUse(name: string, users: string[]): never {
  const list = users.slice(0, 5).join(', ') + (users.length > 5 ? ` and ${users.length - 5} more` : '');
  throw conflict(`${name} is used by ${list}. Choose another destination there first.`, { usedBy: users }, text('error.destinationInUse', { name, users: list }));
}

export async function deleteAnnouncement(ctx: ServerContext, caller: Caller, id: string): Promise<void> {
  await ctx.store.write(async (tx) => {
    const found = await announcementOf(tx, caller, id);
    const users = (await usersOf(tx, caller.company.id, 'message', [id])).get(id) ?? [];
    if (users.length > 0) inUse(found.name, users);
    await tx.deleteAnnouncement(id);
    await audit(ctx, tx, caller, 'announcements.delete', { kind: 'announcement', id, name: found.name });
  });
}

/** The audio (8 kHz mono WAV) of one of the company's announcements, for the admin to listen to. */
export async function announcementAudio(ctx: ServerContext, caller: Caller, id: string): Promise<Buffer> {
  await announcementOf(ctx.store, caller, id);
  const audio = await ctx.store.getAnnouncementAudio(id);
  if (!audio) throw notFound('announcement');
  return audio;
}

export async function listApplications(ctx: ServerContext, caller: Caller): Promise<Application[]> {
  const records = await ctx.store.listApplications(caller.company.id);
  const used = await usersOf(ctx.store, caller.company.id, 'application', records.map((r) => r.id));
  return records.map((r) => toApplication(r, used.get(r.id) ?? []));
}

export async function createApplication(ctx: ServerContext, caller: Caller, input: ApplicationInput): Promise<Application> {
  const at = ctx.now().toISOString();
  const record: ApplicationRecord = { id: randomUUID(), companyId: caller.company.id, name: input.name, sipUri: input.sipUri, createdAt: at, updatedAt: at };
  await ctx.store.write(async (tx) => {
    if ((await tx.listApplications(caller.company.id)).some((a) => sameName(a.name, record.name))) nameTaken(record.name);
    await tx.insertApplication(record);
    await audit(ctx, tx, caller, 'applications.create', { kind: 'application', id: record.id, name: record.name }, { sipUri: record.sipUri });
  });
  return toApplication(record, []);
}

export async function updateApplication(ctx: ServerContext, caller: Caller, id: string, input: ApplicationInput): Promise<Application> {
  const updated = await ctx.store.write(async (tx) => {
    const found = await applicationOf(tx, caller, id);
    if ((await tx.listApplications(caller.company.id)).some((a) => a.id !== id && sameName(a.name, input.name))) nameTaken(input.name);
    const record: ApplicationRecord = { ...found, name: input.name, sipUri: input.sipUri, updatedAt: ctx.now().toISOString() };
    await tx.updateApplication(record);
    await audit(ctx, tx, caller, 'applications.update', { kind: 'application', id, name: record.name }, { sipUri: record.sipUri, ...(found.name === record.name ? {} : { renamedFrom: found.name }) });
    return record;
  });
  const used = await usersOf(ctx.store, caller.company.id, 'application', [id]);
  return toApplication(updated, used.get(id) ?? []);
}

export async function deleteApplication(ctx: ServerContext, caller: Caller, id: string): Promise<void> {
  await ctx.store.write(async (tx) => {
    const found = await applicationOf(tx, caller, id);
    const users = (await usersOf(tx, caller.company.id, 'application', [id])).get(id) ?? [];
    if (users.length > 0) inUse(found.name, users);
    // Calls to the main number may go here (company settings): choose another destination there first.
    const main = (await tx.getCompany(caller.company.id))?.settings.mainNumberRoute;
    if (main?.kind === 'application' && main.applicationId === id) {
      throw conflict(`${found.name} takes the calls to the main number. Choose another destination there first.`, { field: 'mainNumberRoute' }, text('error.mainNumberRoute.inUse', { name: found.name }));
    }
    await tx.deleteApplication(id);
    await audit(ctx, tx, caller, 'applications.delete', { kind: 'application', id, name: found.name });
  });
}

/** What a profile editor of this company may pick by name, and the company's codes (any signed-in user). */
export async function companyDestinations(ctx: ServerContext, caller: Caller): Promise<CompanyDestinations> {
  const companyId = caller.company.id;
  return {
    announcements: (await ctx.store.listAnnouncements(companyId)).map(({ id, name }) => ({ id, name })),
    applications: (await ctx.store.listApplications(companyId)).map(({ id, name }) => ({ id, name })),
    codes: await companyCodes(ctx.store, companyId),
  };
}

/** Whether every message and application a profile names belongs to the company (400 naming the field otherwise). */
export async function checkTargetsInCompany(reader: StoreReader, companyId: string, targets: Target[]): Promise<void> {
  for (const target of targets) {
    if (target.kind === 'message') {
      const found = await reader.getAnnouncement(target.messageId);
      if (!found || found.companyId !== companyId) throw invalid(`messageId: There is no announcement ${target.messageId}`, { field: 'messageId' }, text('error.notFound.announcement'));
    }
    if (target.kind === 'application') {
      const found = await reader.getApplication(target.applicationId);
      if (!found || found.companyId !== companyId) throw invalid(`applicationId: There is no application ${target.applicationId}`, { field: 'applicationId' }, text('error.notFound.application'));
    }
  }
}
