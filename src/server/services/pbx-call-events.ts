/**
 * Calls the PBX forwarded by a user's profile (forward at once, no answer, busy, unreachable).
 * The user's softphone may never have rung, so the call is stored and pushed to the user's
 * clients as a change of the snapshot key `pbxCalls`, through the same change log as every
 * other change (a client that was offline catches up on reconnect).
 */
import { randomUUID } from 'node:crypto';
import { PBX_CALLS_KEPT, type PbxCallEvent } from '../../shared/model';
import type { UserRecord } from '../db/store';
import { writeWithChanges } from './changes';
import type { ServerContext } from './context';
import { routedUserId } from './pbx-tenancy';

export interface ForwardedCallReport {
  /** What the caller dialled: the user's number or user name. */
  called: string;
  from: string;
  target: string;
  reason: PbxCallEvent['reason'];
  sipCallId?: string | null;
}

/** The user a dialled number or user name belongs to; null for queues, strangers, disabled users. */
async function calledUser(ctx: ServerContext, called: string, sipCallId: string | null | undefined): Promise<UserRecord | null> {
  // Tenancy: an extension is the user the route answer of this call reached (pbx-tenancy.ts).
  const routed = routedUserId(ctx, sipCallId, called);
  const entry = routed ? null : await ctx.store.findNumber(called);
  if (entry?.queueId) return null;
  const user = routed
    ? await ctx.store.getUser(routed)
    : entry?.userId
      ? await ctx.store.getUser(entry.userId)
      : await ctx.store.findUserBySipUser(called);
  return user && !user.disabled ? user : null;
}

/** Stores the forwarded call for the called user and pushes it; null when nobody owns `called`. */
export async function recordForwardedCall(
  ctx: ServerContext,
  report: ForwardedCallReport,
): Promise<PbxCallEvent | null> {
  const user = await calledUser(ctx, report.called, report.sipCallId);
  if (!user) return null;
  const event: PbxCallEvent = {
    id: randomUUID(),
    at: ctx.now().toISOString(),
    from: report.from,
    calledNumber: report.called,
    outcome: 'forwarded',
    target: report.target,
    reason: report.reason,
    sipCallId: report.sipCallId ?? null,
  };
  await writeWithChanges(ctx, async (tx, changes) => {
    await tx.insertPbxCall(user.id, event);
    await tx.prunePbxCalls(user.id, PBX_CALLS_KEPT);
    await changes.record(user, 'pbx-call', ['pbxCalls']);
  });
  return event;
}
