/**
 * The PBX side of voicemail (issue 11): where a call forwarded to `voicemail` goes, and what
 * the media component (scripts/pbx/media) asks about a mailbox. Storage, greetings and the
 * user's view are services/voicemail.ts's; this file only decides whose mailbox a PBX request
 * is about and checks that the PBX may ask (media-targets.ts).
 *
 * - `voicemailRoute`: `to=voicemail` reached by forwarding from a user (`via`, whom the previous
 *   hop dialled) → `kind=media` with a target signed for this call; dialled directly (no `via`)
 *   or without a Call-ID → not found.
 * - `mailboxOfTarget`: the user a media target names (greeting, deposit), or null.
 * - `summaryOfAccount`: counts for a SIP account's owner (MWI subscription).
 * - `mailboxChanges`: a long-poll feed of mailbox changes (from `onMailboxChange`) with every SIP
 *   account of the user, so the media component can NOTIFY each subscription.
 */
import type { PbxMailboxChanges, PbxMailboxSummary, PbxRoute } from '../../shared/pbx';
import type { UserRecord } from '../db/store';
import type { ServerContext } from './context';
import { mediaTarget, verifyMediaTarget } from './media-targets';
import { userReachedBy } from './pbx-tenancy';
import { mailboxCounts, onMailboxChange } from './voicemail';

/** The media component's script that takes voicemail deposits. */
const VOICEMAIL_SCRIPT = 'vm';

export async function voicemailRoute(ctx: ServerContext, via: string | null, callId: string | null, base: Omit<PbxRoute, 'kind'>): Promise<PbxRoute> {
  const user = via && callId ? await userReachedBy(ctx, callId, via) : null;
  if (!user || user.disabled || !callId) return { ...base, kind: 'unknown', status: '404' };
  return { ...base, kind: 'media', target: voicemailTargetOf(ctx, user, callId) };
}

/** The target of `user`'s mailbox for this call (also where an announcement goes on to). */
export function voicemailTargetOf(ctx: ServerContext, user: UserRecord, callId: string): string {
  return mediaTarget(ctx.config.pbxSecret, VOICEMAIL_SCRIPT, user.id, callId);
}

/** The (enabled) user whose mailbox a voicemail target issued for this call names. */
export async function mailboxOfTarget(ctx: ServerContext, target: string, callId: string): Promise<UserRecord | null> {
  const verified = verifyMediaTarget(ctx.config.pbxSecret, target, callId);
  if (!verified || verified.script !== VOICEMAIL_SCRIPT) return null;
  const user = await ctx.store.getUser(verified.subject);
  return user && !user.disabled ? user : null;
}

/** The user a SIP account belongs to: their own account, or one of their desk phones'. */
async function ownerOfAccount(ctx: ServerContext, account: string): Promise<UserRecord | null> {
  const user = await ctx.store.findUserBySipUser(account);
  if (user) return user;
  const device = await ctx.store.findDeviceBySipUser(account);
  return device ? ctx.store.getUser(device.userId) : null;
}

export async function summaryOfAccount(ctx: ServerContext, account: string): Promise<PbxMailboxSummary | null> {
  const user = await ownerOfAccount(ctx, account);
  if (!user || user.disabled) return null;
  return mailboxCounts(ctx, user.id);
}

interface FeedEntry {
  seq: number;
  accounts: string[];
  newCount: number;
  heardCount: number;
}

const FEED_KEPT = 500;

class ChangeFeed {
  private seq = 0;
  private readonly entries: FeedEntry[] = [];
  private readonly waiters = new Set<() => void>();

  constructor(private readonly ctx: ServerContext) {
    onMailboxChange(ctx, async (change) => {
      const user = await ctx.store.getUser(change.userId);
      if (!user) return;
      const devices = await ctx.store.listDevices(user.id);
      this.entries.push({ seq: ++this.seq, accounts: [user.sipUser, ...devices.map((d) => d.sipUser)], newCount: change.newCount, heardCount: change.heardCount });
      if (this.entries.length > FEED_KEPT) this.entries.splice(0, this.entries.length - FEED_KEPT);
      for (const wake of [...this.waiters]) wake();
    });
  }

  /** Changes after `after`; waits up to `waitMs` for one when there is none yet. */
  async since(after: number | null, waitMs: number, gone: Promise<void>): Promise<PbxMailboxChanges> {
    const oldest = this.entries[0]?.seq ?? this.seq + 1;
    if (after === null || after > this.seq || after < oldest - 1) return { seq: this.seq, reset: true, changes: [] };
    if (after === this.seq && waitMs > 0) {
      await new Promise<void>((resolve) => {
        const done = (): void => {
          clearTimeout(timer);
          this.waiters.delete(done);
          resolve();
        };
        const timer = setTimeout(done, waitMs);
        this.waiters.add(done);
        void gone.then(done);
      });
    }
    const changes = this.entries
      .filter((entry) => entry.seq > after)
      .map(({ accounts, newCount, heardCount }) => ({ accounts, newCount, heardCount }));
    return { seq: this.seq, reset: false, changes };
  }

  /** Ends every waiting poll (the server is closing). */
  close(): void {
    for (const wake of [...this.waiters]) wake();
  }
}

const feeds = new WeakMap<ServerContext, ChangeFeed>();

/** The server's feed of mailbox changes (made on first use; listens from then on). */
export function mailboxFeed(ctx: ServerContext): ChangeFeed {
  let feed = feeds.get(ctx);
  if (!feed) feeds.set(ctx, (feed = new ChangeFeed(ctx)));
  return feed;
}
