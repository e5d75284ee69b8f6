/**
 * Where a call to a company's main number goes (issue 11): the admin's choice in the company
 * settings (`mainNumberRoute`): one of its queues, a user (whose profile decides, as for a call
 * to their landline), one of its applications, or nobody. A choice that no longer holds (the
 * queue or application deleted, the user disabled or moved) is nobody, and the server logs it.
 * routeFor (pbx-answers.ts) turns the choice into the route answer.
 */
import type { ApplicationRecord, QueueRecord, UserRecord } from '../db/store';
import type { ServerContext } from './context';

export type MainNumberTarget =
  | { kind: 'nobody' }
  | { kind: 'queue'; queue: QueueRecord }
  | { kind: 'user'; user: UserRecord }
  | { kind: 'application'; application: ApplicationRecord };

export async function mainNumberTarget(ctx: ServerContext, companyId: string): Promise<MainNumberTarget> {
  const company = await ctx.store.getCompany(companyId);
  const chosen = company?.settings.mainNumberRoute ?? { kind: 'nobody' as const };
  const gone = (): MainNumberTarget => {
    ctx.log.warn({ companyId, mainNumberRoute: chosen }, 'The main number goes to something that is no longer there: callers hear "not available"');
    return { kind: 'nobody' };
  };
  switch (chosen.kind) {
    case 'nobody':
      return chosen;
    case 'queue': {
      const queue = await ctx.store.getQueue(chosen.queueId);
      return queue?.companyId === companyId ? { kind: 'queue', queue } : gone();
    }
    case 'user': {
      const user = await ctx.store.getUser(chosen.userId);
      return user?.companyId === companyId && !user.disabled ? { kind: 'user', user } : gone();
    }
    case 'application': {
      const application = await ctx.store.getApplication(chosen.applicationId);
      return application?.companyId === companyId ? { kind: 'application', application } : gone();
    }
  }
}
