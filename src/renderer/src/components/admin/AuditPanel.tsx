import { useSoftphone } from '../../store/store';
import { formatDateTime, useLanguage, useT } from '../../i18n';

export function AuditPanel() {
  const t = useT();
  const language = useLanguage();
  const audit = useSoftphone((s) => s.admin.audit);
  const users = useSoftphone((s) => s.admin.users);
  if (!audit) return <p className="muted">{t('common.loading')}</p>;
  if (audit.length === 0) return <p className="muted">{t('admin.audit.none')}</p>;
  const nameOf = (id: string) => users?.find((u) => u.id === id)?.userName ?? id;
  return (
    <table className="table">
      <caption className="visually-hidden">{t('admin.audit')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('admin.audit.when')}</th>
          <th scope="col">{t('admin.audit.template')}</th>
          <th scope="col">{t('admin.audit.by')}</th>
          <th scope="col">{t('admin.audit.users')}</th>
        </tr>
      </thead>
      <tbody>
        {[...audit]
          .sort((a, b) => b.appliedAt.localeCompare(a.appliedAt))
          .map((entry) => (
            <tr key={entry.id}>
              <td>{formatDateTime(entry.appliedAt, language)}</td>
              <td>{entry.templateName}</td>
              <td>{entry.appliedBy}</td>
              <td>{entry.userIds.map(nameOf).join(', ')}</td>
            </tr>
          ))}
      </tbody>
    </table>
  );
}
