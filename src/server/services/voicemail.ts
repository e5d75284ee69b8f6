/**
 * Voicemail (issue 11): every user's mailbox and greeting.
 *
 * For the PBX side (the media component that answers a call sent to voicemail):
 * - `greetingFor(ctx, user)` → `{ wav, custom, durationMs }`: the user's own greeting, or the
 *   default one in the user's language (resources/voicemail/greeting-<language>.wav); always
 *   8 kHz mono 16-bit PCM WAV. The tone after it is the media component's.
 * - `storeMessage(ctx, user, meta, wav)` → the stored `VoicemailMessage`: keeps a recorded
 *   message (any PCM/A-law/µ-law WAV up to `MESSAGE_MAX_BYTES`; refused with an `ApiError` 400
 *   when it is not one), then pushes the mailbox to the user's clients and tells the listeners.
 * - `onMailboxChange(ctx, listener)` → unsubscribe: `listener({ userId, companyId, newCount,
 *   heardCount })` after every change of a mailbox (stored, heard, unheard, deleted, expired),
 *   e.g. to send message-waiting indication. A throwing listener is logged, never fatal.
 * - `mailboxCounts(ctx, userId)` → `{ newCount, heardCount }` (for an MWI subscription's first
 *   NOTIFY).
 *
 * For the user's routes (the caller's own mailbox only; anything else is "not found"):
 * `ownMailbox`, `voicemailAudio`, `markHeard`, `deleteVoicemail`, `greetingAudio`,
 * `saveGreeting` (validated and converted by ../voicemail/audio.ts), `resetGreeting`; the
 * same for a user the PBX named (the listening call, pbx-listen.ts): `messageAudioOf`,
 * `setHeardOf`, `deleteMessageOf`.
 * Every change is pushed to the user's sockets as `{ type: 'voicemail', mailbox }` (the sync
 * session also sends it after each hello), so clients never poll.
 *
 * `sweepVoicemail` deletes messages older than `voicemailRetentionDays` (0: keep them).
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { randomUUID } from 'node:crypto';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Language } from '../../shared/model';
import type { Mailbox, VoicemailMessage } from '../../shared/server-api';
import { text } from '../../shared/text';
import type { GreetingRecord, UserRecord, VoicemailRecord } from '../db/store';
import { parseWavHeader } from '../recordings/wav';
import { GREETING_MAX_SECONDS, GREETING_MIN_SECONDS, GreetingProblem, toGreetingWav } from '../voicemail/audio';
import type { Caller } from './auth';
import type { ServerContext } from './context';
import { ApiError, invalid, notFound } from './errors';

/** The largest message the media component may hand over (8 kHz 16-bit mono: ~1 MB a minute). */
export const MESSAGE_MAX_BYTES = 32 * 1024 * 1024;
/** The largest greeting file a user may upload, in bytes (a minute of 48 kHz stereo is 11 MB). */
const GREETING_MAX_BYTES = 16 * 1024 * 1024;

const DEFAULT_GREETINGS = fileURLToPath(new URL('../../../resources/voicemail/', import.meta.url));

export interface MessageMeta {
  /** Who called: a number, a user name or `anonymous`. */
  callerNumber: string;
  callerName?: string | null;
  /** The user's number the caller dialled. */
  calledNumber?: string | null;
  /** When the message was left; now when omitted. */
  receivedAt?: string;
  sipCallId?: string | null;
}

export interface MailboxChange {
  userId: string;
  companyId: string;
  newCount: number;
  heardCount: number;
}
export type MailboxListener = (change: MailboxChange) => void | Promise<void>;

const listeners = new WeakMap<ServerContext, Set<MailboxListener>>();

/** Calls `listener` after every change of any mailbox; returns the unsubscribe. */
export function onMailboxChange(ctx: ServerContext, listener: MailboxListener): () => void {
  let set = listeners.get(ctx);
  if (!set) listeners.set(ctx, (set = new Set()));
  set.add(listener);
  return () => set.delete(listener);
}

function toMessage(row: VoicemailRecord): VoicemailMessage {
  return {
    id: row.id,
    callerNumber: row.callerNumber,
    callerName: row.callerName,
    calledNumber: row.calledNumber,
    receivedAt: row.receivedAt,
    durationSeconds: row.durationMs / 1000,
    heard: row.heardAt !== null,
  };
}

function counts(rows: VoicemailRecord[]): { newCount: number; heardCount: number } {
  const heardCount = rows.filter((row) => row.heardAt !== null).length;
  return { newCount: rows.length - heardCount, heardCount };
}

export async function mailboxCounts(ctx: ServerContext, userId: string): Promise<{ newCount: number; heardCount: number }> {
  return counts(await ctx.store.listVoicemail(userId));
}

const defaultDurations = new Map<Language, number>();

async function defaultGreeting(language: Language): Promise<Buffer> {
  const wav = await readFile(`${DEFAULT_GREETINGS}greeting-${language}.wav`);
  if (!defaultDurations.has(language)) defaultDurations.set(language, parseWavHeader(wav.subarray(0, 4096), wav.length)?.durationMs ?? 0);
  return wav;
}

