import { useId, useMemo, useRef, useState } from 'react';
import { ProfileFields, type Exceptions, type Target } from '../../../../shared/model';
import {
  newProfileErrors,
  profileProblems,
  profileSchemaErrors,
  type ProfileAccount,
} from '../../../../shared/rules/profileProblems';
import { storedNumber } from '../../../../shared/phone';
import type { Text } from '../../../../shared/text';
import { useLanguage, useT } from '../../i18n';
import { useSoftphone } from '../../store/store';
import { describeProfileLines } from './describe';
import { BasicsSection } from './editor/BasicsSection';
import { CallerIdSection } from './editor/CallerIdSection';
import { ExceptionsSection } from './editor/ExceptionsSection';
import { QueuesSection } from './editor/QueuesSection';
import { RoutingSection } from './editor/RoutingSection';
import {
  EditorContextProvider,
  useFieldProblem,
  type CallerIdOption,
  type ShownProblem,
} from './editor/problems';

/** What saving answered: done, not done (said elsewhere), or refused with a text per field path. */
export type SaveOutcome = boolean | { fields: Record<string, Text> };

/** A number target as it is stored (`070-123 45 67` → E.164), so the schema judges what is kept. */
function storedTarget(target: Target): Target {
  return target.kind === 'number' ? { ...target, number: storedNumber(target.number) } : target;
}

function storedDraft(draft: ProfileFields): ProfileFields {
  const { routing, exceptions } = draft;
  return {
    ...draft,
    routing: Object.fromEntries(
      Object.entries(routing).map(([key, target]) => [key, storedTarget(target)]),
    ) as ProfileFields['routing'],
    exceptions: {
      busy: exceptions.busy && storedTarget(exceptions.busy),
      noAnswer: exceptions.noAnswer && {
        ...exceptions.noAnswer,
        target: storedTarget(exceptions.noAnswer.target),
      },
      unreachable: exceptions.unreachable && storedTarget(exceptions.unreachable),
    },
  };
}

/**
 * The problems to show by field path: settings that cannot take effect (live, as the user edits;
 * errors the edit brings in block saving, those the profile already had are warnings), what the
 * schema refuses (once the user tried to save) and what the server refused.
 */
function shownProblems(
  initial: ProfileFields,
  draft: ProfileFields,
  account: ProfileAccount,
  tried: boolean,
  server: Record<string, Text>,
): Record<string, ShownProblem> {
  const shown: Record<string, ShownProblem> = {};
  const blocking = newProfileErrors(initial, draft, account);
  for (const problem of profileProblems(draft, account)) {
    shown[problem.path] ??= {
      text: problem.text,
      severity: blocking[problem.path] ? 'error' : 'warning',
    };
  }
  if (tried) {
    const parsed = ProfileFields.safeParse(draft);
    if (!parsed.success)
      for (const [path, said] of Object.entries(profileSchemaErrors(parsed.error.issues)))
        shown[path] = { text: said, severity: 'error' };
  }
  for (const [path, said] of Object.entries(server))
    shown[path] = { text: said, severity: 'error' };
  return shown;
}

