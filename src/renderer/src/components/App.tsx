import { useEffect } from 'react';
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
  useEffect(() => {
    // The benchmark's "time to first render": the first screen that shows the phone's state.
    if (ready && performance.getEntriesByName('softphone:first-render').length === 0) performance.mark('softphone:first-render');
  }, [ready]);
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
