import { useState } from 'react';
import { useSoftphone } from '../../store/store';
import { signIn } from '../../store/actions/session';
import { useT, useText } from '../../i18n';
import { ForgotPassword } from './ForgotPassword';
import { RegisterLink } from './RegisterLink';

export function SignIn() {
  const t = useT();
  const say = useText();
  const session = useSoftphone((s) => s.session);
  const [serverUrl, setServerUrl] = useState(session.remembered?.serverUrl ?? '');
  const [userName, setUserName] = useState(session.remembered?.userName ?? '');
  const [password, setPassword] = useState('');
  const [transportError, setTransportError] = useState<string | null>(null);
  const [forgot, setForgot] = useState(false);
  // Asked for only when the user name is used in several companies (the server answers 409).
  const [company, setCompany] = useState(session.remembered?.companyName ?? '');
  const [companyAsked, setCompanyAsked] = useState(false);
  const askCompany = companyAsked || session.error?.key === 'auth.companyRequired';
  const [registering, setRegistering] = useState(false);
  const busy = session.status === 'signingIn';
  const error = transportError ?? (session.error === null ? null : say(session.error));

  if (forgot) {
    return (
      <main className="sign-in">
        <ForgotPassword serverUrl={serverUrl} login={userName} onServerUrl={setServerUrl} onBack={() => setForgot(false)} />
      </main>
    );
  }
  if (registering) {
    return (
      <main className="sign-in">
        <RegisterLink onServerUrl={setServerUrl} onBack={() => setRegistering(false)} />
      </main>
    );
  }
  return (
    <main className="sign-in">
      <form
        className="card sign-in-card"
        aria-labelledby="sign-in-title"
        aria-busy={busy}
        onSubmit={(event) => {
          event.preventDefault();
          setTransportError(null);
          if (askCompany) setCompanyAsked(true);
          void signIn(serverUrl, userName, password, setTransportError, askCompany ? company : undefined);
        }}
      >
        <h1 id="sign-in-title">{t('signIn.title')}</h1>
        <p className="muted">{t('signIn.intro')}</p>
        <label className="field">
          <span>{t('signIn.server')}</span>
          <input type="text" inputMode="url" autoCapitalize="off" spellCheck={false} required value={serverUrl} placeholder="phone.example.com" autoComplete="url" onChange={(e) => setServerUrl(e.target.value)} autoFocus={!serverUrl} />
        </label>
        <label className="field">
          <span>{t('signIn.userName')}</span>
          <input required value={userName} autoComplete="username" onChange={(e) => setUserName(e.target.value)} />
        </label>
        <label className="field">
          <span>{t('signIn.password')}</span>
          <input type="password" required value={password} autoComplete="current-password" onChange={(e) => setPassword(e.target.value)} autoFocus={Boolean(serverUrl)} />
        </label>
        {askCompany && (
          <label className="field">
            <span>{t('signIn.company')}</span>
            <input required value={company} autoComplete="organization" onChange={(e) => setCompany(e.target.value)} autoFocus />
          </label>
        )}
        {error && (
          <p role="alert" className="error-text">
            {error}
          </p>
        )}
        <button type="submit" className="primary big" disabled={busy}>
          {busy ? t('signIn.busy') : t('signIn.submit')}
        </button>
        <button type="button" className="link-button" onClick={() => setForgot(true)}>
          {t('signIn.forgot')}
        </button>
        <button type="button" className="link-button" onClick={() => setRegistering(true)}>
          {t('signIn.register')}
        </button>
      </form>
    </main>
  );
}
