import { useState } from 'react';
import type { User } from '../../../../shared/model';
import { useSoftphone } from '../../store/store';
import { createUser, updateUser } from '../../store/actions/admin';
import { useT } from '../../i18n';
import { NewUserOptions } from './userForm/NewUserOptions';
import { DeskPhones } from './userForm/DeskPhones';
import { WelcomeMail } from './userForm/WelcomeMail';
import { UserDetails } from './userForm/UserDetails';
import {
  draftFrom,
  newUserInputFrom,
  userInputFrom,
  type SetUserDraft,
} from './userForm/userDraft';

/** Create a user (`user` null) or edit one; the server's validation message is shown in place. */
export function UserForm(props: { user: User | null; onDone: () => void }) {
  const t = useT();
  const labels = useSoftphone((s) => s.admin.company?.settings.customFieldLabels) ?? [
    null,
    null,
    null,
  ];
  const [draft, setDraft] = useState(() => draftFrom(props.user));
  const [error, setError] = useState<string | null>(null);
  const set: SetUserDraft = (key, value) => setDraft((d) => ({ ...d, [key]: value }));

  const submit = async () => {
    setError(null);
    const ok = props.user
      ? await updateUser(props.user.id, userInputFrom(draft), setError)
      : await createUser(newUserInputFrom(draft), setError);
    if (ok) props.onDone();
  };

  return (
    <>
      <form
        className="card user-form"
        aria-labelledby="user-form-title"
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
        <UserDetails draft={draft} set={set} customFieldLabels={labels} />
        {!props.user && <NewUserOptions draft={draft} set={set} />}
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
