import { useEffect, useMemo, useState } from 'react';
import type { HistoryEntry } from '../../../../shared/ipc';
import { useSoftphone } from '../../store/store';
import { selectSortedHistory } from '../../store/selectors';
import { clearHistory, dial } from '../../store/actions/calls';
import { formatDateTime, useLanguage, useT, useText, type Translate } from '../../i18n';
import { formatElapsed } from '../../../../shared/duration';
import { loadRecordings } from '../../store/actions/recordings';
import { RecordingControls } from '../recordings/RecordingControls';
import { forwardTargetParam } from '../../../../shared/forwardTarget';

/** A recording reaches the server a moment after its call ends: look again after this long. */
const RECORDING_SETTLE_MS = 4000;

type Filter = 'all' | 'missed';

function outcomeText(entry: HistoryEntry, t: Translate): string {
  if (entry.outcome === 'forwarded') {
    return entry.forwardedTo ? t('history.outcome.forwardedTo', { target: forwardTargetParam(entry.forwardedTo) }) : t('history.outcome.forwarded');
  }
  // The callee's profile sent the call elsewhere, where someone (or voicemail) answered.
  if (entry.outcome === 'answered' && entry.forwardedTo) return t('history.outcome.answeredForwarded', { target: forwardTargetParam(entry.forwardedTo) });
  return t(`history.outcome.${entry.outcome}`);
}

export function HistoryView() {
  const t = useT();
  const say = useText();
  const language = useLanguage();
  const history = useSoftphone(selectSortedHistory);
  const [filter, setFilter] = useState<Filter>('all');
  const shown = filter === 'missed' ? history.filter((e) => e.outcome === 'missed') : history;
  const recordings = useSoftphone((s) => s.ui.recordings);
  const recordingOf = useMemo(() => new Map((recordings ?? []).map((r) => [r.sipCallId, r])), [recordings]);

  // The user's recordings, when the history is shown and again after each new call.
  const newest = history[0]?.id;
  useEffect(() => {
    void loadRecordings();
    if (newest === undefined) return undefined;
    const again = setTimeout(() => void loadRecordings(), RECORDING_SETTLE_MS);
    return () => clearTimeout(again);
  }, [newest]);

  return (
    <section className="card history" aria-labelledby="history-title">
      <div className="row spread">
        <h2 id="history-title">{t('history.title')}</h2>
        <div className="row">
          <div role="group" aria-label={t('history.filter')} className="segmented">
            <button type="button" aria-pressed={filter === 'all'} onClick={() => setFilter('all')}>
              {t('history.filter.all')}
            </button>
            <button type="button" aria-pressed={filter === 'missed'} onClick={() => setFilter('missed')}>
              {t('history.filter.missed')}
            </button>
          </div>
          <button type="button" className="secondary" disabled={history.length === 0} onClick={() => void clearHistory()}>
            {t('history.clear')}
          </button>
        </div>
      </div>
      {shown.length === 0 ? (
        <p className="muted empty">{t('history.none')}</p>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t('history.col.party')}</th>
              <th scope="col">{t('history.col.outcome')}</th>
              <th scope="col">{t('history.col.when')}</th>
              <th scope="col">{t('history.col.duration')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('history.col.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {shown.map((entry) => {
              const party = entry.party.displayName ? `${entry.party.displayName} (${entry.party.number})` : entry.party.number;
              const seconds = entry.answeredAt && entry.endedAt ? (Date.parse(entry.endedAt) - Date.parse(entry.answeredAt)) / 1000 : null;
              const recording = entry.sipCallId ? recordingOf.get(entry.sipCallId) : undefined;
              return (
                <tr key={entry.id} className={`outcome-${entry.outcome}`}>
                  <td>
                    <span className="direction" aria-label={t(`history.direction.${entry.direction}`)}>
                      {entry.direction === 'incoming' ? '↙' : '↗'}
                    </span>{' '}
                    {party}
                    {entry.calledNumber && entry.direction === 'incoming' && <span className="muted small"> → {entry.calledNumber}</span>}
                  </td>
                  <td>
                    {outcomeText(entry, t)}
                    {entry.reason && <span className="muted small"> · {say(entry.reason)}</span>}
                    {recording && <span className="badge recorded"> {t('history.recorded')}</span>}
                  </td>
                  <td>{formatDateTime(entry.startedAt, language)}</td>
                  <td>{seconds != null ? formatElapsed(seconds) : '—'}</td>
                  <td>
                    <button type="button" className="secondary small" onClick={() => void dial(entry.party.number)}>
                      {t('history.callBack', { party: entry.party.displayName ?? entry.party.number })}
                    </button>
                    {recording && <RecordingControls recording={recording} scope="own" party={entry.party.displayName ?? entry.party.number} />}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