async function greetingInfo(ctx: ServerContext, user: UserRecord): Promise<Mailbox['greeting']> {
  const own = await ctx.store.getGreeting(user.id);
  if (own) return { custom: true, durationSeconds: own.durationMs / 1000, updatedAt: own.updatedAt };
  if (!defaultDurations.has(user.language)) await defaultGreeting(user.language);
  return { custom: false, durationSeconds: (defaultDurations.get(user.language) ?? 0) / 1000, updatedAt: null };
}

/** The user's whole mailbox as the client shows it. */
export async function mailboxOf(ctx: ServerContext, user: UserRecord): Promise<Mailbox> {
  const rows = await ctx.store.listVoicemail(user.id);
  return { messages: rows.map(toMessage), ...counts(rows), greeting: await greetingInfo(ctx, user) };
}

/** Pushes the mailbox to the user's sockets and tells the listeners (after a commit). */
async function mailboxChanged(ctx: ServerContext, user: UserRecord): Promise<void> {
  const mailbox = await mailboxOf(ctx, user);
  ctx.hub.sendToUsers([user.id], { type: 'voicemail', mailbox });
  const change: MailboxChange = { userId: user.id, companyId: user.companyId, newCount: mailbox.newCount, heardCount: mailbox.heardCount };
  for (const listener of listeners.get(ctx) ?? []) {
    try {
      await listener(change);
    } catch (error) {
      ctx.log.warn({ err: error }, 'A voicemail listener failed');
    }
  }
}

/** Keeps a message the media component recorded for `user`; see the header. */
export async function storeMessage(ctx: ServerContext, user: UserRecord, meta: MessageMeta, wav: Uint8Array): Promise<VoicemailMessage> {
  const bytes = Buffer.from(wav.buffer, wav.byteOffset, wav.byteLength);
  if (bytes.length > MESSAGE_MAX_BYTES) throw new ApiError(413, 'invalid_argument', `The message is larger than ${MESSAGE_MAX_BYTES} bytes`);
  const info = parseWavHeader(bytes.subarray(0, 4096), bytes.length);
  if (!info) throw invalid('The message is not a WAV file');
  const fileName = await ctx.voicemail.write(bytes);
  const row: VoicemailRecord = {
    id: randomUUID(),
    companyId: user.companyId,
    userId: user.id,
    sipCallId: meta.sipCallId ?? null,
    callerNumber: meta.callerNumber.slice(0, 200) || 'anonymous',
    callerName: meta.callerName?.slice(0, 200) || null,
    calledNumber: meta.calledNumber?.slice(0, 200) || null,
    receivedAt: meta.receivedAt ?? ctx.now().toISOString(),
    durationMs: info.durationMs,
    sizeBytes: bytes.length,
    heardAt: null,
    fileName,
  };
  try {
    await ctx.store.write((tx) => tx.insertVoicemail(row));
  } catch (error) {
    await ctx.voicemail.remove(fileName);
    throw error;
  }
  ctx.log.info({ seconds: info.durationMs / 1000 }, 'Stored a voicemail message');
  await mailboxChanged(ctx, user);
  return toMessage(row);
}

/** What the caller hears before the tone: the user's own greeting or the default one. */
export async function greetingFor(ctx: ServerContext, user: UserRecord): Promise<{ wav: Buffer; custom: boolean; durationMs: number }> {
  const own = await ctx.store.getGreeting(user.id);
  const wav = own ? await ctx.voicemail.read(own.fileName) : null;
  if (own && wav) return { wav, custom: true, durationMs: own.durationMs };
  const fallback = await defaultGreeting(user.language);
  return { wav: fallback, custom: false, durationMs: defaultDurations.get(user.language) ?? 0 };
}

async function ownMessage(ctx: ServerContext, user: UserRecord, id: string): Promise<VoicemailRecord> {
  const row = await ctx.store.getVoicemail(id);
  if (!row || row.userId !== user.id) throw notFound('voicemail');
  return row;
}

export async function ownMailbox(ctx: ServerContext, caller: Caller): Promise<Mailbox> {
  return mailboxOf(ctx, caller.user);
}

/** A message of `user`'s (the listening call's too: pbx-listen.ts); anyone else's is not found. */
export async function messageAudioOf(ctx: ServerContext, user: UserRecord, id: string): Promise<Buffer> {
  const row = await ownMessage(ctx, user, id);
  const wav = await ctx.voicemail.read(row.fileName);
  if (!wav) throw notFound('voicemail');
  return wav;
}

export async function setHeardOf(ctx: ServerContext, user: UserRecord, id: string, heard: boolean): Promise<VoicemailMessage> {
  const row = await ownMessage(ctx, user, id);
  if ((row.heardAt !== null) === heard) return toMessage(row);
  const heardAt = heard ? ctx.now().toISOString() : null;
  await ctx.store.write((tx) => tx.setVoicemailHeard(row.id, heardAt));
  await mailboxChanged(ctx, user);
  return toMessage({ ...row, heardAt });
}

