import { useT } from '../../../i18n';
import { FieldProblem } from './FieldProblem';
import type { FieldErrors } from './fieldErrors';
import type { SetUserDraft, UserDraft } from './userDraft';

type TextKey = 'firstName' | 'lastName' | 'email' | 'userName' | 'extension' | 'extraExtensions' | 'landline' | 'mobile';

function TextField(props: { name: TextKey; required?: boolean; draft: UserDraft; set: SetUserDraft; errors: FieldErrors; type?: string }) {
  const t = useT();
  const required = props.required ?? false;
  const problem = props.errors[props.name];
  const id = `user-form-${props.name}`;
  // The problem is outside the label: the field's name stays its name while a problem shows.
  return (
    <div className="field">
      <label htmlFor={id}>
        {t(`admin.user.${props.name}`)}
        {required ? ' *' : ''}
      </label>
      <input
        id={id}
        name={props.name}
        type={props.type ?? 'text'}
        value={props.draft[props.name]}
        required={required}
        aria-invalid={problem ? true : undefined}
        aria-describedby={problem ? `${id}-problem` : undefined}
        onChange={(e) => props.set(props.name, e.target.value)}
      />
      <FieldProblem id={`${id}-problem`} problem={problem} />
    </div>
  );
}

/** Name, email, user name, language, role, numbers and the company's custom fields (those with a label). */
export function UserDetails(props: { draft: UserDraft; set: SetUserDraft; errors: FieldErrors; customFieldLabels: readonly (string | null)[] }) {
  const t = useT();
  const { draft, set, errors } = props;
  const field = { draft, set, errors };
  return (
    <>
      <div className="grid two">
        <TextField name="firstName" required {...field} />
        <TextField name="lastName" required {...field} />
        <TextField name="email" type="email" required {...field} />
        <TextField name="userName" {...field} />
        <label className="field">
          <span>{t('admin.user.language')}</span>
          <select value={draft.language} onChange={(e) => set('language', e.target.value as UserDraft['language'])}>
            <option value="en">English</option>
            <option value="sv">Svenska</option>
          </select>
        </label>
        <label className="field">
          <span>{t('admin.user.role')}</span>
          <select value={draft.role} onChange={(e) => set('role', e.target.value as UserDraft['role'])}>
            {(['user', 'admin', 'guest'] as const).map((role) => (
              <option key={role} value={role}>
                {t(`role.${role}`)}
              </option>
            ))}
          </select>
        </label>
      </div>
      <fieldset className="user-numbers">
        <legend className="muted small">{t('admin.user.numbersHint')}</legend>
        <div className="grid two">
          <TextField name="extension" {...field} />
          <TextField name="extraExtensions" {...field} />
          <TextField name="landline" type="tel" {...field} />
          <TextField name="mobile" type="tel" {...field} />
        </div>
      </fieldset>
      <div className="grid two">
        {props.customFieldLabels.map((label, index) => {
          const name = `custom${index}` as 'custom0' | 'custom1' | 'custom2';
          return label ? (
            <div key={index} className="field">
              <label htmlFor={`user-form-${name}`}>{label}</label>
              <input
                id={`user-form-${name}`}
                value={draft.custom[index]}
                aria-invalid={errors[name] ? true : undefined}
                aria-describedby={errors[name] ? `user-form-${name}-problem` : undefined}
                onChange={(e) => {
                  const custom = [...draft.custom] as UserDraft['custom'];
                  custom[index] = e.target.value;
                  set('custom', custom);
                }}
              />
              <FieldProblem id={`user-form-${name}-problem`} problem={errors[name]} />
            </div>
          ) : null;
        })}
      </div>
    </>
  );
}
