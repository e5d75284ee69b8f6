import { useState } from 'react';
import { DIRECTORY_SCOPES, type DirectoryScope, type Site } from '../../../../../shared/model';
import { handled } from '../../../store/actions/invoke';
import { assignSite } from '../../../store/actions/sites';
import { useT } from '../../../i18n';

const UNCHANGED = '';
const NO_SITE = '-';

/**
 * Issue 13: the ticked users put in a site and/or given a directory scope at once; each choice
 * may be left as it is. Says how many changed.
 */
export function SiteAssign(props: { userIds: string[]; sites: readonly Site[]; onDone: () => void }) {
  const t = useT();
  const [site, setSite] = useState(UNCHANGED);
  const [scope, setScope] = useState<DirectoryScope | typeof UNCHANGED>(UNCHANGED);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<number | null>(null);
  return (
    <form
      className="card"
      aria-labelledby="site-assign-title"
      onSubmit={handled(async (event) => {
        event.preventDefault();
        setError(null);
        const changed = await assignSite(
          {
            userIds: props.userIds,
            ...(site !== UNCHANGED ? { siteId: site === NO_SITE ? null : site } : {}),
            ...(scope !== UNCHANGED ? { directoryScope: scope } : {}),
          },
          setError,
        );
        if (changed !== null) setDone(changed);
      })}
    >
      <h3 id="site-assign-title">{t('admin.users.siteAssign.title', { n: props.userIds.length })}</h3>
      <div className="grid two">
        <label className="field">
          <span>{t('admin.user.site')}</span>
          <select name="assignSite" value={site} onChange={(e) => setSite(e.target.value)}>
            <option value={UNCHANGED}>{t('admin.users.siteAssign.unchanged')}</option>
            <option value={NO_SITE}>{t('admin.user.site.none')}</option>
            {props.sites.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t('admin.user.directoryScope')}</span>
          <select name="assignScope" value={scope} onChange={(e) => setScope(e.target.value as DirectoryScope | typeof UNCHANGED)}>
            <option value={UNCHANGED}>{t('admin.users.siteAssign.unchanged')}</option>
            {DIRECTORY_SCOPES.map((s) => (
              <option key={s} value={s}>
                {t(`admin.directoryScope.${s}`)}
              </option>
            ))}
          </select>
        </label>
      </div>
      {done !== null && <p role="status">{t('admin.users.siteAssign.done', { n: done })}</p>}
      {error && (
        <p role="alert" className="error-text">
          {error}
        </p>
      )}
      <div className="row end">
        <button type="button" className="secondary" onClick={props.onDone}>
          {t('common.dismiss')}
        </button>
        <button type="submit" className="primary" disabled={site === UNCHANGED && scope === UNCHANGED}>
          {t('admin.users.siteAssign.apply')}
        </button>
      </div>
    </form>
  );
}
