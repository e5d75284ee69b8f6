import { useEffect, useRef, useState, type ChangeEvent } from 'react';
import type { CalendarStatus } from '../../../../shared/server-api';
import { formatDateTime, useLanguage, useT, useText } from '../../i18n';
import { useSoftphone } from '../../store/store';
import { handled } from '../../store/actions/invoke';
import { calendarStatus, disconnectCalendar, subscribeCalendar, uploadCalendar } from '../../store/actions/calendar';

/** Files larger than this are refused here already (the server's default cap). */
const MAX_FILE_BYTES = 5_000_000;

/**
 * The calendar in settings (issue 13): connect an ICS subscription address or upload a file,
 * see when it was last read (and why a scheduled re-read failed), the coming events that switch
 * a profile, and disconnect. Refusals (private addresses, size, too many repetitions) are the
 * server's texts, shown next to the form in the user's language.
 */
export function CalendarSettings() {
  const t = useT();
  const say = useText();
  const language = useLanguage();
  // The switches depend on the profiles and events the server pushes: ask again when they change.
  const revision = useSoftphone((s) => s.profiles?.revision ?? null);
  const [status, setStatus] = useState<CalendarStatus | null>(null);
  const [url, setUrl] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);

  // Asked again after each action (`asked` counts them).
  const [asked, setAsked] = useState(0);
  useEffect(() => {
    let live = true;
    void calendarStatus().then((next) => {
      if (live && next) setStatus(next);
    });
    return () => {
      live = false;
    };
  }, [asked, revision]);

  const run = async (work: (onError: (message: string) => void) => Promise<string | null>) => {
    setBusy(true);
    setProblem(null);
    setDone(null);
    let failed = false;
    const said = await work((message) => {
      failed = true;
      setProblem(message);
    });
    setBusy(false);
    if (!failed && said) setDone(said);
    setAsked((n) => n + 1);
  };

  const connect = () =>
    run(async (onError) => {
      const events = await subscribeCalendar(url.trim(), { onError });
      if (events === undefined) return null;
      setUrl('');
      return t('settings.calendar.connected', { n: events });
    });

  const upload = (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return Promise.resolve();
    return run(async (onError) => {
      if (file.size > MAX_FILE_BYTES) {
        onError(t('error.calendarTooLarge', { megabytes: MAX_FILE_BYTES / 1_000_000 }));
        return null;
      }
      const events = await uploadCalendar(await file.text(), { onError });
      return events === undefined ? null : t('settings.calendar.connected', { n: events });
    });
  };

  const disconnect = () => run(async (onError) => ((await disconnectCalendar({ onError })) ? t('settings.calendar.disconnected') : null));

  return (
    <section className="card calendar-settings" aria-labelledby="calendar-title">
      <h2 id="calendar-title">{t('settings.calendar')}</h2>
      <p className="muted small">{t('settings.calendar.hint')}</p>
      <div aria-live="polite">
        {status && status.source === 'none' && <p>{t('settings.calendar.none')}</p>}
        {status && status.source === 'url' && <p className="calendar-source">{t('settings.calendar.connectedUrl', { url: status.url ?? '' })}</p>}
        {status && status.source === 'file' && <p>{t('settings.calendar.connectedFile')}</p>}
        {status?.syncedAt && <p className="muted small">{t('settings.calendar.syncedAt', { time: formatDateTime(status.syncedAt, language), n: status.events })}</p>}
        {status?.error && (
          <p className="error-text">{t('settings.calendar.refreshError', { time: formatDateTime(status.error.at, language), reason: say(status.error.text) })}</p>
        )}
      </div>
      <form
        className="row wrap"
        onSubmit={handled(async (event) => {
          event.preventDefault();
          await connect();
        })}
      >
        <label className="field grow">
          <span>{t('settings.calendar.url')}</span>
          <input type="url" value={url} placeholder="https://" maxLength={2000} onChange={(e) => setUrl(e.target.value)} />
        </label>
        <button type="submit" className="primary" disabled={busy || url.trim() === ''}>
          {t('settings.calendar.connect')}
        </button>
      </form>
      <div className="row wrap">
        <button type="button" className="secondary" disabled={busy} onClick={() => fileInput.current?.click()}>
          {t('settings.calendar.upload')}
        </button>
        <input ref={fileInput} type="file" accept=".ics,text/calendar" hidden aria-label={t('settings.calendar.upload')} onChange={handled(upload)} />
        {status && status.source !== 'none' && (
          <button type="button" className="danger" disabled={busy} onClick={handled(disconnect)}>
            {t('settings.calendar.disconnect')}
          </button>
        )}
      </div>
      {problem && (
        <p className="error-text" role="alert">
          {problem}
        </p>
      )}
      {done && (
        <p role="status">
          {done}
        </p>
      )}
      {status && status.source !== 'none' && (
        <>
          <h3 id="calendar-switches-title">{t('settings.calendar.switches')}</h3>
          {status.switches.length === 0 ? (
            <p className="muted">{t('settings.calendar.noSwitches')}</p>
          ) : (
            <ul aria-labelledby="calendar-switches-title" className="calendar-switches">
              {status.switches.map((item) => (
                <li key={`${item.start}:${item.title}:${item.profileId}`}>
                  {t('settings.calendar.switch', { when: formatDateTime(item.start, language), title: item.title, profile: item.profileName })}
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}