export async function deleteMessageOf(ctx: ServerContext, user: UserRecord, id: string): Promise<void> {
  const row = await ownMessage(ctx, user, id);
  await ctx.store.write((tx) => tx.deleteVoicemail(row.id));
  await ctx.voicemail.remove(row.fileName);
  await mailboxChanged(ctx, user);
}

export function voicemailAudio(ctx: ServerContext, caller: Caller, id: string): Promise<Buffer> {
  return messageAudioOf(ctx, caller.user, id);
}

export function markHeard(ctx: ServerContext, caller: Caller, id: string, heard: boolean): Promise<VoicemailMessage> {
  return setHeardOf(ctx, caller.user, id, heard);
}

export function deleteVoicemail(ctx: ServerContext, caller: Caller, id: string): Promise<void> {
  return deleteMessageOf(ctx, caller.user, id);
}

export async function greetingAudio(ctx: ServerContext, caller: Caller): Promise<Buffer> {
  return (await greetingFor(ctx, caller.user)).wav;
}

/** Reads an upload, refusing it past `GREETING_MAX_BYTES` without reading the rest. */
async function readCapped(body: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  const cap = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      size += chunk.length;
      if (size > GREETING_MAX_BYTES) return done(new TooLarge());
      chunks.push(chunk);
      done();
    },
  });
  try {
    await pipeline(body, cap);
  } catch (error) {
    if (error instanceof TooLarge) {
      const mb = GREETING_MAX_BYTES / 1024 / 1024;
      // The rest of the body is not read: the connection cannot carry another request.
      throw new ApiError(413, 'invalid_argument', `The greeting file is larger than ${mb} MB`, undefined, { connection: 'close' }, text('voicemail.greeting.tooLarge', { mb }));
    }
    throw error;
  }
  return Buffer.concat(chunks);
}

class TooLarge extends Error {}

function problemText(problem: GreetingProblem): ApiError {
  const said =
    problem.kind === 'tooLong'
      ? text('voicemail.greeting.tooLong', { max: GREETING_MAX_SECONDS })
      : problem.kind === 'tooShort'
        ? text('voicemail.greeting.tooShort', { min: GREETING_MIN_SECONDS })
        : text(`voicemail.greeting.${problem.kind}`);
  return invalid(problem.message, { field: 'greeting', problem: problem.kind }, said);
}

/** Replaces the user's greeting with an uploaded or recorded WAV (checked and converted first). */
export async function saveGreeting(ctx: ServerContext, caller: Caller, body: Readable): Promise<Mailbox['greeting']> {
  const bytes = await readCapped(body);
  let converted;
  try {
    converted = toGreetingWav(bytes);
  } catch (error) {
    if (error instanceof GreetingProblem) throw problemText(error);
    throw error;
  }
  const previous = await ctx.store.getGreeting(caller.user.id);
  const fileName = await ctx.voicemail.write(converted.wav);
  const row: GreetingRecord = {
    userId: caller.user.id,
    companyId: caller.user.companyId,
    durationMs: converted.durationMs,
    sizeBytes: converted.wav.length,
    fileName,
    updatedAt: ctx.now().toISOString(),
  };
  try {
    await ctx.store.write((tx) => tx.putGreeting(row));
  } catch (error) {
    await ctx.voicemail.remove(fileName);
    throw error;
  }
  if (previous) await ctx.voicemail.remove(previous.fileName);
  await mailboxChanged(ctx, caller.user);
  return greetingInfo(ctx, caller.user);
}

/** Back to the default greeting. */
export async function resetGreeting(ctx: ServerContext, caller: Caller): Promise<Mailbox['greeting']> {
  const previous = await ctx.store.getGreeting(caller.user.id);
  if (previous) {
    await ctx.store.write((tx) => tx.deleteGreeting(caller.user.id));
    await ctx.voicemail.remove(previous.fileName);
    await mailboxChanged(ctx, caller.user);
  }
  return greetingInfo(ctx, caller.user);
}

/** Deletes messages past `voicemailRetentionDays` (rows and files); how many went. */
export async function sweepVoicemail(ctx: ServerContext): Promise<number> {
  const days = ctx.config.voicemailRetentionDays;
  if (days <= 0) return 0;
  const expired = await ctx.store.voicemailReceivedBefore(new Date(ctx.now().getTime() - days * 86_400_000).toISOString());
  if (expired.length === 0) return 0;
  await ctx.store.write(async (tx) => {
    for (const row of expired) await tx.deleteVoicemail(row.id);
  });
  for (const row of expired) await ctx.voicemail.remove(row.fileName);
  for (const userId of new Set(expired.map((row) => row.userId))) {
    const user = await ctx.store.getUser(userId);
    if (user) await mailboxChanged(ctx, user);
  }
  ctx.log.info({ deleted: expired.length }, 'Deleted expired voicemail messages');
  return expired.length;
}
