/**
 * Whose directory a PBX route question is answered in (issue 12, tenancy).
 *
 * - A public number (E.164) is one company's, whoever calls: calls between companies (and from
 *   the carrier trunk) go through public numbers.
 * - Extensions, short queue numbers, SIP names and user names are looked up in the caller's company
 *   only: `from` is the caller's SIP account (a user's own or a desk phone's). A caller that is
 *   no SIP account here (an outside number from the trunk, or no `from`) reaches public
 *   numbers only.
 * - Forwarding targets: a route answer names the called user's forwarding targets (a colleague's
 *   SIP name, …); the PBX asks again for them with the same Call-ID and the original caller's
 *   `from`. Those are looked up in the company of the user who forwarded: the answer notes
 *   (Call-ID, target) → company, and the next question for that pair uses it. The note also
 *   records which user a dialled number reached in that call, for the forwarded-call event.
 *   Notes live a few minutes in memory (a call's forwarding chain is asked within seconds).
 */
import type { PbxRoute } from '../../shared/pbx';
import type { DirectoryNumber, UserRecord } from '../db/store';
import type { ServerContext } from './context';
import type { AskedCall } from './pbx-answers';
import { isPublicNumber } from './number-ownership';

interface CallNote {
  companyId: string;
  /** The user the dialled number reached (for a forwarded-call event). */
  userId: string | null;
  at: number;
}

const NOTE_MS = 10 * 60_000;
const MAX_NOTES = 20_000;
const notesByServer = new WeakMap<ServerContext, Map<string, CallNote>>();

function notesOf(ctx: ServerContext): Map<string, CallNote> {
  let notes = notesByServer.get(ctx);
  if (!notes) {
    notes = new Map();
    notesByServer.set(ctx, notes);
  }
  return notes;
}

const noteKey = (callId: string, number: string): string => `${callId}\u0000${number.toLowerCase()}`;

function note(ctx: ServerContext, callId: string, number: string, value: Omit<CallNote, 'at'>): void {
  const notes = notesOf(ctx);
  const now = Date.now();
  if (notes.size >= MAX_NOTES) {
    // Oldest first (insertion order): drop the expired ones, and the oldest if still full.
    for (const [key, old] of notes) {
      if (now - old.at < NOTE_MS && notes.size < MAX_NOTES) break;
      notes.delete(key);
    }
  }
  notes.delete(noteKey(callId, number));
  notes.set(noteKey(callId, number), { ...value, at: now });
}

function noted(ctx: ServerContext, callId: string | null | undefined, number: string): CallNote | null {
  if (!callId) return null;
  const found = notesOf(ctx).get(noteKey(callId, number));
  return found && Date.now() - found.at < NOTE_MS ? found : null;
}

/** The company a caller's SIP account belongs to; null for a caller from outside. */
async function callerCompanyId(ctx: ServerContext, from: string | null): Promise<string | null> {
  if (!from) return null;
  const user = await ctx.store.findUserBySipUser(from);
  if (user) return user.companyId;
  const device = await ctx.store.findDeviceBySipUser(from);
  return device?.companyId ?? null;
}

export interface DialledLookup {
  /** The directory entry the dialled number is, in the scope the question is answered in. */
  entry: DirectoryNumber | null;
  /** The user a dialled SIP user name names, within that scope. */
  userByName: UserRecord | null;
}

/** What `dialled` is for this caller in this call (see the header). */
export async function lookupDialled(ctx: ServerContext, dialled: string, from: string | null, call: AskedCall | null): Promise<DialledLookup> {
  if (isPublicNumber(dialled)) return { entry: await ctx.store.findNumber(dialled), userByName: null };
  const companyId = noted(ctx, call?.sipCallId, dialled)?.companyId ?? (await callerCompanyId(ctx, from));
  if (!companyId) return { entry: null, userByName: null };
  const entry = await ctx.store.findNumberIn(companyId, dialled);
  if (entry) return { entry, userByName: null };
  // A colleague's SIP name, else (when it has no SIP name's form, e.g. an email) their user name in this company.
  const named = await ctx.store.findUserBySipUser(dialled);
  if (named?.companyId === companyId) return { entry: null, userByName: named };
  return { entry: null, userByName: await ctx.store.findUserByUserNameIn(companyId, dialled) };
}

/**
 * Notes, for the rest of the call, that `dialled` reached `user` and that the answer's
 * forwarding targets are to be looked up in the user's company.
 */
export function rememberRoute(ctx: ServerContext, call: AskedCall | null, dialled: string, user: UserRecord, route: PbxRoute): void {
  if (!call) return;
  note(ctx, call.sipCallId, dialled, { companyId: user.companyId, userId: user.id });
  for (const target of [route.target, route.noanswer_target, route.busy_target, route.unreachable_target]) {
    if (target && !isPublicNumber(target) && !noted(ctx, call.sipCallId, target)) {
      note(ctx, call.sipCallId, target, { companyId: user.companyId, userId: null });
    }
  }
}

/** The user `called` reached in the call `callId`, when a route answer in that call said so. */
export function routedUserId(ctx: ServerContext, callId: string | null | undefined, called: string): string | null {
  return noted(ctx, callId, called)?.userId ?? null;
}

/**
 * The user a hop of this call reached by dialling `dialled`: the one its route answer named
 * (noted above, so an extension means the caller's company's), else the owner of a public
 * number. What a forward's `via` names (voicemail, announcements).
 */
export async function userReachedBy(ctx: ServerContext, callId: string, dialled: string): Promise<UserRecord | null> {
  const routed = routedUserId(ctx, callId, dialled);
  if (routed) return ctx.store.getUser(routed);
  const entry = isPublicNumber(dialled) ? await ctx.store.findNumber(dialled) : null;
  return entry?.userId ? ctx.store.getUser(entry.userId) : null;
}
