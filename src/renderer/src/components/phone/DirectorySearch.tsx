import { useEffect, useState } from 'react';
import { useSoftphone } from '../../store/store';
import { dial, searchDirectory } from '../../store/actions/calls';
import { useT } from '../../i18n';

export function DirectorySearch() {
  const t = useT();
  const [query, setQuery] = useState('');
  const directory = useSoftphone((s) => s.ui.directory);

  useEffect(() => {
    // Search after a short pause in typing, not on every key.
    const timer = setTimeout(() => void searchDirectory(query), 250);
    return () => clearTimeout(timer);
  }, [query]);

  return (
    <section className="card directory" aria-labelledby="directory-title">
      <h2 id="directory-title">{t('directory.title')}</h2>
      <label className="field">
        <span>{t('directory.search')}</span>
        <input type="search" value={query} onChange={(event) => setQuery(event.target.value)} />
      </label>
      {directory && (
        <>
          <p className="muted small" role="status">
            {t('directory.count', { n: directory.results.length })}
          </p>
          <ul className="plain directory-list">
            {directory.results.map((entry) => {
              const name = `${entry.firstName} ${entry.lastName}`.trim() || entry.userName;
              const numbers = [
                entry.numbers.extension && { kind: t('number.internal'), value: entry.numbers.extension },
                entry.numbers.landline && { kind: t('number.landline'), value: entry.numbers.landline },
                entry.numbers.mobile && { kind: t('number.mobile'), value: entry.numbers.mobile },
              ].filter((n): n is { kind: string; value: string } => Boolean(n));
              return (
                <li key={entry.id} className={entry.disabled ? 'muted' : undefined}>
                  <div>
                    <strong>{name}</strong> <span className="muted small">{entry.email}</span>
                  </div>
                  <div className="row wrap">
                    {numbers.map((n) => (
                      <button key={n.value} type="button" className="secondary small" aria-label={t('directory.callNumber', { name, kind: n.kind, number: n.value })} onClick={() => void dial(n.value)}>
                        {n.kind} {n.value}
                      </button>
                    ))}
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
