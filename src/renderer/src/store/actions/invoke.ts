/**
 * The single place that calls `window.softphone.invoke`. A failed command becomes a visible
 * error (announced by the error region) instead of a rejected promise nobody catches; the
 * caller gets `undefined` and carries on.
 */
import type { CommandArgs, CommandName, CommandResult, SoftphoneApi } from '../../../../shared/ipc';
import { useSoftphone } from '../store';
import { sayNow, tNow } from '../../i18n/current';
import { Text } from '../../../../shared/text';

let api: SoftphoneApi | null = null;
let nextErrorId = 1;

export function bindApi(next: SoftphoneApi | null): void {
  api = next;
}

export function describeError(error: unknown): string {
  // A command error with a text for people (from main or the server) is said in the user's language.
  if (error !== null && typeof error === 'object' && 'text' in error) {
    const text = Text.safeParse(error.text);
    if (text.success) return sayNow(text.data);
  }
  if (error instanceof Error && error.message) return error.message;
  if (typeof error === 'string' && error) return error;
  if (error && typeof error === 'object' && 'message' in error && typeof error.message === 'string') return error.message;
  return tNow('error.generic');
}

export function showError(message: string): void {
  const id = nextErrorId++;
  useSoftphone.setState((s) => ({ ui: { ...s.ui, errors: [...s.ui.errors.slice(-4), { id, message }] } }));
}

/**
 * An event handler (form submit, click, change) that runs an async action. Actions report their
 * own failures, so a rejection here is a bug; it still reaches the error region instead of
 * becoming an unhandled rejection.
 */
export function handled<A extends unknown[]>(action: (...args: A) => Promise<unknown>): (...args: A) => void {
  return (...args) => {
    action(...args).catch((error: unknown) => showError(describeError(error)));
  };
}

export function dismissError(id: number): void {
  useSoftphone.setState((s) => ({ ui: { ...s.ui, errors: s.ui.errors.filter((e) => e.id !== id) } }));
}

function trackPending(name: string, delta: number): void {
  useSoftphone.setState((s) => {
    const count = (s.ui.pending[name] ?? 0) + delta;
    const pending = { ...s.ui.pending };
    if (count > 0) pending[name] = count;
    else delete pending[name];
    return { ui: { ...s.ui, pending } };
  });
}

export interface InvokeOptions {
  /**
   * Where the failure goes: the shared error region (default) or the caller's own handler,
   * which also gets the error itself (its `text` says which field a form shows it at).
   */
  onError?: (message: string, error: unknown) => void;
}

export async function invoke<N extends CommandName>(
  name: N,
  args: CommandArgs<N>,
  options: InvokeOptions = {},
): Promise<CommandResult<N> | undefined> {
  const report = options.onError ?? showError;
  if (!api) {
    report(tNow('error.noService'), null);
    return undefined;
  }
  trackPending(name, 1);
  try {
    return await api.invoke(name, args);
  } catch (error) {
    report(describeError(error), error);
    return undefined;
  } finally {
    trackPending(name, -1);
  }
}
