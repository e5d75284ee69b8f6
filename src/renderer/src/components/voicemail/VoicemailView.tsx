import { useState } from 'react';
import type { VoicemailMessage } from '../../../../shared/server-api';
import { formatElapsed } from '../../../../shared/duration';
import { formatDateTime, useLanguage, useT } from '../../i18n';
import { useSoftphone } from '../../store/store';
import { dial } from '../../store/actions/calls';
import { handled } from '../../store/actions/invoke';
import { deleteVoicemail, markHeard, voicemailUrl } from '../../store/actions/voicemail';
import { useAudioBlob } from '../../audio/useAudioBlob';
import { usePartyNamer } from '../common/Party';
import { readableNumber } from '../../../../shared/people';

/** One message: play (marks it heard when played through), heard/new, call back, delete with a confirmation. */
function MessageRow(props: { message: VoicemailMessage }) {
  const t = useT();
  const language = useLanguage();
  const { message } = props;
  // The caller as everywhere else: a colleague's or the presented name, the number for reading.
  const describe = usePartyNamer();
  const caller = describe({ number: message.callerNumber, displayName: message.callerName }).label;
  const countryCode = useSoftphone((s) => s.settings.countryCode);
  const { url, loading, play } = useAudioBlob(() => voicemailUrl(message.id));
  const [confirming, setConfirming] = useState(false);
  const anonymous = message.callerNumber === 'anonymous';

  return (
    <tr className={message.heard ? 'heard' : 'new'}>
      <td>
        <span className="caller">{caller}</span>
        {!message.heard && <span className="badge new-message">{t('voicemail.new')}</span>}
        {message.calledNumber && <span className="muted small"> → {readableNumber(message.calledNumber, countryCode)}</span>}
      </td>
      <td>{formatDateTime(message.receivedAt, language)}</td>
      <td>{formatElapsed(message.durationSeconds)}</td>
      <td>
        <div className="recording-controls row">
          {url ? (
            <audio
              controls
              autoPlay
              src={url}
              aria-label={t('voicemail.player', { caller })}
              onEnded={() => {
                if (!message.heard) void markHeard(message.id, true);
              }}
            />
          ) : (
            <button type="button" className="secondary small" disabled={loading} onClick={play} aria-label={`${t('voicemail.play')}: ${caller}`}>
              {loading ? t('recording.loading') : `▶ ${t('voicemail.play')}`}
            </button>
          )}
          <button
            type="button"
            className="secondary small"
            onClick={() => void markHeard(message.id, !message.heard)}
            aria-label={`${message.heard ? t('voicemail.markNew') : t('voicemail.markHeard')}: ${caller}`}
          >
            {message.heard ? t('voicemail.markNew') : t('voicemail.markHeard')}
          </button>
          {!anonymous && (
            <button type="button" className="secondary small" onClick={() => void dial(message.callerNumber)}>
              {t('history.callBack', { party: message.callerName ?? message.callerNumber })}
            </button>
          )}
          {confirming ? (
            <>
              <button type="button" className="danger small" onClick={handled(() => deleteVoicemail(message.id))}>
                {t('voicemail.confirmDelete')}
              </button>
              <button type="button" className="secondary small" onClick={() => setConfirming(false)}>
                {t('common.cancel')}
              </button>
            </>
          ) : (
            <button type="button" className="secondary small" onClick={() => setConfirming(true)} aria-label={`${t('voicemail.delete')}: ${caller}`}>
              {t('voicemail.delete')}
            </button>
          )}
        </div>
      </td>
    </tr>
  );
}

/** The user's mailbox: newest first, new ones marked; the server pushes every change. */
export function VoicemailView() {
  const t = useT();
  const mailbox = useSoftphone((s) => s.voicemail);

  return (
    <section className="card voicemail" aria-labelledby="voicemail-title">
      <div className="row spread">
        <h2 id="voicemail-title">{t('voicemail.title')}</h2>
        {mailbox && (
          <p className="muted small" role="status">
            {t('voicemail.counts', { new: mailbox.newCount, heard: mailbox.heardCount })}
          </p>
        )}
      </div>
      {!mailbox ? (
        <p className="muted empty">{t('voicemail.unavailable')}</p>
      ) : mailbox.messages.length === 0 ? (
        <p className="muted empty">{t('voicemail.none')}</p>
      ) : (
        <div className="table-scroll">
          <table className="table voicemail-table">
            <thead>
              <tr>
                <th scope="col">{t('voicemail.col.caller')}</th>
                <th scope="col">{t('voicemail.col.when')}</th>
                <th scope="col">{t('voicemail.col.length')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('history.col.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {mailbox.messages.map((message) => (
                <MessageRow key={message.id} message={message} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
