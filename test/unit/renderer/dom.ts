/**
 * For the renderer's component tests (`*.test.tsx`, run in jsdom): React's act environment,
 * cleanup after each test, and a stand-in for `window.softphone` (the IPC surface) that records
 * every command and answers from a table. Only the IPC surface is replaced; the store, the
 * actions and the components under test are the real ones.
 */
import { cleanup, configure } from '@testing-library/react';
import { afterEach, vi } from 'vitest';
import type { CommandArgs, CommandName, CommandResult, SoftphoneApi } from '../../../src/shared/ipc';
import type { Language } from '../../../src/shared/model';
import { bindApi } from '../../../src/renderer/src/store/actions/invoke';
import { resetStore, useSoftphone } from '../../../src/renderer/src/store/store';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

// jsdom has no media queries: the shell's layout (useMediaQuery) sees a wide window.
if (typeof window !== 'undefined' && typeof window.matchMedia !== 'function') {
  window.matchMedia = (query: string): MediaQueryList =>
    ({
      matches: false,
      media: query,
      onchange: null,
      addEventListener: () => undefined,
      removeEventListener: () => undefined,
      addListener: () => undefined,
      removeListener: () => undefined,
      dispatchEvent: () => false,
    }) as MediaQueryList;
}

// No style sheets are loaded in jsdom, so the CSS visibility check of `*ByRole` finds nothing
// hidden and only costs time (it dominates on the long editors); what React does not render is
// absent either way. A form filled in by typing also takes longer than the 5 s default on a busy
// machine.
configure({ defaultHidden: true });
vi.setConfig({ testTimeout: 30_000 });

afterEach(() => {
  cleanup();
  bindApi(null);
  resetStore();
});

type Answers = { [N in CommandName]?: (args: CommandArgs<N>) => CommandResult<N> | Promise<CommandResult<N>> };

/** Binds a fake `window.softphone`: commands listed in `answers` answer (or throw); others fail loudly. */
export function fakeSoftphone(answers: Answers) {
  const invoked: { name: CommandName; args: unknown }[] = [];
  const api: SoftphoneApi = {
    async invoke(name, args) {
      invoked.push({ name, args });
      const answer = answers[name] as ((args: unknown) => unknown) | undefined;
      if (!answer) throw new Error(`unexpected command ${name}`);
      return (await answer(args)) as never;
    },
    snapshot: () => Promise.reject(new Error('not used by component tests')),
    on: () => () => undefined,
  };
  bindApi(api);
  return {
    invoked,
    /** The arguments of every call of one command, in order. */
    argsOf<N extends CommandName>(name: N): CommandArgs<N>[] {
      return invoked.filter((call) => call.name === name).map((call) => call.args as CommandArgs<N>);
    },
  };
}

/** Shows the app in `language`, as the settings slice would after the user chose it. */
export function showInLanguage(language: Language): void {
  useSoftphone.setState((s) => ({ settings: { ...s.settings, language } }));
}
