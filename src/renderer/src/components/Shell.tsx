import { lazy, Suspense } from 'react';
import { useSoftphone } from '../store/store';
import { selectIsAdmin, selectUnseenMissed } from '../store/selectors';
import { showView } from '../store/actions/ui';
import { signOut } from '../store/actions/session';
import type { View } from '../store/slices';
import { useT } from '../i18n';
import { TabList, tabPanelProps } from './common/Tabs';
import { StatusBar } from './status/StatusBar';
import { PhoneView } from './phone/PhoneView';
import { CallDock } from './phone/CallDock';
import { Icon, type IconName } from './common/Icon';
import { NARROW, useMediaQuery } from './common/useMediaQuery';
import { HistoryView } from './history/HistoryView';
import { SettingsView } from './settings/SettingsView';
import { VoicemailView } from './voicemail/VoicemailView';

// Loaded when first shown: the admin area (admins only) and the profile screens, which carry
// the profile schema (zod) and the shared rules; the first screen stays small.
const AdminView = lazy(() => import('./admin/AdminView').then((module) => ({ default: module.AdminView })));
const ProfilesView = lazy(() => import('./profiles/ProfilesView').then((module) => ({ default: module.ProfilesView })));

export function Shell() {
  const t = useT();
  const view = useSoftphone((s) => s.ui.view);
  const isAdmin = useSoftphone(selectIsAdmin);
  const account = useSoftphone((s) => s.session.account);
  const missed = useSoftphone(selectUnseenMissed);
  const newVoicemail = useSoftphone((s) => s.voicemail?.newCount ?? 0);
  const narrow = useMediaQuery(NARROW);
  const tabs: { key: View; label: string; badge?: number; icon: IconName }[] = [
    { key: 'phone', label: t('nav.phone'), icon: 'phone' },
    { key: 'history', label: t('nav.history'), badge: missed, icon: 'history' },
    { key: 'voicemail', label: t('nav.voicemail'), badge: newVoicemail, icon: 'voicemail' },
    { key: 'profiles', label: t('nav.profiles'), icon: 'profiles' },
    { key: 'settings', label: t('nav.settings'), icon: 'settings' },
  ];
  if (isAdmin) tabs.push({ key: 'admin', label: t('nav.admin'), icon: 'admin' });
  const current = view === 'admin' && !isAdmin ? 'phone' : view;

  // Narrow window: status bar, calls, sections, then the section's content, which alone
  // scrolls. Wide: sections | content | calls side by side (layout.css).
  return (
    <div className="shell">
      <a href={`#view-panel-${current}`} className="skip-link">
        {t('nav.skip')}
      </a>
      <StatusBar />
      <div className="body">
        <CallDock />
        <nav className="side" aria-label={t('nav.label')}>
          <div className="account">
            <strong>{account?.displayName}</strong>
            <span className="muted small">{account?.companyName}</span>
          </div>
          <TabList label={t('nav.label')} idPrefix="view" orientation={narrow ? 'horizontal' : 'vertical'} tabs={tabs} selected={current} onSelect={showView} />
          <button type="button" className="secondary sign-out" onClick={() => void signOut()}>
            <Icon name="signOut" />
            <span className="sign-out-text">{t('nav.signOut')}</span>
          </button>
        </nav>
        <main className="content" {...tabPanelProps('view', current)}>
          {current === 'phone' && <PhoneView />}
          {current === 'history' && <HistoryView />}
          {current === 'voicemail' && <VoicemailView />}
          <Suspense fallback={<p role="status">{t('common.loading')}</p>}>
            {current === 'profiles' && <ProfilesView />}
            {current === 'admin' && <AdminView />}
          </Suspense>
          {current === 'settings' && <SettingsView />}
        </main>
      </div>
    </div>
  );
}
