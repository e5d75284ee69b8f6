import { useSoftphone } from '../store/store';
import { useT } from '../i18n';
import { SignIn } from './session/SignIn';
import { Shell } from './Shell';
import { Messages } from './Messages';

export function App() {
  const t = useT();
  const ready = useSoftphone((s) => s.ui.ready);
  const bootError = useSoftphone((s) => s.ui.bootError);
  const signedIn = useSoftphone((s) => s.session.status === 'signedIn');
  if (bootError) {
    return (
      <main className="boot">
        <p role="alert" className="error-text">
          {bootError}
        </p>
      </main>
    );
  }
  if (!ready) {
    return (
      <main className="boot" aria-busy="true">
        <p role="status">{t('common.loading')}</p>
      </main>
    );
  }
  return (
    <>
      {signedIn ? <Shell /> : <SignIn />}
      <Messages />
    </>
  );
}
