import { Role } from '../../../../../shared/model';
import { useT } from '../../../i18n';
import type { UserFilters } from './usersTable';

/** Search (names, user name, email, numbers) and the role, status and custom-field filters. */
export function UsersFilters(props: { value: UserFilters; onChange: (next: UserFilters) => void; customLabels: readonly (string | null)[] }) {
  const t = useT();
  const { value, onChange } = props;
  const customLabel = (index: number) => props.customLabels[index] ?? t('admin.users.customN', { n: index + 1 });
  return (
    <div role="search" aria-label={t('admin.users.searchAndFilter')} className="users-filters row wrap">
      <label className="field grow">
        <span>{t('admin.users.search')}</span>
        <input type="search" value={value.search} placeholder={t('admin.users.searchHint')} onChange={(e) => onChange({ ...value, search: e.target.value })} />
      </label>
      <label className="field">
        <span>{t('admin.users.filter.role')}</span>
        <select value={value.role} onChange={(e) => onChange({ ...value, role: e.target.value as UserFilters['role'] })}>
          <option value="any">{t('admin.users.filter.anyRole')}</option>
          {Role.options.map((role) => (
            <option key={role} value={role}>
              {t(`role.${role}`)}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>{t('admin.users.filter.status')}</span>
        <select value={value.status} onChange={(e) => onChange({ ...value, status: e.target.value as UserFilters['status'] })}>
          <option value="any">{t('admin.users.filter.anyStatus')}</option>
          <option value="enabled">{t('admin.users.enabled')}</option>
          <option value="disabled">{t('admin.users.disabled')}</option>
        </select>
      </label>
      <label className="field">
        <span>{t('admin.users.filter.customField')}</span>
        <select value={value.custom.index} onChange={(e) => onChange({ ...value, custom: { ...value.custom, index: Number(e.target.value) as 0 | 1 | 2 } })}>
          {[0, 1, 2].map((index) => (
            <option key={index} value={index}>
              {customLabel(index)}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>{t('admin.users.filter.customContains', { field: customLabel(value.custom.index) })}</span>
        <input value={value.custom.text} onChange={(e) => onChange({ ...value, custom: { ...value.custom, text: e.target.value } })} />
      </label>
    </div>
  );
}
