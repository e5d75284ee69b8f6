import { useEffect } from 'react';
import { useSoftphone } from '../../store/store';
import { loadCompanyRecordings } from '../../store/actions/recordings';
import { formatDateTime, useLanguage, useT } from '../../i18n';
import { formatElapsed } from '../../../../shared/duration';
import { RecordingControls } from '../recordings/RecordingControls';
import { usePartyNamer } from '../common/Party';

/** The company's recorded calls: whose, with whom, when, how long; play and delete. */
export function RecordingsPanel() {
  const t = useT();
  const language = useLanguage();
  const recordings = useSoftphone((s) => s.admin.recordings);
  const retention = useSoftphone((s) => s.admin.company?.settings.recordingRetentionDays);
  // The other party as everywhere else: a colleague's name, the number formatted for reading.
  const describe = usePartyNamer();

  useEffect(() => {
    void loadCompanyRecordings();
  }, []);

  return (
    <section className="card" aria-labelledby="recordings-title">
      <h3 id="recordings-title">{t('admin.recordings.title')}</h3>
      {retention !== undefined && (
        <p className="muted small">{t('admin.recordings.retention', { days: retention })}</p>
      )}
      {!recordings ? (
        <p className="muted">{t('common.loading')}</p>
      ) : recordings.length === 0 ? (
        <p className="muted empty">{t('admin.recordings.none')}</p>
      ) : (
        <div className="table-scroll">
          <table className="table recordings-table">
            <thead>
              <tr>
                <th scope="col">{t('admin.recordings.col.user')}</th>
                <th scope="col">{t('admin.recordings.col.otherParty')}</th>
                <th scope="col">{t('admin.recordings.col.when')}</th>
                <th scope="col">{t('admin.recordings.col.duration')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('admin.recordings.col.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {recordings.map((recording) => {
                const party = describe({ number: recording.otherParty, displayName: null });
                return (
                  <tr key={recording.id}>
                    <td>{recording.userDisplayName || recording.userName}</td>
                    <td className="nowrap">
                      <span
                        className="direction"
                        aria-label={t(`admin.recordings.direction.${recording.direction}`)}
                      >
                        {recording.direction === 'incoming' ? '↙' : '↗'}
                      </span>{' '}
                      <span className="party" data-testid="party">
                        <span className="party-name">{party.title}</span>
                        {party.detail && <span className="party-number muted small"> {party.detail}</span>}
                      </span>
                    </td>
                    <td>{formatDateTime(recording.startedAt, language)}</td>
                    <td>{formatElapsed(recording.durationSeconds)}</td>
                    <td>
                      <RecordingControls
                        recording={recording}
                        scope="company"
                        party={party.label}
                      />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
