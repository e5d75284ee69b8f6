import { useId, useState } from 'react';
import { useT } from '../../i18n';
import { changePassword, type PasswordProblems } from '../../store/actions/account';

/** A password field with its problem right under it, tied to it for screen readers. */
function PasswordField(props: { label: string; value: string; onChange: (value: string) => void; autoComplete: string; problem: string | undefined }) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      <input
        id={id}
        type="password"
        required
        value={props.value}
        autoComplete={props.autoComplete}
        aria-invalid={props.problem ? true : undefined}
        aria-describedby={props.problem ? `${id}-problem` : undefined}
        onChange={(e) => props.onChange(e.target.value)}
      />
      {props.problem && (
        <p id={`${id}-problem`} className="error-text field-problem" role="alert">
          {props.problem}
        </p>
      )}
    </div>
  );
}

/**
 * The user's own password (issue 12, seed 000): the current one, the new one twice. The
 * warning says what happens: every session ends, this one too, and the app signs out.
 */
export function ChangePassword() {
  const t = useT();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [problems, setProblems] = useState<PasswordProblems>({});
  const [busy, setBusy] = useState(false);

  return (
    <section className="card" aria-labelledby="password-title">
      <h2 id="password-title">{t('account.password.title')}</h2>
      <form
        className="password-form"
        onSubmit={(event) => {
          event.preventDefault();
          setBusy(true);
          setProblems({});
          void changePassword(current, next, repeat).then((found) => {
            setBusy(false);
            if (found) setProblems(found);
          });
        }}
      >
        <p className="warning-text" id="password-warning">
          {t('account.password.warning')}
        </p>
        <PasswordField label={t('account.password.current')} value={current} onChange={setCurrent} autoComplete="current-password" problem={problems.current} />
        <PasswordField label={t('account.password.new')} value={next} onChange={setNext} autoComplete="new-password" problem={problems.next} />
        <PasswordField label={t('account.password.repeat')} value={repeat} onChange={setRepeat} autoComplete="new-password" problem={problems.repeat} />
        {problems.form && (
          <p role="alert" className="error-text">
            {problems.form}
          </p>
        )}
        <button type="submit" className="primary" disabled={busy} aria-describedby="password-warning">
          {busy ? t('account.password.busy') : t('account.password.submit')}
        </button>
      </form>
    </section>
  );
}
