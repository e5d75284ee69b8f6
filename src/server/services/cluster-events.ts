/**
 * What an instance does for the others' events (push/hub.ts `ClusterEvent`, over the bus of
 * push/bus.ts): recompute presence for its own sockets, keep the calls in progress that another
 * instance was told about, and after a bus interruption recompute every connected company's
 * presence (what changed meanwhile goes out; what did not is not sent again).
 */
import type { ClusterEvent } from '../push/hub';
import type { ServerContext } from './context';
import { dialogElsewhere } from './pbx-dialogs';
import { presenceChangedHere, presenceRescopedHere } from './presence';

export function handleClusterEvents(ctx: ServerContext): void {
  ctx.hub.onOthers((event: ClusterEvent) => {
    switch (event.type) {
      case 'presence':
        if (event.companyIds && !event.companyIds.some((id) => ctx.hub.companyConnected(id))) return;
        void presenceChangedHere(ctx, event.userIds);
        return;
      case 'presence-rescoped':
        void presenceRescopedHere(ctx, event.companyId);
        return;
      case 'dialog':
        dialogElsewhere(ctx, event.callId, event.state, event.userIds, event.pbx);
        return;
    }
  });
  ctx.hub.onRestored(() => {
    void (async () => {
      for (const companyId of ctx.hub.connectedCompanies()) {
        const users = await ctx.store.listUsers(companyId);
        await presenceChangedHere(ctx, users.map((u) => u.id));
      }
    })().catch((error: unknown) => ctx.log.error({ err: error }, 'Could not recompute presence after a bus interruption'));
  });
}
