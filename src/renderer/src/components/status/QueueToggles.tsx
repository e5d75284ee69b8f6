import { useSoftphone } from '../../store/store';
import { setQueueStatus } from '../../store/actions/profiles';
import { useT } from '../../i18n';
import { Popover } from '../common/Popover';
import { formatForDisplay } from '../../../../shared/phone';

export function QueueToggles() {
  const t = useT();
  const queues = useSoftphone((s) => s.profiles?.queues);
  if (!queues || queues.length === 0) return null;
  const active = queues.filter((q) => q.status === 'active').length;
  return (
    <Popover
      label={t('status.queues.label', { active, total: queues.length })}
      buttonContent={
        <>
          <span className={`dot ${active === 0 ? 'off' : active === queues.length ? 'on' : 'partial'}`} aria-hidden="true" />
          {t('status.queues.short', { active, total: queues.length })}
        </>
      }
      panelLabel={t('status.queues.title')}
    >
      {() => (
        <div className="picker">
          <ul className="plain">
            {queues.map((queue) => (
              <li key={queue.id}>
                <label className="switch-row">
                  <input
                    type="checkbox"
                    role="switch"
                    checked={queue.status === 'active'}
                    onChange={(event) => void setQueueStatus([queue.id], event.target.checked ? 'active' : 'paused')}
                  />
                  <span>{t('status.queues.queue', { name: queue.name })}</span>
                  <span className="muted small">{formatForDisplay(queue.number)}</span>
                </label>
              </li>
            ))}
          </ul>
          <div className="row">
            <button type="button" className="secondary" onClick={() => void setQueueStatus('all', 'paused')}>
              {t('status.queues.pauseAll')}
            </button>
            <button type="button" className="secondary" onClick={() => void setQueueStatus('all', 'active')}>
              {t('status.queues.activateAll')}
            </button>
          </div>
        </div>
      )}
    </Popover>
  );
}
