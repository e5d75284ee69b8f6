import { useState } from 'react';
import { useSoftphone } from '../../store/store';
import { selectEndedCalls, selectPanelCalls } from '../../store/selectors';
import { useT } from '../../i18n';
import { CallCard } from './CallCard';
import { CallEndedCard } from './CallEndedCard';

export function CallPanel() {
  const t = useT();
  const calls = useSoftphone(selectPanelCalls);
  const ended = useSoftphone(selectEndedCalls);
  const [dismissed, setDismissed] = useState<ReadonlySet<string>>(new Set());
  const failed = ended.filter(({ call }) => !dismissed.has(call.id));
  return (
    <section className="call-panel" aria-labelledby="calls-title">
      <h2 id="calls-title">{t('calls.title')}</h2>
      {calls.length === 0 ? (
        <p className="muted empty">{t('calls.none')}</p>
      ) : (
        calls.map((call) => <CallCard key={call.id} call={call} otherCalls={calls.filter((c) => c.id !== call.id && c.answeredAt != null)} />)
      )}
      {failed.map(({ call, notice }) => (
        <CallEndedCard key={call.id} call={call} notice={notice} onDismiss={() => setDismissed((ids) => new Set(ids).add(call.id))} />
      ))}
    </section>
  );
}
