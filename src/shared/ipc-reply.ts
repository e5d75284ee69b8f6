/**
 * The envelope a command's reply travels in between main and the preload. Main never throws
 * across IPC (Electron would flatten the error into "Error invoking remote method ..."), it
 * answers with one of these; the preload turns a failure back into a rejected promise.
 */
import { z } from 'zod';
import { CommandError } from './ipc';

export const InvokeReply = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), result: z.unknown() }),
  z.object({ ok: z.literal(false), error: CommandError }),
]);
export type InvokeReply = z.infer<typeof InvokeReply>;
