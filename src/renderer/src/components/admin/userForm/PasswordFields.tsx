import { useT } from '../../../i18n';
import { FieldProblem } from './FieldProblem';
import type { FieldErrors } from './fieldErrors';
import { randomPassword, type SetUserDraft, type UserDraft } from './userDraft';

/**
 * Seed 003: Password, a RANDOM button, Password confirmation. A random password fills both
 * fields and is shown here, for the admin to give to the user.
 */
export function PasswordFields(props: { draft: UserDraft; set: SetUserDraft; errors: FieldErrors; creating: boolean }) {
  const t = useT();
  const { draft, set, errors } = props;
  const type = draft.generatedPassword !== null && draft.password === draft.generatedPassword ? 'text' : 'password';
  const typed = (key: 'password' | 'passwordConfirm', value: string) => {
    set(key, value);
    set('generatedPassword', null);
  };
  return (
    <fieldset className="password-fields">
      <div className="grid two">
        <div className="field">
          <label htmlFor="user-form-password">{t('admin.user.password')}</label>
          <input
            id="user-form-password"
            type={type}
            autoComplete="new-password"
            value={draft.password}
            aria-invalid={errors.password ? true : undefined}
            aria-describedby={errors.password ? 'user-form-password-problem' : undefined}
            onChange={(e) => typed('password', e.target.value)}
          />
          <FieldProblem id="user-form-password-problem" problem={errors.password} />
        </div>
        <div className="field">
          <label htmlFor="user-form-passwordConfirm">{t('admin.user.passwordConfirm')}</label>
          <input
            id="user-form-passwordConfirm"
            type={type}
            autoComplete="new-password"
            value={draft.passwordConfirm}
            aria-invalid={errors.passwordConfirm ? true : undefined}
            aria-describedby={errors.passwordConfirm ? 'user-form-passwordConfirm-problem' : undefined}
            onChange={(e) => typed('passwordConfirm', e.target.value)}
          />
          <FieldProblem id="user-form-passwordConfirm-problem" problem={errors.passwordConfirm} />
        </div>
      </div>
      <div className="row wrap">
        <button
          type="button"
          className="secondary"
          onClick={() => {
            const made = randomPassword();
            set('password', made);
            set('passwordConfirm', made);
            set('generatedPassword', made);
          }}
        >
          {t('admin.user.random')}
        </button>
        {draft.generatedPassword !== null ? (
          <p role="status" className="generated-password">
            {t('admin.user.randomMade')} <code>{draft.generatedPassword}</code>
          </p>
        ) : (
          <p className="muted small">{props.creating ? t('admin.user.passwordEmptyNew') : t('admin.user.passwordEmptyEdit')}</p>
        )}
      </div>
    </fieldset>
  );
}
