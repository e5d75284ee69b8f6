import type { Text } from '../../../../../shared/text';
import { useText } from '../../../i18n';

/** What is wrong with one field, right under it, in the user's language. */
export function FieldProblem(props: { id: string; problem: Text | undefined }) {
  const say = useText();
  if (!props.problem) return null;
  return (
    <span id={props.id} className="error-text field-problem" role="alert">
      {say(props.problem)}
    </span>
  );
}
