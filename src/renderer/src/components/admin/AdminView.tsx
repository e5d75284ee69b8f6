import { useEffect, useState } from 'react';
import { useSoftphone } from '../../store/store';
import { clearAdminStatus, loadAudit, loadCompany, loadTemplates, loadUsers } from '../../store/actions/admin';
import { useT } from '../../i18n';
import { TabList, tabPanelProps } from '../common/Tabs';
import { AuditPanel } from './AuditPanel';
import { QueuesPanel } from './QueuesPanel';
import { CompanyPanel } from './CompanyPanel';
import { CompanyNumbersPanel } from './CompanyNumbersPanel';
import { RecordingsPanel } from './RecordingsPanel';
import { TemplatesPanel } from './TemplatesPanel';
import { UsersPanel } from './UsersPanel';
import { AnnouncementsPanel } from './AnnouncementsPanel';
import { ApplicationsPanel } from './ApplicationsPanel';
import { CodesPanel } from './CodesPanel';
import { loadDestinations } from '../../store/actions/destinations';

type AdminTab = 'templates' | 'users' | 'queues' | 'audit' | 'recordings' | 'company' | 'announcements' | 'applications' | 'codes';

export function AdminView() {
  const t = useT();
  const [tab, setTab] = useState<AdminTab>('templates');
  const status = useSoftphone((s) => s.admin.status);

  useEffect(() => {
    void loadTemplates();
    void loadUsers();
    void loadAudit();
    void loadCompany();
    // the template editor picks messages and applications by name
    void loadDestinations();
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
          { key: 'queues', label: t('admin.queues') },
          { key: 'audit', label: t('admin.auditLog') },
          { key: 'recordings', label: t('admin.recordings') },
          { key: 'company', label: t('admin.company') },
          { key: 'announcements', label: t('admin.announcements') },
          { key: 'applications', label: t('admin.applications') },
          { key: 'codes', label: t('admin.codes') },
        ]}
      />
      <p role="status" className="admin-status">
        {status ? t(status.key, status.params) : ''}
      </p>
      <div {...tabPanelProps('admin', tab)} className="tabpanel">
        {tab === 'templates' && <TemplatesPanel />}
        {tab === 'users' && <UsersPanel />}
        {tab === 'queues' && <QueuesPanel />}
        {tab === 'audit' && <AuditPanel />}
        {tab === 'recordings' && <RecordingsPanel />}
        {tab === 'company' && <CompanyPanel />}
        {tab === 'company' && <CompanyNumbersPanel />}
        {tab === 'announcements' && <AnnouncementsPanel />}
        {tab === 'applications' && <ApplicationsPanel />}
        {tab === 'codes' && <CodesPanel />}
      </div>
    </section>
  );
}