/** The profile card's sentences for the draft, as it would read once saved. */
function Preview(props: { draft: ProfileFields }) {
  const t = useT();
  const language = useLanguage();
  const destinations = useSoftphone((s) => s.ui.destinations);
  const id = useId();
  const lines = useMemo(() => {
    try {
      return describeProfileLines({ ...props.draft, id: 'preview' }, language, destinations);
    } catch {
      return [];
    }
  }, [props.draft, language, destinations]);
  return (
    <section className="profile-preview card" aria-labelledby={`${id}-title`}>
      <h4 id={`${id}-title`}>{t('profiles.preview')}</h4>
      <ul className="rules">
        {lines.map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>
      <p className="muted small">{t('profiles.previewHint')}</p>
    </section>
  );
}

function RecordingField(props: { value: boolean; onChange: (value: boolean) => void }) {
  const t = useT();
  const problem = useFieldProblem('recording');
  return (
    <div className="field-box">
      <label className="check">
        <input
          type="checkbox"
          checked={props.value}
          onChange={(e) => props.onChange(e.target.checked)}
          {...problem.controlProps}
        />
        {t('profile.field.recording')}
      </label>
      {problem.message}
    </div>
  );
}

const ANY_ACCOUNT: ProfileAccount = { hasMobile: true, callerIds: null };

/**
 * Every field of a profile, with a live preview of the profile card's sentences and each problem
 * next to its field. Used for a user's own profiles (`account`: what their account allows, so
 * only what can work is offered) and for the profiles of a template or of a user an admin edits.
 */
export function ProfileEditor(props: {
  title: string;
  initial: ProfileFields;
  queues: { id: string; name: string }[];
  onSave: (fields: ProfileFields) => Promise<SaveOutcome> | SaveOutcome;
  onCancel?: () => void;
  saveLabel?: string;
  account?: ProfileAccount;
  callerIdOptions?: readonly CallerIdOption[] | null;
}) {
  const t = useT();
  const id = useId();
  const form = useRef<HTMLFormElement>(null);
  const account = props.account ?? ANY_ACCOUNT;
  const [draft, setDraft] = useState<ProfileFields>(props.initial);
  const [tried, setTried] = useState(false);
  const [serverErrors, setServerErrors] = useState<Record<string, Text>>({});
  const [saving, setSaving] = useState(false);
  const edit = (change: (d: ProfileFields) => ProfileFields) => {
    setServerErrors({});
    setDraft(change);
  };
  const set = <K extends keyof ProfileFields>(key: K, value: ProfileFields[K]) =>
    edit((d) => ({ ...d, [key]: value }));
  const setException = <K extends keyof Exceptions>(key: K, value: Exceptions[K]) =>
    edit((d) => ({ ...d, exceptions: { ...d.exceptions, [key]: value } }));

  const stored = useMemo(() => storedDraft(draft), [draft]);
  const problems = useMemo(
    () => shownProblems(props.initial, stored, account, tried, serverErrors),
    [props.initial, stored, account, tried, serverErrors],
  );
  const blocked = Object.values(problems).some((p) => p.severity === 'error');
  const context = useMemo(
    () => ({ problems, account, callerIdOptions: props.callerIdOptions ?? null }),
    [problems, account, props.callerIdOptions],
  );

  const focusFirstProblem = () =>
    requestAnimationFrame(() =>
      form.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus(),
    );

  const save = async () => {
    setTried(true);
    const parsed = ProfileFields.safeParse(stored);
    if (
      !parsed.success ||
      Object.keys(newProfileErrors(props.initial, stored, account)).length > 0
    ) {
      focusFirstProblem();
      return;
    }
    setSaving(true);
    try {
      const outcome = await props.onSave(parsed.data);
      if (typeof outcome === 'object') {
        setServerErrors(outcome.fields);
        focusFirstProblem();
      }
    } finally {
      setSaving(false);
    }
  };

  return (
    <form
      ref={form}
      className="profile-editor with-preview"
      aria-labelledby={`${id}-title`}
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
    >
      <h3 id={`${id}-title`}>{props.title}</h3>
      <div className="profile-editor-layout">
        <EditorContextProvider value={context}>
          <div className="profile-editor-body">
            {!account.hasMobile && <p className="muted small">{t('profiles.noMobileHint')}</p>}
            <BasicsSection value={draft} onChange={set} />
            <CallerIdSection value={draft.callerId} onChange={(v) => set('callerId', v)} />
            <RoutingSection value={draft.routing} onChange={(v) => set('routing', v)} />
            <ExceptionsSection
              value={draft.exceptions}
              onChange={setException}
              callWaiting={draft.callWaiting}
              onCallWaitingChange={(v) => set('callWaiting', v)}
            />
            <QueuesSection
              value={draft.queues}
              queues={props.queues}
              onChange={(v) => set('queues', v)}
            />
            <RecordingField value={draft.recording} onChange={(v) => set('recording', v)} />
          </div>
        </EditorContextProvider>
        <Preview draft={stored} />
      </div>
      <div className="profile-editor-actions">
        {tried && blocked && (
          <p role="alert" className="error-text">
            {t('profile.problem.summary')}
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
      </div>
    </form>
  );
}
