import { useState } from 'react';
import type { User } from '../../../../shared/model';
import type { UserInput } from '../../../../shared/server-api';
import { useSoftphone } from '../../store/store';
import { createUser, updateUser } from '../../store/actions/admin';
import { useT } from '../../i18n';

interface Draft {
  firstName: string;
  lastName: string;
  email: string;
  userName: string;
  language: 'en' | 'sv';
  role: 'admin' | 'user' | 'guest';
  password: string;
  randomPassword: boolean;
  extension: string;
  landline: string;
  mobile: string;
  custom: [string, string, string];
  softphoneEnabled: boolean;
  confirmed: boolean;
  sendWelcomeEmail: boolean;
}

function draftFrom(user: User | null): Draft {
  return {
    firstName: user?.firstName ?? '',
    lastName: user?.lastName ?? '',
    email: user?.email ?? '',
    userName: user?.userName ?? '',
    language: user?.language ?? 'en',
    role: user?.role ?? 'user',
    password: '',
    randomPassword: true,
    extension: user?.numbers.extension ?? '',
    landline: user?.numbers.landline ?? '',
    mobile: user?.numbers.mobile ?? '',
    custom: [user?.customFields[0] ?? '', user?.customFields[1] ?? '', user?.customFields[2] ?? ''],
    softphoneEnabled: user?.softphoneEnabled ?? true,
    confirmed: user?.confirmed ?? true,
    sendWelcomeEmail: false,
  };
}

const orNull = (value: string) => (value.trim() === '' ? null : value.trim());

/** Create a user (`user` null) or edit one; the server's validation message is shown in place. */
export function UserForm(props: { user: User | null; onDone: () => void }) {
  const t = useT();
  const labels = useSoftphone((s) => s.admin.company?.settings.customFieldLabels) ?? [null, null, null];
  const [draft, setDraft] = useState(() => draftFrom(props.user));
  const [error, setError] = useState<string | null>(null);
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft((d) => ({ ...d, [key]: value }));

  const submit = async () => {
    setError(null);
    const input: UserInput = {
      firstName: draft.firstName.trim(),
      lastName: draft.lastName.trim(),
      email: draft.email.trim(),
      language: draft.language,
      role: draft.role,
      numbers: { extension: orNull(draft.extension), landline: orNull(draft.landline), mobile: orNull(draft.mobile) },
      customFields: [orNull(draft.custom[0]), orNull(draft.custom[1]), orNull(draft.custom[2])],
      softphoneEnabled: draft.softphoneEnabled,
      confirmed: draft.confirmed,
    };
    if (draft.userName.trim()) input.userName = draft.userName.trim();
    const ok = props.user
      ? await updateUser(props.user.id, input, setError)
      : await createUser(
          {
            ...input,
            ...(draft.randomPassword ? { randomPassword: true } : { password: draft.password }),
            sendWelcomeEmail: draft.sendWelcomeEmail,
          },
          setError,
        );
    if (ok) props.onDone();
  };

  const text = (key: 'firstName' | 'lastName' | 'email' | 'userName' | 'extension' | 'landline' | 'mobile', required = false) => (
    <label className="field">
      <span>
        {t(`admin.user.${key}`)}
        {required ? ' *' : ''}
      </span>
      <input value={draft[key]} required={required} onChange={(e) => set(key, e.target.value)} />
    </label>
  );

  return (
    <form
      className="card user-form"
      aria-labelledby="user-form-title"
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      <h3 id="user-form-title">{props.user ? t('admin.user.editTitle', { name: props.user.userName }) : t('admin.user.createTitle')}</h3>
      <div className="grid two">
        {text('firstName', true)}
        {text('lastName', true)}
        {text('email', true)}
        {text('userName')}
        <label className="field">
          <span>{t('admin.user.language')}</span>
          <select value={draft.language} onChange={(e) => set('language', e.target.value as Draft['language'])}>
            <option value="en">English</option>
            <option value="sv">Svenska</option>
          </select>
        </label>
        <label className="field">
          <span>{t('admin.user.role')}</span>
          <select value={draft.role} onChange={(e) => set('role', e.target.value as Draft['role'])}>
            {(['user', 'admin', 'guest'] as const).map((role) => (
              <option key={role} value={role}>
                {t(`role.${role}`)}
              </option>
            ))}
          </select>
        </label>
        {text('extension')}
        {text('landline')}
        {text('mobile')}
        {labels.map((label, index) =>
          label ? (
            <label key={index} className="field">
              <span>{label}</span>
              <input
                value={draft.custom[index]}
                onChange={(e) => {
                  const custom = [...draft.custom] as Draft['custom'];
                  custom[index] = e.target.value;
                  set('custom', custom);
                }}
              />
            </label>
          ) : null,
        )}
      </div>
      {!props.user && (
        <div className="row wrap">
          <label className="check">
            <input type="checkbox" checked={draft.randomPassword} onChange={(e) => set('randomPassword', e.target.checked)} />
            {t('admin.user.randomPassword')}
          </label>
          {!draft.randomPassword && (
            <label className="field">
              <span>{t('admin.user.password')}</span>
              <input type="password" minLength={8} autoComplete="new-password" value={draft.password} onChange={(e) => set('password', e.target.value)} />
            </label>
          )}
          <label className="check">
            <input type="checkbox" checked={draft.sendWelcomeEmail} onChange={(e) => set('sendWelcomeEmail', e.target.checked)} />
            {t('admin.user.welcome')}
          </label>
        </div>
      )}
      <div className="row wrap">
        <label className="check">
          <input type="checkbox" checked={draft.softphoneEnabled} onChange={(e) => set('softphoneEnabled', e.target.checked)} />
          {t('admin.user.softphone')}
        </label>
        <label className="check">
          <input type="checkbox" checked={draft.confirmed} onChange={(e) => set('confirmed', e.target.checked)} />
          {t('admin.user.confirmed')}
        </label>
      </div>
      {error && (
        <p role="alert" className="error-text">
          {error}
        </p>
      )}
      <div className="row end">
        <button type="button" className="secondary" onClick={props.onDone}>
          {t('common.cancel')}
        </button>
        <button type="submit" className="primary">
          {props.user ? t('common.save') : t('admin.user.create')}
        </button>
      </div>
    </form>
  );
}
