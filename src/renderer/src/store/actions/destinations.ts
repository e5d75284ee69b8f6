/**
 * Issue 11: the company's announcements, applications and feature codes (admin area), and what
 * the profile editors pick from by name (`ui.destinations`, any signed-in user). An uploaded
 * announcement is made 8 kHz mono here first (the page decodes the WAV), so what crosses IPC
 * stays small; the server checks and converts it again.
 */
import type { AnnouncementAfterwards, CompanyCodes } from '../../../../shared/model';
import { invoke } from './invoke';
import { useSoftphone } from '../store';
import type { AdminState } from '../slices';
import { telephoneWavBase64 } from '../../media/telephoneWav';

function patchAdmin(patch: Partial<AdminState>): void {
  useSoftphone.setState((s) => ({ admin: { ...s.admin, ...patch } }));
}

export async function loadDestinations(): Promise<void> {
  const destinations = await invoke('destinations.list', null);
  if (destinations) useSoftphone.setState((s) => ({ ui: { ...s.ui, destinations } }));
}

export async function loadAnnouncements(): Promise<void> {
  const announcements = await invoke('admin.announcements.list', null);
  if (announcements) patchAdmin({ announcements });
}

export async function createAnnouncement(name: string, afterwards: AnnouncementAfterwards, file: File): Promise<boolean> {
  const audioBase64 = await telephoneWavBase64(file);
  const created = await invoke('admin.announcements.create', { name, afterwards, audioBase64 });
  if (!created) return false;
  patchAdmin({ status: { key: 'admin.status.announcementSaved', params: { name: created.name } } });
  await Promise.all([loadAnnouncements(), loadDestinations()]);
  return true;
}

export async function updateAnnouncement(announcementId: string, name: string, afterwards: AnnouncementAfterwards, file: File | null): Promise<boolean> {
  const audioBase64 = file ? await telephoneWavBase64(file) : undefined;
  const updated = await invoke('admin.announcements.update', { announcementId, name, afterwards, ...(audioBase64 ? { audioBase64 } : {}) });
  if (!updated) return false;
  patchAdmin({ status: { key: 'admin.status.announcementSaved', params: { name: updated.name } } });
  await Promise.all([loadAnnouncements(), loadDestinations()]);
  return true;
}

export async function deleteAnnouncement(announcementId: string, name: string): Promise<void> {
  if (!(await invoke('admin.announcements.delete', { announcementId }))) return;
  patchAdmin({ status: { key: 'admin.status.announcementDeleted', params: { name } } });
  await Promise.all([loadAnnouncements(), loadDestinations()]);
}

/** An object URL of the announcement as the phone line plays it (revoke it when done). */
export async function announcementUrl(announcementId: string): Promise<string | null> {
  const audio = await invoke('admin.announcements.audio', { announcementId });
  if (!audio) return null;
  const binary = atob(audio.base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return URL.createObjectURL(new Blob([bytes], { type: audio.contentType }));
}

export async function loadApplications(): Promise<void> {
  const applications = await invoke('admin.applications.list', null);
  if (applications) patchAdmin({ applications });
}

/** Creates (no id) or changes an application. */
export async function saveApplication(applicationId: string | null, name: string, sipUri: string): Promise<boolean> {
  const saved = applicationId ? await invoke('admin.applications.update', { applicationId, name, sipUri }) : await invoke('admin.applications.create', { name, sipUri });
  if (!saved) return false;
  patchAdmin({ status: { key: 'admin.status.applicationSaved', params: { name: saved.name } } });
  await Promise.all([loadApplications(), loadDestinations()]);
  return true;
}

export async function deleteApplication(applicationId: string, name: string): Promise<void> {
  if (!(await invoke('admin.applications.delete', { applicationId }))) return;
  patchAdmin({ status: { key: 'admin.status.applicationDeleted', params: { name } } });
  await Promise.all([loadApplications(), loadDestinations()]);
}

export async function loadCodes(): Promise<void> {
  const codes = await invoke('admin.codes.get', null);
  if (codes) patchAdmin({ codes });
}

export async function saveCodes(codes: CompanyCodes): Promise<boolean> {
  const saved = await invoke('admin.codes.set', codes);
  if (!saved) return false;
  patchAdmin({ codes: saved, status: { key: 'admin.status.codesSaved' } });
  return true;
}
