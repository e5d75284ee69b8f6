import { useEffect, useState } from 'react';
import { AUDIT_ACTIONS, type AuditAction, type AuditEntry, type User } from '../../../../shared/model';
import { useSoftphone } from '../../store/store';
import { handled } from '../../store/actions/invoke';
import { loadUsers } from '../../store/actions/admin';
import { searchAuditLog } from '../../store/actions/queuesAudit';
import { formatDateTime, useLanguage, useT } from '../../i18n';
import { auditFieldKey } from './auditFields';

const PAGE_SIZE = 25;

interface Filter {
  q: string;
  action: AuditAction | '';
  personId: string;
  /** `YYYY-MM-DD` from the date inputs (local days), or ''. */
  from: string;
  to: string;
}

const EMPTY: Filter = { q: '', action: '', personId: '', from: '', to: '' };

/** A local day's start as an instant; `nextDay` gives the day after's (an inclusive "to" day). */
function dayStart(day: string, nextDay = false): string | undefined {
  if (!day) return undefined;
  const [y, m, d] = day.split('-').map(Number);
  if (!y || !m || !d) return undefined;
  return new Date(y, m - 1, d + (nextDay ? 1 : 0)).toISOString();
}

/** The small facts of an entry as words: values only (names, numbers, "a → b"), user ids as names. */
function detailWords(entry: AuditEntry, nameOf: (id: string) => string, fieldWord: (field: string) => string): string {
  const words: string[] = [];
  const say = (value: unknown): string | null => {
    if (typeof value === 'string' || typeof value === 'number') return String(value);
    if (Array.isArray(value)) return value.every((v) => typeof v === 'string') ? value.join(', ') : null;
    if (value && typeof value === 'object' && 'from' in value && 'to' in value) {
      const { from, to } = value as { from: unknown; to: unknown };
      return `${String(from ?? '–')} → ${String(to ?? '–')}`;
    }
    return null;
  };
  for (const [key, value] of Object.entries(entry.details)) {
    if (key === 'userIds' || key === 'queueId' || typeof value === 'boolean') continue;
    if (key === 'fields' && Array.isArray(value)) {
      words.push([...new Set(value.map((field) => fieldWord(String(field))))].join(', '));
      continue;
    }
    const said = say(value);
    if (said) words.push(said);
  }
  const userIds = Array.isArray(entry.details.userIds) ? (entry.details.userIds as string[]) : [];
  if (userIds.length > 0) words.push(userIds.slice(0, 5).map(nameOf).join(', ') + (userIds.length > 5 ? ` +${userIds.length - 5}` : ''));
  return words.join(' · ').slice(0, 300);
}

/** Issue 13: every admin action of the company, searchable, filtered by action, person and period, paged. */
export function AuditPanel() {
  const t = useT();
  const language = useLanguage();
  const page = useSoftphone((s) => s.admin.auditLog);
  const users = useSoftphone((s) => s.admin.users);
  const [filter, setFilter] = useState<Filter>(EMPTY);
  const [pageNumber, setPageNumber] = useState(1);
  const search = (next: Filter, at: number): Promise<void> =>
    searchAuditLog({
      q: next.q.trim(),
      ...(next.action ? { action: next.action } : {}),
      ...(next.personId ? { personId: next.personId } : {}),
      ...(next.from ? { from: dayStart(next.from) } : {}),
      ...(next.to ? { to: dayStart(next.to, true) } : {}),
      page: at,
      pageSize: PAGE_SIZE,
    });
  useEffect(() => {
    void loadUsers();
    void search(EMPTY, 1);
    // the first page once; later pages and filters on the admin's request
  }, []);
  const byId = new Map((users ?? []).map((u: User) => [u.id, u]));
  const nameOf = (id: string): string => {
    const user = byId.get(id);
    return user ? `${user.firstName} ${user.lastName}`.trim() || user.userName : id;
  };
  const pages = page ? Math.max(1, Math.ceil(page.total / page.pageSize)) : 1;
  const go = (at: number) => handled(async () => {
    setPageNumber(at);
    await search(filter, at);
  });
  return (
    <section className="card audit-log" aria-labelledby="audit-title">
      <h3 id="audit-title">{t('admin.auditLog')}</h3>
      <form
        className="audit-filter"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          go(1)();
        }}
      >
        <div className="grid two">
          <label className="field">
            <span>{t('admin.audit.search')}</span>
            <input type="search" value={filter.q} maxLength={100} placeholder={t('admin.audit.searchHint')} onChange={(e) => setFilter({ ...filter, q: e.target.value })} />
          </label>
          <label className="field">
            <span>{t('admin.audit.action')}</span>
            <select value={filter.action} onChange={(e) => setFilter({ ...filter, action: e.target.value as AuditAction | '' })}>
              <option value="">{t('admin.audit.anyAction')}</option>
              {AUDIT_ACTIONS.map((action) => (
                <option key={action} value={action}>
                  {t(`admin.audit.action.${action}`)}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span>{t('admin.audit.person')}</span>
            <select value={filter.personId} onChange={(e) => setFilter({ ...filter, personId: e.target.value })}>
              <option value="">{t('admin.audit.anyone')}</option>
              {(users ?? []).map((u) => (
                <option key={u.id} value={u.id}>
                  {nameOf(u.id)} ({u.userName})
                </option>
              ))}
            </select>
          </label>
          <div className="grid two">
            <label className="field">
              <span>{t('admin.audit.from')}</span>
              <input type="date" value={filter.from} onChange={(e) => setFilter({ ...filter, from: e.target.value })} />
            </label>
            <label className="field">
              <span>{t('admin.audit.to')}</span>
              <input type="date" value={filter.to} onChange={(e) => setFilter({ ...filter, to: e.target.value })} />
            </label>
          </div>
        </div>
        <div className="row end wrap">
          <button type="submit" className="primary small">
            {t('admin.audit.search')}
          </button>
        </div>
      </form>
      {!page ? (
        <p className="muted">{t('common.loading')}</p>
      ) : page.entries.length === 0 ? (
        <p className="muted empty">{t('admin.audit.empty')}</p>
      ) : (
        <div className="table-scroll">
          <table className="table audit-table">
            <caption className="visually-hidden">{t('admin.auditLog')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('admin.audit.when')}</th>
                <th scope="col">{t('admin.audit.who')}</th>
                <th scope="col">{t('admin.audit.what')}</th>
                <th scope="col">{t('admin.audit.whom')}</th>
                <th scope="col">{t('admin.audit.details')}</th>
              </tr>
            </thead>
            <tbody>
              {page.entries.map((entry) => (
                <tr key={entry.id} data-action={entry.action}>
                  <td>{formatDateTime(entry.at, language)}</td>
                  <td>{entry.actorId ? nameOf(entry.actorId) : t('admin.audit.system')}</td>
                  <td>{t(`admin.audit.action.${entry.action}`)}</td>
                  <td>{entry.subject?.name ?? ''}</td>
                  <td className="small">{detailWords(entry, nameOf, (field) => t(auditFieldKey(field)))}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {page && (
        <nav className="row spread wrap" aria-label={t('admin.auditLog')}>
          <button type="button" className="secondary small" disabled={pageNumber <= 1} onClick={go(pageNumber - 1)}>
            {t('admin.audit.previous')}
          </button>
          <span role="status">{t('admin.audit.page', { page: pageNumber, pages, total: page.total })}</span>
          <button type="button" className="secondary small" disabled={pageNumber >= pages} onClick={go(pageNumber + 1)}>
            {t('admin.audit.next')}
          </button>
        </nav>
      )}
    </section>
  );
}
