/**
 * Problems next to their field (issue 14): the editor puts every problem it knows (schema,
 * settings that cannot take effect, the server's field errors) into this context by field path
 * (`routing.any.devices.0`); each control shows the ones at its own path, in the user's language.
 * What the user's account allows (a mobile number, the numbers they may show) travels along, so
 * sections offer only what can work.
 */
import { createContext, useContext, useId } from 'react';
import type { ProfileAccount } from '../../../../../shared/rules/profileProblems';
import type { ProfilesState } from '../../../../../shared/ipc';
import type { Text } from '../../../../../shared/text';
import { useText } from '../../../i18n';

export type CallerIdOption = ProfilesState['callerId']['options'][number];

export interface ShownProblem {
  text: Text;
  /** An error blocks saving; a warning (a rule that is never used, or was so before) does not. */
  severity: 'error' | 'warning';
}

export interface EditorContext {
  problems: Readonly<Record<string, ShownProblem>>;
  account: ProfileAccount;
  /** The numbers the user may show, when the editor edits a user's own profile. */
  callerIdOptions: readonly CallerIdOption[] | null;
}

const Context = createContext<EditorContext>({
  problems: {},
  account: { hasMobile: true, callerIds: null },
  callerIdOptions: null,
});

export const EditorContextProvider = Context.Provider;

export function useEditorContext(): EditorContext {
  return useContext(Context);
}

/**
 * The problem at `path`, with the props its control takes (`aria-invalid`, `aria-describedby`)
 * and the element that says it.
 */
export function useFieldProblem(path: string): {
  controlProps: { 'aria-invalid'?: true; 'aria-describedby'?: string };
  message: React.ReactNode;
} {
  const { problems } = useEditorContext();
  const say = useText();
  const id = useId();
  const problem = problems[path];
  if (!problem) return { controlProps: {}, message: null };
  const error = problem.severity === 'error';
  return {
    controlProps: { ...(error ? { 'aria-invalid': true as const } : {}), 'aria-describedby': id },
    message: (
      <span
        id={id}
        className={`field-problem ${error ? 'error-text' : 'warning-text'}`}
        data-path={path}
      >
        {say(problem.text)}
      </span>
    ),
  };
}
