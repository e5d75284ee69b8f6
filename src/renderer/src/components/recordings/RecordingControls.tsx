import { useState } from 'react';
import { useAudioBlob } from '../../audio/useAudioBlob';
import type { CompanyRecording, Recording } from '../../../../shared/server-api';
import { deleteRecording, recordingUrl, type RecordingScope } from '../../store/actions/recordings';
import { handled } from '../../store/actions/invoke';
import { useT } from '../../i18n';

/**
 * Play and delete one recorded call: "Play" fetches the audio through main and shows a player;
 * "Delete" asks once more before the recording goes for good.
 */
export function RecordingControls(props: { recording: Recording | CompanyRecording; scope: RecordingScope; party: string }) {
  const t = useT();
  const { url, loading, play } = useAudioBlob(() => recordingUrl(props.scope, props.recording.id));
  const [confirming, setConfirming] = useState(false);

  return (
    <div className="recording-controls row">
      {url ? (
        <audio controls autoPlay src={url} aria-label={t('recording.player', { party: props.party })} />
      ) : (
        <button type="button" className="secondary small" disabled={loading} onClick={play} aria-label={`${t('recording.play')}: ${props.party}`}>
          {loading ? t('recording.loading') : `▶ ${t('recording.play')}`}
        </button>
      )}
      {confirming ? (
        <>
          <button type="button" className="danger small" onClick={handled(() => deleteRecording(props.scope, props.recording, props.party))}>
            {t('recording.confirmDelete')}
          </button>
          <button type="button" className="secondary small" onClick={() => setConfirming(false)}>
            {t('common.cancel')}
          </button>
        </>
      ) : (
        <button type="button" className="secondary small" onClick={() => setConfirming(true)} aria-label={`${t('recording.delete')}: ${props.party}`}>
          {t('recording.delete')}
        </button>
      )}
    </div>
  );
}
