/** What an admin sees of the company's numbers (issue 12): the blocks it owns and who has which number. */
import type { CompanyNumbers } from '../../shared/server-api';
import type { Caller } from './auth';
import type { ServerContext } from './context';

export async function companyNumbers(ctx: ServerContext, caller: Caller): Promise<CompanyNumbers> {
  const companyId = caller.company.id;
  const users = new Map((await ctx.store.listUsers(companyId)).map((u) => [u.id, `${u.firstName} ${u.lastName}`.trim() || u.userName]));
  const queues = new Map((await ctx.store.listQueues(companyId)).map((q) => [q.id, q.name]));
  const blocks = (await ctx.store.listNumberBlocks(companyId)).map(({ firstNumber, lastNumber }) => ({ firstNumber, lastNumber }));
  const numbers = (await ctx.store.listNumbers(companyId)).map((entry) => ({
    number: entry.number,
    type: entry.type,
    holder: entry.userId ? (users.get(entry.userId) ?? null) : entry.queueId ? (queues.get(entry.queueId) ?? null) : null,
  }));
  return { blocks, numbers };
}
