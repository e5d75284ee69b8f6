import { useId, useState } from 'react';
import { ProfileFields, type Exceptions } from '../../../../shared/model';
import { validationText } from '../../../../shared/rules/validation';
import type { Text } from '../../../../shared/text';
import { useT, useText } from '../../i18n';
import { BasicsSection } from './editor/BasicsSection';
import { CallerIdSection } from './editor/CallerIdSection';
import { ExceptionsSection } from './editor/ExceptionsSection';
import { QueuesSection } from './editor/QueuesSection';
import { RoutingSection } from './editor/RoutingSection';

/**
 * Field path of the first schema problem, turned into words for the person editing: a message
 * the catalog knows (control characters, numbers) is said in the language shown.
 */
function firstProblem(error: { issues: { path: PropertyKey[]; message: string }[] }, say: (text: Text) => string): string {
  const issue = error.issues[0];
  if (!issue) return 'Invalid profile';
  const known = validationText(issue.message);
  const message = known ? say(known) : issue.message;
  return issue.path.length > 0 ? `${issue.path.map(String).join(' › ')}: ${message}` : message;
}

/**
 * Every field of a profile. Used for a user's own profiles and for the profiles of a template;
 * the draft is checked with the shared schema before it is handed to `onSave`.
 */
export function ProfileEditor(props: {
  title: string;
  initial: ProfileFields;
  queues: { id: string; name: string }[];
  onSave: (fields: ProfileFields) => Promise<boolean> | boolean;
  onCancel?: () => void;
  saveLabel?: string;
}) {
  const t = useT();
  const say = useText();
  const id = useId();
  const [draft, setDraft] = useState<ProfileFields>(props.initial);
  const [problem, setProblem] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const set = <K extends keyof ProfileFields>(key: K, value: ProfileFields[K]) => setDraft((d) => ({ ...d, [key]: value }));
  const setException = <K extends keyof Exceptions>(key: K, value: Exceptions[K]) => setDraft((d) => ({ ...d, exceptions: { ...d.exceptions, [key]: value } }));

  const save = async () => {
    const parsed = ProfileFields.safeParse(draft);
    if (!parsed.success) {
      setProblem(firstProblem(parsed.error, say));
      return;
    }
    setProblem(null);
    setSaving(true);
    try {
      await props.onSave(parsed.data);
    } finally {
      setSaving(false);
    }
  };

  return (
    <form
      className="profile-editor"
      aria-labelledby={`${id}-title`}
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
    >
      <h3 id={`${id}-title`}>{props.title}</h3>
      <BasicsSection value={draft} onChange={set} />
      <CallerIdSection value={draft.callerId} onChange={(v) => set('callerId', v)} />
      <RoutingSection value={draft.routing} onChange={(v) => set('routing', v)} />
      <ExceptionsSection value={draft.exceptions} onChange={setException} callWaiting={draft.callWaiting} onCallWaitingChange={(v) => set('callWaiting', v)} />
      <QueuesSection value={draft.queues} queues={props.queues} onChange={(v) => set('queues', v)} />

      <label className="check">
        <input type="checkbox" checked={draft.recording} onChange={(e) => set('recording', e.target.checked)} />
        {t('profile.field.recording')}
      </label>

      {problem && (
        <p role="alert" className="error-text">
          {problem}
        </p>
      )}
      <div className="row end">
        {props.onCancel && (
          <button type="button" className="secondary" onClick={props.onCancel}>
            {t('common.cancel')}
          </button>
        )}
        <button type="submit" className="primary" disabled={saving}>
          {props.saveLabel ?? t('common.save')}
        </button>
      </div>
    </form>
  );
}
