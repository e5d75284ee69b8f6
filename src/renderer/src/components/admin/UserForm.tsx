import { useState } from 'react';
import type { User } from '../../../../shared/model';
import { callingCodeOf, DEFAULT_COUNTRY } from '../../../../shared/phone';
import { useSoftphone } from '../../store/store';
import { createUser, updateUser } from '../../store/actions/admin';
import { useT } from '../../i18n';
import { NewUserOptions } from './userForm/NewUserOptions';
import { DeskPhones } from './userForm/DeskPhones';
import { PasswordFields } from './userForm/PasswordFields';
import { WelcomeMail } from './userForm/WelcomeMail';
import { UserDetails } from './userForm/UserDetails';
import { SiteFields } from './userForm/SiteFields';
import { fieldErrorsOf, passwordErrors, type FieldErrors } from './userForm/fieldErrors';
import {
  draftFrom,
  newUserInputFrom,
  userInputFrom,
  type SetUserDraft,
} from './userForm/userDraft';

/**
 * Create a user (`user` null) or edit one (seed 003's Add User form). What the server refuses is
 * shown next to the field it concerns; anything else above the buttons.
 */
export function UserForm(props: { user: User | null; onDone: () => void }) {
  const t = useT();
  const settings = useSoftphone((s) => s.admin.company?.settings);
  const labels = settings?.customFieldLabels ?? [null, null, null];
  const callingCode = callingCodeOf(settings?.country ?? DEFAULT_COUNTRY) ?? undefined;
  const sites = useSoftphone((s) => s.admin.sites) ?? [];
  const [draft, setDraft] = useState(() => draftFrom(props.user, callingCode, sites.length > 0));
  const [error, setError] = useState<string | null>(null);
  const [errors, setErrors] = useState<FieldErrors>({});
  const set: SetUserDraft = (key, value) => setDraft((d) => ({ ...d, [key]: value }));

  const submit = async () => {
    setError(null);
    const local = passwordErrors(draft);
    setErrors(local);
    if (Object.keys(local).length > 0) {
      setError(t('admin.user.fixFields'));
      return;
    }
    const failed = (message: string, failure?: unknown) => {
      const byField = fieldErrorsOf(failure);
      setErrors(byField);
      setError(Object.keys(byField).length > 0 ? t('admin.user.fixFields') : message);
    };
    const ok = props.user
      ? await updateUser(props.user.id, userInputFrom(draft), failed)
      : await createUser(newUserInputFrom(draft), failed, draft.password === draft.generatedPassword ? draft.generatedPassword : null);
    if (ok) props.onDone();
  };

  return (
    <>
      <form
        className="card user-form"
        aria-labelledby="user-form-title"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <h3 id="user-form-title">
          {props.user
            ? t('admin.user.editTitle', { name: props.user.userName })
            : t('admin.user.createTitle')}
        </h3>
        <UserDetails draft={draft} set={set} errors={errors} customFieldLabels={labels} />
        <SiteFields draft={draft} set={set} sites={sites} />
        <PasswordFields draft={draft} set={set} errors={errors} creating={!props.user} />
        <div className="row wrap">
          <label className="check">
            <input
              type="checkbox"
              checked={draft.softphoneEnabled}
              onChange={(e) => set('softphoneEnabled', e.target.checked)}
            />
            {t('admin.user.softphone')}
          </label>
          <label className="check">
            <input
              type="checkbox"
              checked={draft.confirmed}
              onChange={(e) => set('confirmed', e.target.checked)}
            />
            {t('admin.user.confirmed')}
          </label>
          {!props.user && <NewUserOptions draft={draft} set={set} />}
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
      {props.user && <WelcomeMail user={props.user} />}
      {props.user && <DeskPhones userId={props.user.id} />}
    </>
  );
}
