import type { User } from '../../../../../shared/model';
import type { UserColumn } from '../../../../../shared/admin-users-api';
import { useT } from '../../../i18n';
import type { Sort } from './usersTable';

/**
 * The users shown (after search and filters), sortable by any visible column, with a tick per
 * row and one in the header that ticks every shown user. Row actions: edit, profiles, disable.
 */
export function UsersTable(props: {
  users: User[];
  columns: UserColumn[];
  label: (column: UserColumn) => string;
  cell: (user: User, column: UserColumn) => string;
  sort: Sort | null;
  onSort: (sort: Sort) => void;
  selected: ReadonlySet<string>;
  onSelect: (userIds: string[], selected: boolean) => void;
  onEdit: (user: User) => void;
  onProfiles: (user: User) => void;
  onDisable: (user: User) => void;
}) {
  const t = useT();
  const { users, columns, sort, selected } = props;
  const shownSelected = users.filter((u) => selected.has(u.id)).length;
  return (
    <div className="table-scroll">
      <table className="table users-table">
        <caption className="visually-hidden">{t('admin.users')}</caption>
        <thead>
          <tr>
            <th scope="col">
              <input
                type="checkbox"
                aria-label={t('admin.users.selectShown', { n: users.length })}
                checked={users.length > 0 && shownSelected === users.length}
                ref={(box) => {
                  if (box) box.indeterminate = shownSelected > 0 && shownSelected < users.length;
                }}
                onChange={(e) => props.onSelect(users.map((u) => u.id), e.target.checked)}
              />
            </th>
            {columns.map((column) => {
              const direction = sort?.column === column ? sort.direction : undefined;
              return (
                <th key={column} scope="col" aria-sort={direction ?? 'none'}>
                  <button
                    type="button"
                    className="link-button sort"
                    onClick={() => props.onSort({ column, direction: direction === 'ascending' ? 'descending' : 'ascending' })}
                  >
                    {props.label(column)}
                    <span aria-hidden="true">{direction === 'ascending' ? ' ▲' : direction === 'descending' ? ' ▼' : ''}</span>
                  </button>
                </th>
              );
            })}
            <th scope="col">
              <span className="visually-hidden">{t('history.col.actions')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {users.map((user) => (
            <tr key={user.id} className={user.disabled ? 'muted' : undefined} aria-selected={selected.has(user.id)}>
              <td>
                <input
                  type="checkbox"
                  aria-label={t('admin.users.select', { name: user.userName })}
                  checked={selected.has(user.id)}
                  onChange={(e) => props.onSelect([user.id], e.target.checked)}
                />
              </td>
              {columns.map((column) => (
                <td key={column}>{props.cell(user, column)}</td>
              ))}
              <td>
                <div className="row users-actions">
                  <button type="button" className="secondary small" onClick={() => props.onEdit(user)}>
                    {t('admin.users.edit', { name: user.userName })}
                  </button>
                  <button type="button" className="secondary small" onClick={() => props.onProfiles(user)}>
                    {t('admin.users.profiles', { name: user.userName })}
                  </button>
                  <button type="button" className="secondary small" onClick={() => props.onDisable(user)}>
                    {t(user.disabled ? 'admin.users.enable' : 'admin.users.disable', { name: user.userName })}
                  </button>
                </div>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {users.length === 0 && <p className="muted">{t('admin.users.noneMatch')}</p>}
    </div>
  );
}
