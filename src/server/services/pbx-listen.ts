/**
 * Listening to voicemail by phone (issue 11, the company code `listenVoicemail`, `*98` by
 * default): dialled from any of the user's devices (pbx-destinations.ts names the caller), the
 * route answer is a media target `listen-<user id>-<signature>` signed for that call
 * (media-targets.ts), taken by the media component's listen script
 * (scripts/pbx/media/scripts/listen.ts). Its questions name the target and the Call-ID; each
 * is checked here, and a message is the target's user's or not found (never another mailbox):
 *
 *   GET  /pbx/v1/voicemail/listen?target=T&call_id=C                 → PbxListenMailbox
 *   GET  /pbx/v1/voicemail/listen/audio?target=T&call_id=C&message=M → audio/wav
 *   POST /pbx/v1/voicemail/listen/heard?target=T&call_id=C&message=M → { heard: 1 }
 *   POST /pbx/v1/voicemail/listen/delete?target=T&call_id=C&message=M → { deleted: 1 }
 *
 * Heard and deleted go through services/voicemail.ts like the client's own buttons, so the
 * clients' badge and message-waiting indication follow.
 */
import type { PbxListenMailbox } from '../../shared/pbx';
import type { UserRecord } from '../db/store';
import type { ServerContext } from './context';
import { mediaTarget, verifyMediaTarget } from './media-targets';

/** The media component's script that plays a mailbox to its owner. */
const LISTEN_SCRIPT = 'listen';

/** The target for `user` listening to their mailbox in the call `callId`. */
export function listenTarget(ctx: ServerContext, user: UserRecord, callId: string): string {
  return mediaTarget(ctx.config.pbxSecret, LISTEN_SCRIPT, user.id, callId);
}

/** The (enabled) user a listen target issued for this call names, or null. */
export async function listenerOfTarget(ctx: ServerContext, target: string, callId: string): Promise<UserRecord | null> {
  const verified = verifyMediaTarget(ctx.config.pbxSecret, target, callId);
  if (!verified || verified.script !== LISTEN_SCRIPT) return null;
  const user = await ctx.store.getUser(verified.subject);
  return user && !user.disabled ? user : null;
}

/** What the listen script plays: new messages first, then heard ones, each oldest first. */
export async function listenMailbox(ctx: ServerContext, user: UserRecord): Promise<PbxListenMailbox> {
  const rows = [...(await ctx.store.listVoicemail(user.id))].sort((a, b) => a.receivedAt.localeCompare(b.receivedAt));
  const ordered = [...rows.filter((row) => row.heardAt === null), ...rows.filter((row) => row.heardAt !== null)];
  return {
    language: user.language,
    messages: ordered.map((row) => ({ id: row.id, heard: row.heardAt !== null, durationSeconds: row.durationMs / 1000 })),
  };
}
