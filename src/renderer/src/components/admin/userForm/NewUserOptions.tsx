import { useT } from '../../../i18n';
import type { SetUserDraft, UserDraft } from './userDraft';

/** Only when creating: whether a welcome email goes out (seed 003 "Send welcome email"). */
export function NewUserOptions(props: { draft: UserDraft; set: SetUserDraft }) {
  const t = useT();
  const { draft, set } = props;
  return (
    <label className="check">
      <input type="checkbox" checked={draft.sendWelcomeEmail} onChange={(e) => set('sendWelcomeEmail', e.target.checked)} />
      {t('admin.user.welcome')}
    </label>
  );
}
