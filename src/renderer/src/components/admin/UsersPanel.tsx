import { useState } from 'react';
import type { User } from '../../../../shared/model';
import { useSoftphone } from '../../store/store';
import { clearCreatedPassword, inviteUsers, setUserDisabled } from '../../store/actions/admin';
import { handled } from '../../store/actions/invoke';
import { useT, type MessageKey } from '../../i18n';
import { CsvImport } from './CsvImport';
import { UserForm } from './UserForm';

type Column = 'name' | 'userName' | 'email' | 'role' | 'language' | 'extension' | 'landline' | 'mobile' | 'custom1' | 'custom2' | 'custom3' | 'status';
const allColumns: Column[] = ['name', 'userName', 'email', 'role', 'language', 'extension', 'landline', 'mobile', 'custom1', 'custom2', 'custom3', 'status'];
const defaultColumns: Column[] = ['name', 'userName', 'email', 'role', 'extension', 'status'];

function cell(user: User, column: Column, t: (key: MessageKey) => string): string {
  switch (column) {
    case 'name':
      return `${user.firstName} ${user.lastName}`;
    case 'role':
      return t(`role.${user.role}`);
    case 'language':
      return user.language === 'sv' ? 'Svenska' : 'English';
    case 'extension':
    case 'landline':
    case 'mobile':
      return user.numbers[column] ?? '';
    case 'custom1':
    case 'custom2':
    case 'custom3':
      return user.customFields[Number(column.slice(-1)) - 1] ?? '';
    case 'status':
      return user.disabled ? t('admin.users.disabled') : t('admin.users.enabled');
    default:
      return user[column];
  }
}

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

export function UsersPanel() {
  const t = useT();
  const users = useSoftphone((s) => s.admin.users);
  const labels = useSoftphone((s) => s.admin.company?.settings.customFieldLabels) ?? [null, null, null];
  const createdPassword = useSoftphone((s) => s.admin.createdPassword);
  const [columns, setColumns] = useState<Column[]>(defaultColumns);
  const [form, setForm] = useState<'none' | 'create' | 'invite' | { edit: User }>('none');
  const columnLabel = (column: Column) =>
    column.startsWith('custom') ? (labels[Number(column.slice(-1)) - 1] ?? t('admin.users.customN', { n: column.slice(-1) })) : t(`admin.users.col.${column as Exclude<Column, 'custom1' | 'custom2' | 'custom3'>}`);

  return (
    <div className="users">
      <div className="row wrap">
        <button type="button" className="primary" onClick={() => setForm('create')}>
          {t('admin.users.create')}
        </button>
        <button type="button" className="secondary" onClick={() => setForm('invite')}>
          {t('admin.users.invite')}
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
      {typeof form === 'object' && <UserForm key={form.edit.id} user={form.edit} onDone={() => setForm('none')} />}

      <details className="columns">
        <summary>{t('admin.users.columns')}</summary>
        <fieldset className="row wrap">
          <legend className="visually-hidden">{t('admin.users.columns')}</legend>
          {allColumns.map((column) => (
            <label key={column} className="check">
              <input
                type="checkbox"
                checked={columns.includes(column)}
                onChange={(e) => setColumns(e.target.checked ? allColumns.filter((c) => c === column || columns.includes(c)) : columns.filter((c) => c !== column))}
              />
              {columnLabel(column)}
            </label>
          ))}
        </fieldset>
      </details>

      {!users ? (
        <p className="muted">{t('common.loading')}</p>
      ) : (
        <div className="table-scroll">
          <table className="table">
            <caption className="visually-hidden">{t('admin.users')}</caption>
            <thead>
              <tr>
                {columns.map((column) => (
                  <th key={column} scope="col">
                    {columnLabel(column)}
                  </th>
                ))}
                <th scope="col">
                  <span className="visually-hidden">{t('history.col.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {users.map((user) => (
                <tr key={user.id} className={user.disabled ? 'muted' : undefined}>
                  {columns.map((column) => (
                    <td key={column}>{cell(user, column, t)}</td>
                  ))}
                  <td className="row">
                    <button type="button" className="secondary small" onClick={() => setForm({ edit: user })}>
                      {t('admin.users.edit', { name: user.userName })}
                    </button>
                    <button type="button" className="secondary small" onClick={() => void setUserDisabled(user.id, !user.disabled)}>
                      {t(user.disabled ? 'admin.users.enable' : 'admin.users.disable', { name: user.userName })}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <CsvImport />
    </div>
  );
}
