import type { CallView } from '../../../../shared/ipc';
import type { CallEndNotice } from '../../../../shared/callEndNotice';
import { useT, useText } from '../../i18n';
import { usePartyNamer } from '../common/Party';

/**
 * A call that failed, for a few seconds after it ended (main keeps it in the calls slice that
 * long) or until dismissed: who it was with, what happened and what to do (issue 14). It sits
 * in the call panel's flow, after the calls in progress, so it never covers their controls.
 */
export function CallEndedCard(props: { call: CallView; notice: CallEndNotice; onDismiss: () => void }) {
  const t = useT();
  const say = useText();
  const party = usePartyNamer()(props.call.party).label;
  const titleId = `call-${props.call.id}-ended`;
  return (
    <div className="card call-ended" role="status" aria-labelledby={titleId} data-testid="call-ended">
      <div className="call-ended-words">
        <p id={titleId} className="call-ended-title">
          {t(props.call.answeredAt ? 'callEnd.card.brokeOff' : 'callEnd.card.failed', { party })}
        </p>
        <p className="call-ended-reason">{say(props.notice.reason)}</p>
        <p className="muted small call-ended-advice">{t(props.notice.advice)}</p>
      </div>
      <button type="button" className="icon-button" aria-label={t('callEnd.card.dismiss', { party })} onClick={props.onDismiss}>
        ×
      </button>
    </div>
  );
}
