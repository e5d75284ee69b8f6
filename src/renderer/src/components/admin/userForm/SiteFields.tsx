import { DIRECTORY_SCOPES, type Site } from '../../../../../shared/model';
import { useT } from '../../../i18n';
import type { SetUserDraft, UserDraft } from './userDraft';

/**
 * Issue 13 (seed 002 "Directory Scope"): the user's site and whom their directory shows. Only
 * for a company with sites (the form leaves `draft.site` out otherwise).
 */
export function SiteFields(props: { draft: UserDraft; set: SetUserDraft; sites: readonly Site[] }) {
  const t = useT();
  const { site } = props.draft;
  if (!site) return null;
  const change = (next: Partial<NonNullable<UserDraft['site']>>) => props.set('site', { ...site, ...next });
  return (
    <div className="grid two">
      <label className="field">
        <span>{t('admin.user.site')}</span>
        <select name="siteId" value={site.siteId} onChange={(e) => change({ siteId: e.target.value })}>
          <option value="">{t('admin.user.site.none')}</option>
          {props.sites.map((s) => (
            <option key={s.id} value={s.id}>
              {s.code ? `${s.name} (${s.code})` : s.name}
            </option>
          ))}
        </select>
      </label>
      <div className="field">
        <label htmlFor="user-form-directoryScope">{t('admin.user.directoryScope')}</label>
        <select
          id="user-form-directoryScope"
          name="directoryScope"
          value={site.directoryScope}
          aria-describedby={site.directoryScope === 'site' && site.siteId === '' ? 'user-form-directoryScope-note' : undefined}
          onChange={(e) => change({ directoryScope: e.target.value as NonNullable<UserDraft['site']>['directoryScope'] })}
        >
          {DIRECTORY_SCOPES.map((scope) => (
            <option key={scope} value={scope}>
              {t(`admin.directoryScope.${scope}`)}
            </option>
          ))}
        </select>
        {site.directoryScope === 'site' && site.siteId === '' && (
          <p id="user-form-directoryScope-note" className="muted small">
            {t('admin.directoryScope.siteWithoutSite')}
          </p>
        )}
      </div>
    </div>
  );
}
