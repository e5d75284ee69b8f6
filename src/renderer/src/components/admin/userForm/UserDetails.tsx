import { useT } from '../../../i18n';
import type { SetUserDraft, UserDraft } from './userDraft';

type TextKey = 'firstName' | 'lastName' | 'email' | 'userName' | 'extension' | 'landline' | 'mobile';

function TextField(props: { name: TextKey; required?: boolean; draft: UserDraft; set: SetUserDraft }) {
  const t = useT();
  const required = props.required ?? false;
  return (
    <label className="field">
      <span>
        {t(`admin.user.${props.name}`)}
        {required ? ' *' : ''}
      </span>
      <input value={props.draft[props.name]} required={required} onChange={(e) => props.set(props.name, e.target.value)} />
    </label>
  );
}

/** Name, email, user name, language, role, numbers and the company's custom fields (those with a label). */
export function UserDetails(props: { draft: UserDraft; set: SetUserDraft; customFieldLabels: readonly (string | null)[] }) {
  const t = useT();
  const { draft, set } = props;
  return (
    <div className="grid two">
      <TextField name="firstName" required draft={draft} set={set} />
      <TextField name="lastName" required draft={draft} set={set} />
      <TextField name="email" required draft={draft} set={set} />
      <TextField name="userName" draft={draft} set={set} />
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
      <TextField name="extension" draft={draft} set={set} />
      <TextField name="landline" draft={draft} set={set} />
      <TextField name="mobile" draft={draft} set={set} />
      {props.customFieldLabels.map((label, index) =>
        label ? (
          <label key={index} className="field">
            <span>{label}</span>
            <input
              value={draft.custom[index]}
              onChange={(e) => {
                const custom = [...draft.custom] as UserDraft['custom'];
                custom[index] = e.target.value;
                set('custom', custom);
              }}
            />
          </label>
        ) : null,
      )}
    </div>
  );
}
