import { useSoftphone } from '../../store/store';
import { selectPanelCalls } from '../../store/selectors';
import { useT } from '../../i18n';
import { CallCard } from './CallCard';

export function CallPanel() {
  const t = useT();
  const calls = useSoftphone(selectPanelCalls);
  return (
    <section className="call-panel" aria-labelledby="calls-title">
      <h2 id="calls-title">{t('calls.title')}</h2>
      {calls.length === 0 ? (
        <p className="muted empty">{t('calls.none')}</p>
      ) : (
        calls.map((call) => <CallCard key={call.id} call={call} otherCalls={calls.filter((c) => c.id !== call.id && c.answeredAt != null)} />)
      )}
    </section>
  );
}
