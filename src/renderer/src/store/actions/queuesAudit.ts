/**
 * Issue 13: the company's queues as its admin manages them, and the audit log. Queues are read
 * again whenever main reports a change to a user of the company (`companyChange`: a member
 * paused, a profile switched), so "who is paused now" stays live.
 */
import type { AuditQueryInput, Device } from '../../../../shared/model';
import { invoke } from './invoke';
import { loadQueues } from './admin';
import { useSoftphone } from '../store';
import type { AdminState } from '../slices';

function patchAdmin(patch: Partial<AdminState>): void {
  useSoftphone.setState((s) => ({ admin: { ...s.admin, ...patch } }));
}

export async function createQueue(name: string, number: string): Promise<boolean> {
  const queue = await invoke('admin.queues.create', { name, number });
  if (!queue) return false;
  patchAdmin({ status: { key: 'admin.status.queueSaved', params: { name: queue.name } } });
  await loadQueues();
  return true;
}

export async function updateQueue(queueId: string, name: string, number: string): Promise<boolean> {
  const queue = await invoke('admin.queues.update', { queueId, name, number });
  if (!queue) return false;
  patchAdmin({ status: { key: 'admin.status.queueSaved', params: { name: queue.name } } });
  await loadQueues();
  return true;
}

export async function deleteQueue(queueId: string, name: string): Promise<void> {
  if (!(await invoke('admin.queues.delete', { queueId }))) return;
  patchAdmin({ status: { key: 'admin.status.queueDeleted', params: { name } } });
  await loadQueues();
}

/** Adds the member, or sets which of their devices ring for the queue (null: as their profile says). */
export async function setQueueMember(queueId: string, userId: string, devices: Device[] | null): Promise<void> {
  const queue = await invoke('admin.queues.setMember', { queueId, userId, devices });
  if (queue) patchAdmin({ queues: (useSoftphone.getState().admin.queues ?? []).map((q) => (q.id === queue.id ? queue : q)) });
}

export async function removeQueueMember(queueId: string, userId: string): Promise<void> {
  const queue = await invoke('admin.queues.removeMember', { queueId, userId });
  if (queue) patchAdmin({ queues: (useSoftphone.getState().admin.queues ?? []).map((q) => (q.id === queue.id ? queue : q)) });
}

export async function searchAuditLog(query: AuditQueryInput): Promise<void> {
  const auditLog = await invoke('admin.auditLog.search', query);
  if (auditLog) patchAdmin({ auditLog });
}
