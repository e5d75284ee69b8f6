/**
 * Admin mass edits (seed 001): change one field of one profile for many users at once, and add
 * a profile to everyone. The profile is addressed by its template key or by its name.
 */
import { randomUUID } from 'node:crypto';
import { ProfileFields } from '../../shared/model';
import { firstIssue } from '../../shared/zodIssues';
import type { StoreWriter, UserRecord } from '../db/store';
import type { ChangeRecorder } from './changes';
import { invalid, notFound } from './errors';
import { text } from '../../shared/text';

async function usersOf(tx: StoreWriter, companyId: string, userIds: string[] | 'all'): Promise<UserRecord[]> {
  const users = await tx.listUsers(companyId);
  if (userIds === 'all') return users.filter((u) => !u.disabled);
  // a user named twice is edited once
  return [...new Set(userIds)].map((id) => {
    const user = users.find((u) => u.id === id);
    if (!user) throw notFound('user', id);
    return user;
  });
}

export interface MassEditResult {
  changed: string[];
  /** Users who have no profile with that key or name. */
  skipped: string[];
}

/** A mass edit's answer: also who of `changed` had the value already (the preview says so). */
export interface FieldEditResult extends MassEditResult {
  alreadySet: string[];
}

export async function massEditProfileField(
  tx: StoreWriter,
  changes: ChangeRecorder,
  companyId: string,
  userIds: string[] | 'all',
  match: { key?: string | undefined; name?: string | undefined },
  field: keyof ProfileFields,
  value: unknown,
  /** A preview: the same checks and answer, nothing written. */
  dryRun = false,
): Promise<FieldEditResult> {
  const result: FieldEditResult = { changed: [], skipped: [], alreadySet: [] };
  for (const user of await usersOf(tx, companyId, userIds)) {
    const profiles = await tx.listProfiles(user.id);
    const target = profiles.find((p) =>
      match.key ? p.templateKey === match.key : p.fields.name.toLowerCase() === (match.name ?? '').toLowerCase(),
    );
    if (!target) {
      result.skipped.push(user.id);
      continue;
    }
    const parsed = ProfileFields.safeParse({ ...target.fields, [field]: value });
    if (!parsed.success) {
      throw invalid(firstIssue(parsed.error, field));
    }
    if (JSON.stringify(target.fields[field]) === JSON.stringify(parsed.data[field])) result.alreadySet.push(user.id);
    result.changed.push(user.id);
    if (dryRun) continue;
    await tx.upsertProfile({ ...target, fields: parsed.data });
    await changes.record(user.id, 'admin-edit', ['profiles'], text('notice.adminChangedProfile', { name: parsed.data.name }));
  }
  return result;
}

export async function addProfileToUsers(
  tx: StoreWriter,
  changes: ChangeRecorder,
  companyId: string,
  userIds: string[] | 'all',
  fields: ProfileFields,
): Promise<MassEditResult & { key: string }> {
  const key = randomUUID();
  const result = { changed: [] as string[], skipped: [] as string[], key };
  for (const user of await usersOf(tx, companyId, userIds)) {
    const profiles = await tx.listProfiles(user.id);
    if (profiles.some((p) => p.fields.name.toLowerCase() === fields.name.toLowerCase())) {
      result.skipped.push(user.id);
      continue;
    }
    await tx.upsertProfile({ id: randomUUID(), userId: user.id, position: profiles.length, templateKey: key, fields });
    await changes.record(user.id, 'admin-edit', ['profiles'], text('notice.adminAddedProfile', { name: fields.name }));
    result.changed.push(user.id);
  }
  return result;
}
