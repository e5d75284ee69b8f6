import { useT } from '../../../i18n';
import type { SetUserDraft, UserDraft } from './userDraft';

/** Only when creating: a random or chosen first password, and whether to send a welcome email. */
export function NewUserOptions(props: { draft: UserDraft; set: SetUserDraft }) {
  const t = useT();
  const { draft, set } = props;
  return (
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
  );
}
