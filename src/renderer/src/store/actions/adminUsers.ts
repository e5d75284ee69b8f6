/**
 * Issue 13: the users table's column choice (kept on the admin's account), mass edits with their
 * preview, a profile added for many users, and one user's profiles (read, edited, locked). The
 * outcome goes to `admin.status` (the polite live region), failures to the error region.
 */
import type { ProfileFields, UserSnapshot } from '../../../../shared/model';
import type { MassEditAnswer, MassEditBody, UserColumn } from '../../../../shared/admin-users-api';
import { invoke } from './invoke';
import { useSoftphone } from '../store';
import type { AdminState } from '../slices';

function setStatus(status: AdminState['status']): void {
  useSoftphone.setState((s) => ({ admin: { ...s.admin, status } }));
}

export async function loadColumns(): Promise<UserColumn[] | undefined> {
  return (await invoke('admin.columns.get', null))?.columns;
}

export async function saveColumns(columns: UserColumn[]): Promise<UserColumn[] | undefined> {
  const saved = await invoke('admin.columns.set', { columns });
  if (saved) setStatus({ key: 'admin.status.columnsSaved' });
  return saved?.columns;
}

/** Who a mass edit would change; nothing is stored. */
export function previewMassEdit(edit: Omit<MassEditBody, 'dryRun'>, onError: (message: string) => void): Promise<MassEditAnswer | undefined> {
  return invoke('admin.profiles.massEdit', { ...edit, dryRun: true }, { onError });
}

export async function runMassEdit(edit: Omit<MassEditBody, 'dryRun'>, onError: (message: string) => void): Promise<boolean> {
  const result = await invoke('admin.profiles.massEdit', edit, { onError });
  if (!result) return false;
  setStatus({ key: 'admin.status.massEdited', params: { name: edit.profileName ?? '', n: result.changed.length } });
  return true;
}

export async function addProfileFor(userIds: string[] | 'all', profile: ProfileFields, onError: (message: string) => void): Promise<boolean> {
  const result = await invoke('admin.profiles.add', { userIds, profile }, { onError });
  if (!result) return false;
  setStatus({ key: 'admin.status.profileAdded', params: { name: profile.name, n: result.changed.length, skipped: result.skipped.length } });
  return true;
}

export const loadUserSnapshot = (userId: string): Promise<UserSnapshot | undefined> => invoke('admin.users.snapshot', { userId });

export async function editUserProfile(userId: string, profileId: string, fields: ProfileFields): Promise<UserSnapshot | undefined> {
  const snapshot = await invoke('admin.users.editProfile', { userId, profileId, fields });
  if (snapshot) setStatus({ key: 'admin.status.userProfileSaved', params: { name: fields.name } });
  return snapshot;
}

export async function lockUserProfiles(userId: string, name: string, locked: boolean): Promise<boolean> {
  const answer = await invoke('admin.users.lockProfiles', { userId, locked });
  if (answer) setStatus({ key: locked ? 'admin.status.profilesLocked' : 'admin.status.profilesUnlocked', params: { name } });
  return answer !== undefined;
}
