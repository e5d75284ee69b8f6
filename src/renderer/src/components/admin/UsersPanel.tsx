import { useCallback, useEffect, useMemo, useState } from 'react';
import type { Site, User } from '../../../../shared/model';
import { DEFAULT_USER_COLUMNS, type UserColumn } from '../../../../shared/admin-users-api';
import { useSoftphone } from '../../store/store';
import { clearCreatedPassword, inviteUsers, loadQueues, setUserDisabled } from '../../store/actions/admin';
import { loadColumns, saveColumns } from '../../store/actions/adminUsers';
import { handled } from '../../store/actions/invoke';
import { formatDateTime, useLanguage, useT } from '../../i18n';
import { CsvImport } from './CsvImport';
import { UserForm } from './UserForm';
import { AddProfile } from './users/AddProfile';
import { ColumnsChooser } from './users/ColumnsChooser';
import { MassEdit } from './users/MassEdit';
import { UserProfiles } from './users/UserProfiles';
import { UsersFilters } from './users/UsersFilters';
import { UsersTable } from './users/UsersTable';
import { SiteAssign } from './users/SiteAssign';
import { loadSites } from '../../store/actions/sites';
import { cellText, filterUsers, noFilters, sortUsers, type Say, type Sort } from './users/usersTable';

function InviteForm(props: { onDone: () => void }) {
  const t = useT();
  const [emails, setEmails] = useState('');
  const [error, setError] = useState<string | null>(null);
  return (
    <form
      className="card"
      aria-labelledby="invite-title"
      onSubmit={handled(async (event) => {
        event.preventDefault();
        setError(null);
        const list = emails.split(/[\s,;]+/).filter(Boolean);
        if (await inviteUsers(list, setError)) props.onDone();
      })}
    >
      <h3 id="invite-title">{t('admin.invite.title')}</h3>
      <label className="field">
        <span>{t('admin.invite.emails')}</span>
        <textarea rows={3} value={emails} onChange={(e) => setEmails(e.target.value)} autoFocus />
      </label>
      {error && (
        <p role="alert" className="error-text">
          {error}
        </p>
      )}
      <div className="row end">
        <button type="button" className="secondary" onClick={props.onDone}>
          {t('common.cancel')}
        </button>
        <button type="submit" className="primary" disabled={!emails.trim()}>
          {t('admin.invite.send')}
        </button>
      </div>
    </form>
  );
}

const NO_LABELS = [null, null, null] as const;
const NO_SITES: Site[] = [];

type Form = 'none' | 'create' | 'invite' | 'massEdit' | 'addProfile' | 'siteAssign' | { edit: User } | { profilesOf: User };

