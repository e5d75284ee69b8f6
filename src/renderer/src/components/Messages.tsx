import { useSoftphone } from '../store/store';
import { dismissNotice } from '../store/actions/settings';
import { dismissError } from '../store/actions/invoke';
import { useT, useText } from '../i18n';

/**
 * Notices from main (e.g. "your admin changed your profiles") in a polite live region, and
 * failed commands in an assertive one. Both stay until dismissed.
 */
export function Messages() {
  const t = useT();
  const say = useText();
  const notices = useSoftphone((s) => s.notices);
  const errors = useSoftphone((s) => s.ui.errors);
  return (
    <div className="messages">
      <section aria-label={t('messages.notices')} aria-live="polite" className="message-stack">
        {notices.map((notice) => {
          const message = say(notice.text);
          return (
            <div key={notice.id} className={`message ${notice.kind}`} role={notice.kind === 'info' ? 'status' : 'alert'}>
              <p>{message}</p>
              <button type="button" className="icon-button" aria-label={t('messages.dismissNotice', { message })} onClick={() => void dismissNotice(notice.id)}>
                ×
              </button>
            </div>
          );
        })}
      </section>
      <section aria-label={t('messages.errors')} aria-live="assertive" className="message-stack">
        {errors.map((error) => (
          <div key={error.id} className="message error" role="alert">
            <p>{error.message}</p>
            <button type="button" className="icon-button" aria-label={t('messages.dismissError')} onClick={() => dismissError(error.id)}>
              ×
            </button>
          </div>
        ))}
      </section>
    </div>
  );
}
