import { useState } from 'react';
import { useT } from '../../i18n';
import { requestPasswordReset } from '../../store/actions/account';

/**
 * "Forgot password" (issue 12): the server mails a one-time link to the account named by user
 * name or email. The answer is the same whether the account exists, and so is what we say.
 */
export function ForgotPassword(props: { serverUrl: string; login: string; onServerUrl: (url: string) => void; onBack: () => void }) {
  const t = useT();
  const [login, setLogin] = useState(props.login);
  const [busy, setBusy] = useState(false);
  const [sent, setSent] = useState(false);
  const [error, setError] = useState<string | null>(null);

  return (
    <form
      className="card sign-in-card"
      aria-labelledby="forgot-title"
      aria-busy={busy}
      onSubmit={(event) => {
        event.preventDefault();
        setBusy(true);
        setError(null);
        void requestPasswordReset(props.serverUrl, login, setError).then((ok) => {
          setBusy(false);
          setSent(ok);
        });
      }}
    >
      <h1 id="forgot-title">{t('forgot.title')}</h1>
      <p className="muted">{t('forgot.intro')}</p>
      <label className="field">
        <span>{t('signIn.server')}</span>
        <input type="text" inputMode="url" autoCapitalize="off" spellCheck={false} required value={props.serverUrl} placeholder="phone.example.com" autoComplete="url" onChange={(e) => props.onServerUrl(e.target.value)} />
      </label>
      <label className="field">
        <span>{t('forgot.login')}</span>
        <input required value={login} autoComplete="username" onChange={(e) => setLogin(e.target.value)} autoFocus />
      </label>
      {error && (
        <p role="alert" className="error-text">
          {error}
        </p>
      )}
      {sent && <p role="status">{t('forgot.sent')}</p>}
      <button type="submit" className="primary big" disabled={busy}>
        {busy ? t('forgot.busy') : t('forgot.submit')}
      </button>
      <button type="button" className="link-button" onClick={props.onBack}>
        {t('forgot.back')}
      </button>
    </form>
  );
}
