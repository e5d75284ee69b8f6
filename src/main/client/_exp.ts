import type { z } from 'zod';
import { commands, type CommandArgs, type CommandName, type CommandResult } from '../../shared/ipc';
type Parsed<N extends CommandName> = z.output<(typeof commands)[N]['args']>;
const contract: { readonly [N in CommandName]: { readonly args: z.ZodType<Parsed<N>, CommandArgs<N>>; readonly result: z.ZodType<CommandResult<N>> } } = commands;
export function parseArgs<N extends CommandName>(name: N, args: unknown): Parsed<N> {
  return contract[name].args.parse(args);
}
export function checkResult<N extends CommandName>(name: N, result: unknown): CommandResult<N> {
  return contract[name].result.parse(result);
}
type Handler<N extends CommandName> = (args: Parsed<N>) => Promise<CommandResult<N>> | CommandResult<N>;
interface Route<N extends CommandName> { method: 'GET' | 'POST'; path: string | ((args: Parsed<N>) => string) }
type Table = { [N in CommandName]: Handler<N> | Route<N> };
export async function run<N extends CommandName>(table: Table, name: N, args: Parsed<N>): Promise<CommandResult<N>> {
  const row = table[name];
  if (typeof row === 'function') return row(args);
  const path = typeof row.path === 'string' ? row.path : row.path(args);
  return checkResult(name, path);
}
