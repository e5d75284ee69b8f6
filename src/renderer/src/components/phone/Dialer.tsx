import { useId, useRef, useState } from 'react';
import { useSoftphone } from '../../store/store';
import { selectRecentNumbers } from '../../store/selectors';
import { cleanDialInput, dial } from '../../store/actions/calls';
import { useT } from '../../i18n';
import { Keypad } from './Keypad';
import { usePartyNamer } from '../common/Party';

export function Dialer() {
  const t = useT();
  const [target, setTarget] = useState('');
  const inputRef = useRef<HTMLInputElement>(null);
  const recent = useSoftphone(selectRecentNumbers);
  const dialing = useSoftphone((s) => (s.ui.pending['calls.dial'] ?? 0) > 0);
  const recentId = useId();
  const describe = usePartyNamer();

  const call = async (value: string) => {
    if (await dial(value)) setTarget('');
  };

  return (
    <section className="card dialer" aria-labelledby="dialer-title">
      <h2 id="dialer-title">{t('dialer.title')}</h2>
      <form
        className="dial-form"
        onSubmit={(event) => {
          event.preventDefault();
          void call(target);
        }}
      >
        <label className="field">
          <span>{t('dialer.input')}</span>
          <input
            ref={inputRef}
            value={target}
            inputMode="tel"
            autoComplete="off"
            placeholder="+46 8 123 456 78"
            onChange={(event) => setTarget(event.target.value)}
            onPaste={(event) => {
              // Pasted numbers come with spaces, dashes, "(0)" and labels; keep what can be dialled.
              event.preventDefault();
              setTarget(cleanDialInput(event.clipboardData.getData('text')));
            }}
          />
        </label>
        <button type="submit" className="primary call-button" disabled={!cleanDialInput(target) || dialing}>
          {t('dialer.call')}
        </button>
      </form>
      <Keypad
        label={t('dialer.keypad')}
        onKey={(key) => {
          setTarget((value) => value + key);
          inputRef.current?.focus();
        }}
      />
      {recent.length > 0 && (
        <div className="recent">
          <h3 id={recentId}>{t('dialer.recent')}</h3>
          <ul className="plain" aria-labelledby={recentId}>
            {recent.map((party) => (
              <li key={party.number}>
                <button type="button" className="link-button" onClick={() => void call(party.number)}>
                  {t('dialer.callParty', { party: describe(party).label })}
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
