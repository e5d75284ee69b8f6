import { useT } from '../../i18n';
import { CallerIdPicker } from './CallerIdPicker';
import { LinkStatus } from './LinkStatus';
import { ProfileStatus } from './ProfileStatus';
import { QueueToggles } from './QueueToggles';

export function StatusBar() {
  const t = useT();
  return (
    <header className="status-bar" aria-label={t('status.bar')}>
      <ProfileStatus />
      <QueueToggles />
      <CallerIdPicker />
      <LinkStatus />
    </header>
  );
}
