import { useState } from 'react';
import { useT } from '../../i18n';
import { checkRegistrationLink } from '../../store/actions/account';
import type { RegistrationLinkAnswer } from '../../../../shared/ipc';

/**
 * "Register a new account" (issue 13, seed 003 self-registration): the person pastes their
 * company's registration link; the server it names says whether the company takes
 * registrations. When it does, the registration page opens in the browser (the mailed
 * confirmation link leads back there); the server address is kept for signing in afterwards.
 */
export function RegisterLink(props: { onServerUrl: (url: string) => void; onBack: () => void }) {
  const t = useT();
  const [link, setLink] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [answer, setAnswer] = useState<RegistrationLinkAnswer | null>(null);

  return (
    <form
      className="card sign-in-card"
      aria-labelledby="register-title"
      aria-busy={busy}
      onSubmit={(event) => {
        event.preventDefault();
        setBusy(true);
        setError(null);
        setAnswer(null);
        void checkRegistrationLink(link, setError).then((found) => {
          setBusy(false);
          setAnswer(found);
          if (found) props.onServerUrl(found.serverUrl);
        });
      }}
    >
      <h1 id="register-title">{t('register.title')}</h1>
      <p className="muted">{t('register.intro')}</p>
      <label className="field">
        <span>{t('register.link')}</span>
        <input
          type="url"
          required
          value={link}
          placeholder="https://phone.example.com/register?token=…"
          onChange={(e) => setLink(e.target.value)}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? 'register-link-error' : undefined}
          autoFocus
        />
      </label>
      {error && (
        <p id="register-link-error" role="alert" className="error-text">
          {error}
        </p>
      )}
      {answer && !answer.open && (
        <p role="alert" className="error-text">
          {t('register.closed', { company: answer.company })}
        </p>
      )}
      {answer?.open && (
        <div role="status">
          <p>{t('register.open', { company: answer.company })}</p>
          <p className="muted">{t('register.after', { server: answer.serverUrl })}</p>
        </div>
      )}
      {answer?.open ? (
        // The app's window opens http(s) links in the person's browser (shell/window.ts).
        <button type="button" className="primary big" onClick={() => window.open(answer.pageUrl, '_blank', 'noopener')}>
          {t('register.openPage')}
        </button>
      ) : (
        <button type="submit" className="primary big" disabled={busy}>
          {busy ? t('register.busy') : t('register.check')}
        </button>
      )}
      <button type="button" className="link-button" onClick={props.onBack}>
        {t('register.back')}
      </button>
    </form>
  );
}