export function UsersPanel() {
  const t = useT();
  const language = useLanguage();
  const users = useSoftphone((s) => s.admin.users);
  const labels = useSoftphone((s) => s.admin.company?.settings.customFieldLabels) ?? NO_LABELS;
  const createdPassword = useSoftphone((s) => s.admin.createdPassword);
  const sites = useSoftphone((s) => s.admin.sites) ?? NO_SITES;
  const hasSites = sites.length > 0;
  const [columns, setColumns] = useState<UserColumn[]>(DEFAULT_USER_COLUMNS);
  const [filters, setFilters] = useState(noFilters);
  const [sort, setSort] = useState<Sort | null>(null);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [form, setForm] = useState<Form>('none');

  useEffect(() => {
    void loadColumns().then((saved) => saved && setColumns(saved));
    // the profile editor's queue choices
    void loadQueues();
    void loadSites();
  }, []);

  const columnLabel = useCallback(
    (column: UserColumn) =>
      column === 'custom1' || column === 'custom2' || column === 'custom3'
        ? (labels[Number(column.slice(-1)) - 1] ?? t('admin.users.customN', { n: column.slice(-1) }))
        : t(`admin.users.col.${column}`),
    [labels, t],
  );
  const cell = useCallback((user: User, column: UserColumn) => {
    const say: Say = (what) => (what.startsWith('role.') ? t(what as `role.${User['role']}`) : t(`admin.users.${what as Exclude<Parameters<Say>[0], `role.${string}`>}`));
    return cellText(user, column, say, (iso) => formatDateTime(iso, language), (siteId) => sites.find((site) => site.id === siteId)?.name ?? '');
  }, [t, language, sites]);
  // Without sites, no site column, filter or action (issue 13).
  const shownColumns = hasSites ? columns : columns.filter((c) => c !== 'site');
  const shown = useMemo(() => sortUsers(filterUsers(users ?? [], filters), sort, cell, language), [users, filters, sort, cell, language]);
  const chosen = (users ?? []).filter((u) => selected.has(u.id)).map((u) => u.id);
  const select = (ids: string[], on: boolean) =>
    setSelected((current) => {
      const next = new Set(current);
      for (const id of ids) {
        if (on) next.add(id);
        else next.delete(id);
      }
      return next;
    });

  if (typeof form === 'object' && 'profilesOf' in form) return <UserProfiles user={form.profilesOf} onClose={() => setForm('none')} />;

  return (
    <div className="users">
      <div className="row wrap">
        <button type="button" className="primary" onClick={() => setForm('create')}>
          {t('admin.users.create')}
        </button>
        <button type="button" className="secondary" onClick={() => setForm('invite')}>
          {t('admin.users.invite')}
        </button>
        <button type="button" className="secondary" onClick={() => setForm('addProfile')}>
          {t('admin.users.addProfile')}
        </button>
      </div>
      {createdPassword && (
        <div className="card notice-info" role="status">
          <p>{t('admin.users.passwordOnce', { name: createdPassword.userName })}</p>
          <code>{createdPassword.password}</code>
          <button type="button" className="secondary small" onClick={clearCreatedPassword}>
            {t('common.dismiss')}
          </button>
        </div>
      )}
      {form === 'create' && <UserForm user={null} onDone={() => setForm('none')} />}
      {form === 'invite' && <InviteForm onDone={() => setForm('none')} />}
      {form === 'addProfile' && <AddProfile selected={chosen} onDone={() => setForm('none')} />}
      {form === 'massEdit' && chosen.length > 0 && <MassEdit userIds={chosen} onDone={() => setForm('none')} />}
      {form === 'siteAssign' && chosen.length > 0 && <SiteAssign userIds={chosen} sites={sites} onDone={() => setForm('none')} />}
      {typeof form === 'object' && 'edit' in form && <UserForm key={form.edit.id} user={form.edit} onDone={() => setForm('none')} />}

      <UsersFilters value={filters} onChange={setFilters} customLabels={labels} />
      {hasSites && (
        <label className="field inline">
          <span>{t('admin.users.filter.site')}</span>
          <select name="siteFilter" value={filters.site ?? ''} onChange={(e) => setFilters({ ...filters, site: e.target.value })}>
            <option value="">{t('admin.users.filter.site.any')}</option>
            <option value="none">{t('admin.users.filter.site.none')}</option>
            {sites.map((site) => (
              <option key={site.id} value={site.id}>
                {site.name}
              </option>
            ))}
          </select>
        </label>
      )}
      <ColumnsChooser
        value={columns}
        label={columnLabel}
        hidden={hasSites ? [] : ['site']}
        onSave={async (next) => {
          const saved = await saveColumns(next);
          if (saved) setColumns(saved);
        }}
      />
      <div className="row wrap bulk-bar" role="group" aria-label={t('admin.users.selection')}>
        <span>{t('admin.users.selectedCount', { n: chosen.length, shown: shown.length, total: users?.length ?? 0 })}</span>
        <button type="button" className="secondary small" onClick={() => select((users ?? []).map((u) => u.id), true)}>
          {t('admin.users.selectAll', { n: users?.length ?? 0 })}
        </button>
        <button type="button" className="secondary small" disabled={chosen.length === 0} onClick={() => setSelected(new Set())}>
          {t('admin.users.clearSelection')}
        </button>
        <button type="button" className="primary small" disabled={chosen.length === 0} onClick={() => setForm('massEdit')}>
          {t('admin.users.massEdit', { n: chosen.length })}
        </button>
        {hasSites && (
          <button type="button" className="secondary small" disabled={chosen.length === 0} onClick={() => setForm('siteAssign')}>
            {t('admin.users.siteAssign', { n: chosen.length })}
          </button>
        )}
      </div>

      {!users ? (
        <p className="muted">{t('common.loading')}</p>
      ) : (
        <UsersTable
          users={shown}
          columns={shownColumns}
          label={columnLabel}
          cell={cell}
          sort={sort}
          onSort={setSort}
          selected={selected}
          onSelect={select}
          onEdit={(user) => setForm({ edit: user })}
          onProfiles={(user) => setForm({ profilesOf: user })}
          onDisable={(user) => void setUserDisabled(user.id, !user.disabled)}
        />
      )}
      <CsvImport />
    </div>
  );
}
