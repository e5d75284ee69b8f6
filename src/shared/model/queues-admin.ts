/**
 * Queues as their admin manages them (issue 13): name, number, members and each member's
 * devices, and who is paused now.
 */
import { z } from 'zod';
import { Id, SafeText } from './common';
import { Device } from './profile';
import { QueueStatus } from './state';
import { Queue } from './directory';

const QueueName = SafeText().trim().min(1, 'A queue needs a name').max(80);

/**
 * A member: which devices ring for this queue's calls. `devices` null: as the member's own
 * profile in effect says (its queue policy); a list: the admin's choice for this queue.
 */
export const QueueMemberSetting = z.object({
  devices: z.array(Device).min(1).max(3).nullable().default(null),
});
export type QueueMemberSetting = z.infer<typeof QueueMemberSetting>;

export const AdminQueueMember = z.object({
  userId: Id,
  devices: z.array(Device).nullable(),
  /** Whether the member takes this queue's calls now (their profile and own toggles decide). */
  status: QueueStatus,
});
export type AdminQueueMember = z.infer<typeof AdminQueueMember>;

/** A queue with its members' state; `mainNumber`: calls to the company's main number go to it. */
export const AdminQueue = Queue.extend({
  members: z.array(AdminQueueMember).default([]),
  mainNumber: z.boolean().default(false),
});
export type AdminQueue = z.infer<typeof AdminQueue>;

/**
 * A queue's name and number as an admin types them (issue 13): the number may be national
 * (`08-123 45 67`, read in the company's country) or spaced; the server stores E.164 or the
 * extension (an extension of 2–8 digits, or a public number from the company's number blocks)
 * and validates the stored form (`PhoneNumber`).
 */
export const TypedQueueInput = z.object({
  name: QueueName,
  number: z.string().trim().min(1, 'A queue needs a number').max(40),
});
export type TypedQueueInput = z.infer<typeof TypedQueueInput>;
export const TypedQueuePatch = TypedQueueInput.partial();
export type TypedQueuePatch = z.infer<typeof TypedQueuePatch>;
