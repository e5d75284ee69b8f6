/**
 * Call recording per profile (seed 001: "for which profiles your calls are recorded").
 *
 * 1. When the PBX asks for the caller's identity or where a call goes (with the call's SIP
 *    Call-ID), `expectRecording` checks the user's profile in effect: with recording on, the
 *    answer says `record=1` and the server notes that it expects a recording of that call for
 *    that user (incoming for the callee, outgoing for the caller).
 * 2. When the call ends, the PBX's recording daemon posts the mixed file (both directions) with
 *    the Call-ID (`ingestRecording`). Only users with an expectation for that call get it, each
 *    their own copy; an upload nobody expected is refused, so the PBX secret alone cannot put a
 *    file into someone's recordings after the fact.
 * 3. Users list, play and delete their own recordings; the company's admins list, play and
 *    delete the company's. Anything else is "not found" (no hint that it exists).
 * 4. A sweep deletes recordings older than the company's retention (rows and files).
 */
import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { Profile } from '../../shared/model';
import type { CompanyRecording, Recording } from '../../shared/server-api';
import type { RecordingExpectation, RecordingRecord, UserRecord } from '../db/store';
import { TooLargeError } from '../recordings/files';
import type { Caller } from './auth';
import type { ServerContext } from './context';
import { ApiError, invalid, notFound } from './errors';

/** How long an expectation waits for its recording (a call longer than this is not recorded). */
const EXPECTATION_HOURS = 24;

export interface ExpectedCall {
  sipCallId: string;
  direction: RecordingExpectation['direction'];
  otherParty: string;
}

/** Whether the call is recorded for `user` (their profile in effect); notes it when it is. */
export async function expectRecording(
  ctx: ServerContext,
  user: UserRecord,
  profile: Profile | null,
  call: ExpectedCall | null,
): Promise<boolean> {
  if (!call || !profile?.recording) return false;
  await ctx.store.write((tx) =>
    tx.putRecordingExpectation({ ...call, userId: user.id, at: ctx.now().toISOString() }),
  );
  return true;
}

export interface RecordingUpload {
  sipCallId: string;
  /** When the recording began, as the PBX saw it; the call's start otherwise. */
  startedAt: string | null;
  body: Readable;
}

/** Stores the uploaded recording for every user who expected it; returns how many. */
export async function ingestRecording(ctx: ServerContext, upload: RecordingUpload): Promise<number> {
  const expected = await ctx.store.recordingExpectations(upload.sipCallId);
  if (expected.length === 0) throw notFound('recording');
  let received;
  try {
    received = await ctx.recordings.receive(upload.body, ctx.config.recordingMaxBytes);
  } catch (error) {
    if (error instanceof TooLargeError) throw new ApiError(413, 'invalid_argument', error.message);
    throw error;
  }
  const { wav } = received;
  if (!wav) {
    await ctx.recordings.discard(received.path);
    throw invalid('The recording is not a WAV file');
  }
  const startedAt = upload.startedAt ?? expected[0]!.at;
  const rows: RecordingRecord[] = [];
  for (const expectation of expected) {
    const user = await ctx.store.getUser(expectation.userId);
    if (!user) continue;
    const id = randomUUID();
    rows.push({
      id,
      companyId: user.companyId,
      userId: user.id,
      sipCallId: upload.sipCallId,
      direction: expectation.direction,
      otherParty: expectation.otherParty,
      startedAt,
      durationMs: wav.durationMs,
      sizeBytes: received.sizeBytes,
      contentType: 'audio/wav',
      fileName: `${id}.wav`,
      createdAt: ctx.now().toISOString(),
    });
  }
  try {
    for (const [index, row] of rows.entries()) await ctx.recordings.keep(received.path, row.fileName, index < rows.length - 1);
    await ctx.store.write(async (tx) => {
      for (const row of rows) await tx.insertRecording(row);
      await tx.deleteRecordingExpectations(upload.sipCallId);
    });
  } catch (error) {
    for (const row of rows) await ctx.recordings.remove(row.fileName);
    throw error;
  } finally {
    await ctx.recordings.discard(received.path);
  }
  ctx.log.info({ recordings: rows.length, seconds: wav.durationMs / 1000 }, 'Stored a call recording');
  return rows.length;
}

function toRecording(row: RecordingRecord): Recording {
  return {
    id: row.id,
    sipCallId: row.sipCallId,
    direction: row.direction,
    otherParty: row.otherParty,
    startedAt: row.startedAt,
    durationSeconds: row.durationMs / 1000,
    sizeBytes: row.sizeBytes,
    contentType: row.contentType,
  };
}

/** Who may hear a recording: its user (`own`), or an admin of its company (`company`). */
export type RecordingScope = 'own' | 'company';

async function recordingFor(ctx: ServerContext, caller: Caller, id: string, scope: RecordingScope): Promise<RecordingRecord> {
  const row = await ctx.store.getRecording(id);
  const allowed = row && (scope === 'own' ? row.userId === caller.user.id : row.companyId === caller.company.id && caller.user.role === 'admin');
  if (!row || !allowed) throw notFound('recording');
  return row;
}

export async function ownRecordings(ctx: ServerContext, caller: Caller): Promise<Recording[]> {
  return (await ctx.store.listUserRecordings(caller.user.id)).map(toRecording);
}

export async function companyRecordings(ctx: ServerContext, caller: Caller): Promise<CompanyRecording[]> {
  const users = new Map((await ctx.store.listUsers(caller.company.id)).map((user) => [user.id, user]));
  return (await ctx.store.listCompanyRecordings(caller.company.id)).map((row) => {
    const user = users.get(row.userId);
    return {
      ...toRecording(row),
      userId: row.userId,
      userName: user?.userName ?? '',
      userDisplayName: user ? `${user.firstName} ${user.lastName}`.trim() : '',
    };
  });
}

export async function recordingAudio(
  ctx: ServerContext,
  caller: Caller,
  id: string,
  scope: RecordingScope,
): Promise<{ stream: Readable; size: number; contentType: string }> {
  const row = await recordingFor(ctx, caller, id, scope);
  const file = await ctx.recordings.read(row.fileName);
  if (!file) throw notFound('recording');
  return { ...file, contentType: row.contentType };
}

export async function deleteRecording(ctx: ServerContext, caller: Caller, id: string, scope: RecordingScope): Promise<void> {
  const row = await recordingFor(ctx, caller, id, scope);
  await ctx.store.write((tx) => tx.deleteRecording(row.id));
  await ctx.recordings.remove(row.fileName);
}

/** Deletes recordings past their company's retention and expectations that never got a file. */
export async function sweepRecordings(ctx: ServerContext): Promise<number> {
  const now = ctx.now().getTime();
  let deleted = 0;
  for (const company of await ctx.store.listCompanies()) {
    const before = new Date(now - company.settings.recordingRetentionDays * 86_400_000).toISOString();
    const expired = await ctx.store.recordingsStartedBefore(company.id, before);
    if (expired.length === 0) continue;
    await ctx.store.write(async (tx) => {
      for (const row of expired) await tx.deleteRecording(row.id);
    });
    for (const row of expired) await ctx.recordings.remove(row.fileName);
    deleted += expired.length;
  }
  await ctx.store.write((tx) => tx.pruneRecordingExpectations(new Date(now - EXPECTATION_HOURS * 3_600_000).toISOString()));
  if (deleted > 0) ctx.log.info({ deleted }, 'Deleted expired call recordings');
  return deleted;
}
