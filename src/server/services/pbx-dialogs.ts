/**
 * The PBX's reports of answered and ended calls, kept in `ctx.calls` (services/calls.ts), and
 * of DTMF digits seen in those calls, pushed to their users. With several instances the PBX
 * reports to any one of them; it tells the others (a `dialog` event, services/cluster-events.ts),
 * so every instance knows who is in a call (busy answers, presence, DTMF).
 */
import type { PbxDtmf } from '../../shared/pbx';
import type { ServerContext } from './context';
import { ownerOfSipUser } from './pbx-answers';
import { presenceChangedHere } from './presence';

/** Records a call's start for the users owning `accounts` (users' or desk phones' SIP names), or its end; returns how many users it names. */
export async function recordDialog(ctx: ServerContext, callId: string, state: 'start' | 'end' | 'reset', accounts: readonly string[], pbx?: string): Promise<number> {
  const from = pbx === undefined ? {} : { pbx };
  if (state === 'reset') {
    // The PBX started: its dialog module knows no call, so no end will ever be reported for
    // the calls counted before. Calls that survive the restart count again from their next
    // call (better than a user left "in a call" for good). One proxy of a pair forgets only
    // its own calls: the other still carries, and will end, its.
    const wereInCalls = ctx.calls.usersInCalls();
    ctx.hub.toOthers({ type: 'dialog', callId, state, userIds: [], ...from });
    ctx.calls.reset(pbx);
    void presenceChangedHere(ctx, wereInCalls);
    return 0;
  }
  if (state === 'end') {
    const users = ctx.calls.usersIn(callId);
    ctx.hub.toOthers({ type: 'dialog', callId, state, userIds: [] });
    ctx.calls.ended(callId);
    void presenceChangedHere(ctx, users);
    return 0;
  }
  const userIds = new Set<string>();
  for (const account of accounts) {
    const owner = await ownerOfSipUser(ctx, account);
    if (owner) userIds.add(owner.id);
  }
  ctx.hub.toOthers({ type: 'dialog', callId, state, userIds: [...userIds], ...from });
  ctx.calls.started(callId, [...userIds], pbx);
  void presenceChangedHere(ctx, userIds);
  return userIds.size;
}

/**
 * A DTMF digit the PBX's media relay saw in an answered call: pushed to the sockets of the
 * users in that call only (each phone shows it unless it sent it); returns how many users.
 */
export function relayDtmf(ctx: ServerContext, dtmf: PbxDtmf): number {
  const userIds = ctx.calls.usersIn(dtmf.call_id);
  if (userIds.length > 0) {
    ctx.hub.sendToUsers(userIds, { type: 'call-dtmf', sipCallId: dtmf.call_id, digit: dtmf.digit, sourceTag: dtmf.source_tag });
  }
  return userIds.length;
}

/** Another instance's dialog report, kept here too (no answer to the PBX: it was answered there). */
export function dialogElsewhere(ctx: ServerContext, callId: string, state: 'start' | 'end' | 'reset', userIds: readonly string[], pbx?: string): void {
  const before = state === 'reset' ? ctx.calls.usersInCalls() : ctx.calls.usersIn(callId);
  if (state === 'reset') ctx.calls.reset(pbx);
  else if (state === 'end') ctx.calls.ended(callId);
  else ctx.calls.started(callId, userIds, pbx);
  void presenceChangedHere(ctx, state === 'start' ? userIds : before);
}
