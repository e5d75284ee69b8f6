import { useEffect, useRef, useState, type ChangeEvent } from 'react';
import { formatElapsed } from '../../../../shared/duration';
import { formatDateTime, useLanguage, useT } from '../../i18n';
import { useSoftphone } from '../../store/store';
import { handled } from '../../store/actions/invoke';
import { greetingUrl, resetGreeting, saveGreeting } from '../../store/actions/voicemail';
import { looksLikeWav, toGreetingWav } from '../../audio/wav';

/** The longest greeting the server keeps; recording stops by itself there. */
const MAX_SECONDS = 60;

interface Take {
  url: string;
  wav: Uint8Array<ArrayBuffer>;
  seconds: number;
}


/**
 * The voicemail greeting in settings: what callers hear now (listen), record a new one with the
 * microphone (stop, listen, save or discard), upload a WAV file, or go back to the default.
 */
export function GreetingSettings() {
  const t = useT();
  const language = useLanguage();
  const greeting = useSoftphone((s) => s.voicemail?.greeting ?? null);
  const inputId = useSoftphone((s) => s.settings.audioInputId);
  const [current, setCurrent] = useState<string | null>(null);
  const [recording, setRecording] = useState<{ recorder: MediaRecorder; startedAt: number } | null>(null);
  const [elapsed, setElapsed] = useState(0);
  const [take, setTake] = useState<Take | null>(null);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [confirmReset, setConfirmReset] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);

  // While recording: the elapsed time, and a stop at the longest greeting allowed.
  useEffect(() => {
    if (!recording) return undefined;
    const timer = setInterval(() => {
      const seconds = (performance.now() - recording.startedAt) / 1000;
      setElapsed(seconds);
      if (seconds >= MAX_SECONDS && recording.recorder.state === 'recording') recording.recorder.stop();
    }, 250);
    return () => clearInterval(timer);
  }, [recording]);

  // Blob URLs hold whole files: each goes with its player.
  useEffect(() => () => {
    if (take) URL.revokeObjectURL(take.url);
  }, [take]);
  useEffect(() => () => {
    if (current) URL.revokeObjectURL(current);
  }, [current]);

  const say = (message: string | null, ok: string | null = null) => {
    setProblem(message);
    setStatus(ok);
  };

  const listen = handled(async () => {
    say(null);
    setCurrent(await greetingUrl());
  });

  const record = handled(async () => {
    say(null);
    setTake(null);
    let stream: MediaStream;
    try {
      stream = await navigator.mediaDevices.getUserMedia({ audio: inputId ? { deviceId: { exact: inputId } } : true });
    } catch (error) {
      say(t('voicemail.greeting.noMicrophone', { reason: error instanceof Error ? error.message : String(error) }));
      return;
    }
    const recorder = new MediaRecorder(stream);
    const chunks: Blob[] = [];
    recorder.ondataavailable = (event) => chunks.push(event.data);
    recorder.onstop = () => {
      stream.getTracks().forEach((track) => track.stop());
      setRecording(null);
      void new Blob(chunks, { type: recorder.mimeType })
        .arrayBuffer()
        .then(toGreetingWav)
        .then(({ wav, seconds }) => setTake({ wav, seconds, url: URL.createObjectURL(new Blob([wav], { type: 'audio/wav' })) }))
        .catch(() => say(t('voicemail.greeting.unreadable')));
    };
    // The start event's time and the timer's performance.now() share one clock.
    recorder.onstart = (event) => setRecording({ recorder, startedAt: event.timeStamp });
    setElapsed(0);
    recorder.start();
  });

  const save = async (wav: Uint8Array<ArrayBuffer>) => {
    setBusy(true);
    try {
      const saved = await saveGreeting(wav, { onError: (message) => say(message) });
      if (saved) {
        setTake(null);
        setCurrent(null);
        say(null, t('voicemail.greeting.saved'));
      }
    } finally {
      setBusy(false);
    }
  };

  const upload = handled(async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    say(null);
    const bytes = new Uint8Array(await file.arrayBuffer());
    if (!looksLikeWav(bytes)) return say(t('voicemail.greeting.notWav'));
    let converted: { wav: Uint8Array<ArrayBuffer> };
    try {
      converted = await toGreetingWav(bytes.buffer);
    } catch {
      return say(t('voicemail.greeting.unreadable'));
    }
    await save(converted.wav);
  });

  const reset = handled(async () => {
    setConfirmReset(false);
    if (await resetGreeting()) {
      setCurrent(null);
      say(null, t('voicemail.greeting.resetDone'));
    }
  });

  return (
    <section className="card greeting" aria-labelledby="greeting-title">
      <h2 id="greeting-title">{t('voicemail.greeting.title')}</h2>
      {!greeting ? (
        <p className="muted">{t('voicemail.unavailable')}</p>
      ) : (
        <>
          <p>
            {greeting.custom && greeting.updatedAt
              ? t('voicemail.greeting.own', { length: formatElapsed(greeting.durationSeconds), when: formatDateTime(greeting.updatedAt, language) })
              : t('voicemail.greeting.default', { length: formatElapsed(greeting.durationSeconds) })}
          </p>
          <div className="row wrap">
            {current ? (
              <audio controls autoPlay src={current} aria-label={t('voicemail.greeting.current')} />
            ) : (
              <button type="button" className="secondary" onClick={listen}>
                ▶ {t('voicemail.greeting.listen')}
              </button>
            )}
            {greeting.custom &&
              (confirmReset ? (
                <>
                  <button type="button" className="danger" onClick={reset}>
                    {t('voicemail.greeting.confirmReset')}
                  </button>
                  <button type="button" className="secondary" onClick={() => setConfirmReset(false)}>
                    {t('common.cancel')}
                  </button>
                </>
              ) : (
                <button type="button" className="secondary" onClick={() => setConfirmReset(true)}>
                  {t('voicemail.greeting.reset')}
                </button>
              ))}
          </div>

          <h3>{t('voicemail.greeting.new')}</h3>
          <div className="row wrap">
            {recording ? (
              <>
                <button type="button" className="danger" onClick={() => recording.recorder.stop()}>
                  ■ {t('voicemail.greeting.stop')}
                </button>
                <span role="timer" className="recording-now">
                  ● {t('voicemail.greeting.recording', { elapsed: formatElapsed(elapsed), max: formatElapsed(MAX_SECONDS) })}
                </span>
              </>
            ) : (
              <button type="button" className="secondary" onClick={record} disabled={busy}>
                ● {t('voicemail.greeting.record')}
              </button>
            )}
            <button type="button" className="secondary" disabled={busy || recording !== null} onClick={() => fileInput.current?.click()}>
              {t('voicemail.greeting.upload')}
            </button>
            <input ref={fileInput} type="file" accept=".wav,audio/wav,audio/x-wav" className="visually-hidden" tabIndex={-1} aria-label={t('voicemail.greeting.upload')} onChange={upload} />
          </div>
          {take && (
            <div className="take">
              <p className="muted small">{t('voicemail.greeting.take', { length: formatElapsed(take.seconds) })}</p>
              <div className="row wrap">
                <audio controls src={take.url} aria-label={t('voicemail.greeting.takePlayer')} />
                <button type="button" onClick={() => void save(take.wav)} disabled={busy}>
                  {t('voicemail.greeting.save')}
                </button>
                <button type="button" className="secondary" onClick={() => setTake(null)} disabled={busy}>
                  {t('voicemail.greeting.discard')}
                </button>
              </div>
            </div>
          )}
          <p className="muted small">{t('voicemail.greeting.hint', { max: MAX_SECONDS })}</p>
        </>
      )}
      {problem && (
        <p className="error-text" role="alert">
          {problem}
        </p>
      )}
      {status && (
        <p className="muted" role="status">
          {status}
        </p>
      )}
    </section>
  );
}
