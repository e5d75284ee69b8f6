/**
 * The one path every command takes into the client service, whether it comes from the window
 * (IPC) or the tray, a link or a global shortcut: parse the arguments with the contract, run
 * the command, check the result against the contract, and answer with an envelope. Nothing
 * thrown inside ever leaves as a raw error.
 */
import { SoftphoneError, commands, parseCommand } from '../../shared/ipc';
import type { CommandError, CommandName, ParsedArgs } from '../../shared/ipc';
import type { InvokeReply } from '../../shared/ipc-reply';
import { firstIssue } from '../../shared/zodIssues';
import type { ShellService } from './service';
import { shellLog } from './log';

/** The largest command is a CSV upload (5 MB of text); anything far beyond is hostile. */
export const MAX_ARGS_BYTES = 6_000_000;
const MAX_NAME_LENGTH = 100;

export type Dispatch = (name: unknown, args: unknown) => Promise<InvokeReply>;

export function createDispatcher(service: ShellService, log: (message: string) => void = (message) => shellLog.error(message)): Dispatch {
  return async (name, args) => {
    let command: CommandName;
    let parsedArgs: ParsedArgs<CommandName>;
    try {
      if (typeof name !== 'string' || name.length === 0 || name.length > MAX_NAME_LENGTH) {
        return failure('invalid_argument', 'The command name must be a non-empty string of at most 100 characters');
      }
      const size = measure(args);
      if (size === null) return failure('invalid_argument', `${name}: the arguments are not plain data`);
      if (size > MAX_ARGS_BYTES) {
        return failure('invalid_argument', `${name}: the arguments are ${size} bytes, more than the ${MAX_ARGS_BYTES} allowed`);
      }
      ({ name: command, args: parsedArgs } = parseCommand(name, args));
    } catch (error) {
      return fromError(error, 'invalid_argument');
    }

    let result: unknown;
    try {
      result = await service.execute(command, parsedArgs);
    } catch (error) {
      return fromError(error, 'failed');
    }

    const checked = commands[command].result.safeParse(result);
    if (!checked.success) {
      // A service bug, not the user's: log the detail, answer in words.
      log(`${command} returned a result that breaks the contract at ${firstIssue(checked.error, 'result')}`);
      return failure('failed', `${command} failed inside the app (its result did not match the contract)`);
    }
    return { ok: true, result: checked.data };
  };
}

function failure(code: CommandError['code'], message: string, text?: CommandError['text'], fields?: CommandError['fields']): InvokeReply {
  return { ok: false, error: { code, message, ...(text === undefined ? {} : { text }), ...(fields === undefined ? {} : { fields }) } };
}

function fromError(error: unknown, fallback: CommandError['code']): InvokeReply {
  if (error instanceof SoftphoneError) return failure(error.code, error.message, error.text, error.fields);
  const message = error instanceof Error ? error.message : String(error);
  return failure(fallback, message.length > 0 ? message.slice(0, 1000) : 'The command failed');
}

/** Size of the arguments as JSON, or null when they are not JSON-like data (cycles, BigInt). */
function measure(args: unknown): number | null {
  if (args === undefined) return 0;
  try {
    const json = JSON.stringify(args);
    return json === undefined ? 0 : json.length;
  } catch {
    return null;
  }
}
