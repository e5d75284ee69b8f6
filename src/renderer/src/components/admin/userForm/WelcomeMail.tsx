import { useState } from 'react';
import type { User } from '../../../../../shared/model';
import { useT } from '../../../i18n';
import { invoke } from '../../../store/actions/invoke';

/** Days a welcome link works (the server's WELCOME_DAYS; the answer says it again after sending). */
const WELCOME_DAYS = 7;

/**
 * "Send welcome email" for an existing user (issue 13, seed 003): a new mail in the user's
 * language with a one-time link to choose their password; earlier links stop working. A small
 * section the user's admin view places where it likes.
 */
export function WelcomeMail(props: { user: User }) {
  const t = useT();
  const [busy, setBusy] = useState(false);
  const [sent, setSent] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const send = async () => {
    setBusy(true);
    setSent(null);
    setError(null);
    const answer = await invoke('admin.users.sendWelcome', { userId: props.user.id }, { onError: setError });
    setBusy(false);
    if (answer) setSent(t('admin.welcome.sent', { email: answer.email }));
  };
  return (
    <section className="card welcome-mail" aria-labelledby="welcome-mail-title">
      <h3 id="welcome-mail-title">{t('admin.welcome.resend')}</h3>
      <p className="muted">{t('admin.welcome.hint', { days: WELCOME_DAYS })}</p>
      {error && (
        <p role="alert" className="error-text">
          {error}
        </p>
      )}
      <p role="status">{sent ?? ''}</p>
      <div className="row end">
        <button type="button" className="secondary" disabled={busy || props.user.disabled} onClick={() => void send()}>
          {busy ? t('admin.welcome.busy') : t('admin.welcome.resend')}
        </button>
      </div>
    </section>
  );
}
