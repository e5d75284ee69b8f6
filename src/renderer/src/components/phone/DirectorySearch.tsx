import { useEffect, useMemo, useState } from 'react';
import type { DirectoryEntry } from '../../../../shared/model';
import type { Colleague } from '../../../../shared/server-api';
import { colleagueName } from '../../../../shared/people';
import { formatForDisplay, numberKey } from '../../../../shared/phone';
import { shownProfileName } from '../../../../shared/builtInNames';
import { useSoftphone } from '../../store/store';
import { selectActiveCall } from '../../store/selectors';
import { dial, searchDirectory, transferBlind } from '../../store/actions/calls';
import { formatDateTime, useLanguage, useT, type Translate } from '../../i18n';
import type { Language } from '../../../../shared/model';

type Presence = Pick<Colleague, 'profile' | 'inCall'>;

/** Colleagues matching what was typed: name, user name or any number. */
function matches(person: Colleague, needle: string): boolean {
  if (!needle) return true;
  const { extension, landline, mobile } = person.numbers;
  return [colleagueName(person), person.userName, extension, landline, mobile].some((value) => value?.toLowerCase().includes(needle));
}

function PresenceLine(props: { presence: Presence | undefined; t: Translate; language: Language }) {
  const { presence, t, language } = props;
  if (!presence) return null;
  const { profile, inCall } = presence;
  const state = inCall ? 'in-call' : !profile ? 'unknown' : profile.available ? 'available' : 'not-available';
  const profileName = profile ? shownProfileName(profile.name, language) : '';
  const label = inCall ? t('directory.inCall') : !profile ? t('directory.noProfile') : profile.available ? t('directory.available') : t('directory.notAvailable');
  return (
    <div className="presence small" data-presence={state}>
      <span className={`presence-dot presence-${state}`} aria-hidden="true" />
      <span className="presence-state">{label}</span>
      {profile && (profile.until || profileName !== label) && (
        <span className="muted">
          {' · '}
          {profile.until ? t('directory.until', { profile: profileName, time: formatDateTime(profile.until, language) }) : profileName}
        </span>
      )}
      {profile && !profile.available && profile.until && <span className="muted"> · {t('directory.backAt', { time: formatDateTime(profile.until, language) })}</span>}
    </div>
  );
}

export function DirectorySearch() {
  const t = useT();
  const language = useLanguage();
  const [query, setQuery] = useState('');
  const directory = useSoftphone((s) => s.ui.directory);
  const people = useSoftphone((s) => s.people);
  const activeCall = useSoftphone(selectActiveCall);
  const transferable = activeCall && activeCall.answeredAt && activeCall.state === 'active' ? activeCall : undefined;
  const country = useSoftphone((s) => s.settings.countryCode);
  const ownId = useSoftphone((s) => s.session.account?.userId ?? null);

  useEffect(() => {
    // Search after a short pause in typing, not on every key.
    const timer = setTimeout(() => void searchDirectory(query), 250);
    return () => clearTimeout(timer);
  }, [query]);

  // The pushed colleagues (with availability) when the server sends them; else the search's answer.
  const presenceById = useMemo(() => new Map(people.map((p) => [p.id, p])), [people]);
  const needle = query.trim().toLowerCase();
  const results: (DirectoryEntry | Colleague)[] | null =
    people.length > 0 ? people.filter((p) => matches(p, needle)) : (directory?.results ?? null);

  return (
    <section className="card directory" aria-labelledby="directory-title">
      <h2 id="directory-title">{t('directory.title')}</h2>
      <label className="field">
        <span>{t('directory.search')}</span>
        <input type="search" value={query} onChange={(event) => setQuery(event.target.value)} />
      </label>
      {results && (
        <>
          <p className="muted small" role="status">
            {t('directory.count', { n: results.length })}
          </p>
          <ul className="plain directory-list">
            {results.map((entry) => {
              const name = colleagueName(entry);
              const presence = presenceById.get(entry.id);
              const numbers = [
                entry.numbers.extension && { kind: t('number.internal'), value: entry.numbers.extension },
                entry.numbers.landline && { kind: t('number.landline'), value: entry.numbers.landline },
                entry.numbers.mobile && { kind: t('number.mobile'), value: entry.numbers.mobile },
              ].filter((n): n is { kind: string; value: string } => Boolean(n));
              const transferTo = entry.numbers.extension ?? entry.numbers.landline ?? entry.numbers.mobile ?? entry.userName;
              const disabled = 'disabled' in entry && entry.disabled;
              return (
                <li key={entry.id} className={disabled ? 'muted' : undefined} data-testid="colleague" data-user={entry.userName}>
                  <div>
                    <strong>{name}</strong> {'email' in entry && <span className="muted small">{entry.email}</span>}
                  </div>
                  <PresenceLine presence={presence} t={t} language={language} />
                  <div className="row wrap">
                    {numbers.map((n) => (
                      <button
                        key={n.value}
                        type="button"
                        className="secondary small"
                        aria-label={t('directory.callNumber', { name, kind: n.kind, number: formatForDisplay(n.value, country) })}
                        onClick={() => void dial(n.value)}
                      >
                        {n.kind} {formatForDisplay(n.value, country)}
                      </button>
                    ))}
                    {transferable && entry.id !== ownId && !numbers.some((n) => numberKey(n.value) === numberKey(transferable.party.number)) && (
                      <button type="button" className="secondary small" onClick={() => void transferBlind(transferable.id, transferTo)}>
                        {t('directory.transferTo', { name })}
                      </button>
                    )}
                  </div>
                </li>
              );
            })}
          </ul>
        </>
      )}
    </section>
  );
}
