import { useEffect, useState } from 'react';
import type { Site } from '../../../../shared/model';
import { useSoftphone } from '../../store/store';
import { handled } from '../../store/actions/invoke';
import { createSite, deleteSite, loadSites, updateSite } from '../../store/actions/sites';
import { useT } from '../../i18n';

/** One site: its name and code, edited in place; delete (the server refuses while users are in it). */
function SiteRow(props: { site: Site }) {
  const t = useT();
  const { site } = props;
  const [name, setName] = useState(site.name);
  const [code, setCode] = useState(site.code ?? '');
  const [error, setError] = useState<string | null>(null);
  const changed = name.trim() !== site.name || code.trim() !== (site.code ?? '');
  return (
    <li className="card site-row">
      <form
        className="row wrap"
        aria-label={site.name}
        onSubmit={handled(async (event) => {
          event.preventDefault();
          setError(null);
          await updateSite(site.id, { name: name.trim(), code: code.trim() || null }, setError);
        })}
      >
        <label className="field">
          <span>{t('admin.sites.name')}</span>
          <input value={name} maxLength={80} required onChange={(e) => setName(e.target.value)} />
        </label>
        <label className="field">
          <span>{t('admin.sites.code')}</span>
          <input value={code} maxLength={20} onChange={(e) => setCode(e.target.value)} />
        </label>
        <span className="muted">{t('admin.sites.users', { n: site.userCount })}</span>
        <button type="submit" className="secondary small" disabled={!changed || name.trim() === ''}>
          {t('admin.sites.rename')}
        </button>
        <button
          type="button"
          className="secondary small danger"
          onClick={() => {
            setError(null);
            void deleteSite(site.id, setError);
          }}
        >
          {t('admin.sites.delete', { name: site.name })}
        </button>
      </form>
      {error && (
        <p role="alert" className="error-text">
          {error}
        </p>
      )}
    </li>
  );
}

/**
 * Issue 13 (seed 002 "Directory Scope"): the company's sites (offices, branches). Users are put
 * in sites in the users table or the user form, which show site settings only once a site exists.
 */
export function SitesPanel() {
  const t = useT();
  const sites = useSoftphone((s) => s.admin.sites);
  const [name, setName] = useState('');
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    void loadSites();
  }, []);
  return (
    <section className="card" aria-labelledby="sites-title">
      <h3 id="sites-title">{t('admin.sites.title')}</h3>
      <p className="muted">{t('admin.sites.intro')}</p>
      {sites && sites.length === 0 && <p className="muted empty">{t('admin.sites.none')}</p>}
      {sites && sites.length > 0 && (
        <ul className="site-list">
          {sites.map((site) => (
            <SiteRow key={`${site.id}-${site.name}-${site.code ?? ''}`} site={site} />
          ))}
        </ul>
      )}
      <form
        className="row wrap"
        aria-label={t('admin.sites.add')}
        onSubmit={handled(async (event) => {
          event.preventDefault();
          setError(null);
          if (await createSite({ name: name.trim(), code: code.trim() || null }, setError)) {
            setName('');
            setCode('');
          }
        })}
      >
        <label className="field">
          <span>{t('admin.sites.name')}</span>
          <input name="siteName" value={name} maxLength={80} onChange={(e) => setName(e.target.value)} />
        </label>
        <label className="field">
          <span>{t('admin.sites.code')}</span>
          <input name="siteCode" value={code} maxLength={20} onChange={(e) => setCode(e.target.value)} />
        </label>
        <button type="submit" className="primary" disabled={name.trim() === ''}>
          {t('admin.sites.add')}
        </button>
      </form>
      {error && (
        <p role="alert" className="error-text">
          {error}
        </p>
      )}
    </section>
  );
}
