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
import { historyCategory } from '../../../../shared/historyCategory';
import { updateSettings } from '../../store/actions/settings';
import { Party, usePartyNamer } from '../common/Party';
import { readableNumber } from '../../../../shared/people';

/** A recording reaches the server a moment after its call ends: look again after this long. */
const RECORDING_SETTLE_MS = 4000;

type Filter = 'all' | 'missed';

function outcomeText(entry: HistoryEntry, t: Translate): string {
  const category = historyCategory(entry);
  const target = entry.forwardedTo ? forwardTargetParam(entry.forwardedTo) : null;
  switch (category) {
    case 'missed':
      return target ? t('history.outcome.missedTo', { target }) : t('history.outcome.missed');
    case 'declined':
      return target ? t('history.outcome.declinedTo', { target }) : t('history.outcome.declined');
    case 'transferred':
      return entry.forwardedTo ? t('history.outcome.transferredTo', { target: entry.forwardedTo }) : t('history.outcome.transferred');
    case 'forwarded':
      return target ? t('history.outcome.forwardedTo', { target }) : t('history.outcome.forwarded');
    case 'answered':
      // The callee's profile sent the call elsewhere, where someone (or voicemail) answered.
      return target && entry.direction === 'outgoing' ? t('history.outcome.answeredForwarded', { target }) : t('history.outcome.answered');
    case 'busy':
    case 'failed':
    case 'cancelled':
    case 'elsewhere':
      return t(`history.outcome.${category}`);
  }
}

/** The reason under the outcome, unless the outcome already says it. */
function showReason(entry: HistoryEntry): boolean {
  const category = historyCategory(entry);
  return entry.reason !== null && category !== 'declined' && category !== 'transferred';
}

export function HistoryView() {
  const t = useT();
  const say = useText();
  const language = useLanguage();
  const history = useSoftphone(selectSortedHistory);
  const [filter, setFilter] = useState<Filter>('all');
  const shown = filter === 'missed' ? history.filter((e) => historyCategory(e) === 'missed') : history;
  const describe = usePartyNamer();

  // Looking at the history clears the missed badge (also for calls that arrive while it is shown).
  const newestStart = history[0]?.startedAt;
  const seenAt = useSoftphone((s) => s.settings.historySeenAt);
  useEffect(() => {
    if (seenAt && newestStart && newestStart <= seenAt) return;
    if (seenAt && !newestStart) return;
    void updateSettings({ historySeenAt: new Date().toISOString() });
  }, [newestStart, seenAt]);
  const recordings = useSoftphone((s) => s.ui.recordings);
  const countryCode = useSoftphone((s) => s.settings.countryCode);
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
              const party = describe(entry.party);
              const category = historyCategory(entry);
              const seconds = entry.answeredAt && entry.endedAt ? (Date.parse(entry.endedAt) - Date.parse(entry.answeredAt)) / 1000 : null;
              const recording = entry.sipCallId ? recordingOf.get(entry.sipCallId) : undefined;
              return (
                <tr key={entry.id} className={`outcome-${category}`} data-category={category}>
                  <td>
                    <span className="direction" aria-label={t(`history.direction.${entry.direction}`)}>
                      {entry.direction === 'incoming' ? '↙' : '↗'}
                    </span>{' '}
                    <Party party={entry.party} />
                    {entry.calledNumber && entry.direction === 'incoming' && <span className="muted small"> → {readableNumber(entry.calledNumber, countryCode)}</span>}
                  </td>
                  <td>
                    {outcomeText(entry, t)}
                    {entry.reason && showReason(entry) && <span className="muted small"> · {say(entry.reason)}</span>}
                    {recording && <span className="badge recorded"> {t('history.recorded')}</span>}
                  </td>
                  <td>{formatDateTime(entry.startedAt, language)}</td>
                  <td>{seconds != null ? formatElapsed(seconds) : '—'}</td>
                  <td>
                    {entry.party.number && entry.party.number !== 'anonymous' && (
                      <button type="button" className="secondary small" onClick={() => void dial(entry.party.number)}>
                        {t('history.callBack', { party: party.title })}
                      </button>
                    )}
                    {recording && <RecordingControls recording={recording} scope="own" party={party.label} />}
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
