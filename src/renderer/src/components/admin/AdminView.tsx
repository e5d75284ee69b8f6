import { useEffect, useState } from 'react';
import { useSoftphone } from '../../store/store';
import { clearAdminStatus, loadAudit, loadCompany, loadTemplates, loadUsers } from '../../store/actions/admin';
import { useT } from '../../i18n';
import { TabList, tabPanelProps } from '../common/Tabs';
import { AuditPanel } from './AuditPanel';
import { CompanyPanel } from './CompanyPanel';
import { CompanyNumbersPanel } from './CompanyNumbersPanel';
import { RecordingsPanel } from './RecordingsPanel';
import { TemplatesPanel } from './TemplatesPanel';
import { UsersPanel } from './UsersPanel';

type AdminTab = 'templates' | 'users' | 'audit' | 'recordings' | 'company';

export function AdminView() {
  const t = useT();
  const [tab, setTab] = useState<AdminTab>('templates');
  const status = useSoftphone((s) => s.admin.status);

  useEffect(() => {
    void loadTemplates();
    void loadUsers();
    void loadAudit();
    void loadCompany();
  }, []);

  return (
    <section className="admin" aria-labelledby="admin-title">
      <h2 id="admin-title">{t('admin.title')}</h2>
      <TabList
        label={t('admin.sections')}
        idPrefix="admin"
        selected={tab}
        onSelect={(next) => {
          clearAdminStatus();
          setTab(next);
        }}
        tabs={[
          { key: 'templates', label: t('admin.templates') },
          { key: 'users', label: t('admin.users') },
          { key: 'audit', label: t('admin.audit') },
          { key: 'recordings', label: t('admin.recordings') },
          { key: 'company', label: t('admin.company') },
        ]}
      />
      <p role="status" className="admin-status">
        {status ? t(status.key, status.params) : ''}
      </p>
      <div {...tabPanelProps('admin', tab)} className="tabpanel">
        {tab === 'templates' && <TemplatesPanel />}
        {tab === 'users' && <UsersPanel />}
        {tab === 'audit' && <AuditPanel />}
        {tab === 'recordings' && <RecordingsPanel />}
        {tab === 'company' && <CompanyPanel />}
        {tab === 'company' && <CompanyNumbersPanel />}
      </div>
    </section>
  );
}
