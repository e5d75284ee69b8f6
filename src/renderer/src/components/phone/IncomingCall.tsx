import { useEffect, useRef } from 'react';
import type { CallView } from '../../../../shared/ipc';
import { useSoftphone } from '../../store/store';
import { selectRingingCall } from '../../store/selectors';
import { answer, decline } from '../../store/actions/calls';
import { describeError, showError } from '../../store/actions/invoke';
import { tNow } from '../../i18n/current';
import { playRingtone, type PlayingSound } from '../../audio/tones';
import { useT } from '../../i18n';
import { Icon } from '../common/Icon';
import type { SoftphoneState } from '../../store/slices';
import { usePartyNamer } from '../common/Party';

function useRingtone(ringing: boolean) {
  const ringtone = useSoftphone((s) => s.settings.ringtone);
  const ringerId = useSoftphone((s) => s.settings.ringerOutputId);
  useEffect(() => {
    if (!ringing) return;
    let sound: PlayingSound | null = null;
    let stopped = false;
    playRingtone(ringtone, ringerId)
      .then((playing) => {
        if (stopped) playing.stop();
        else sound = playing;
      })
      .catch((error: unknown) => showError(tNow('error.ringtone', { reason: describeError(error) })));
    return () => {
      stopped = true;
      sound?.stop();
    };
  }, [ringing, ringtone, ringerId]);
}

/** The call being talked on or dialled while another rings (call waiting), if any. */
const selectCallInProgress = (s: SoftphoneState): CallView | undefined =>
  s.calls.find((c) => !c.held && inProgress.has(c.state) && (c.direction === 'outgoing' || c.answeredAt != null));
const inProgress = new Set<CallView['state']>(['dialing', 'ringing', 'early', 'active']);

/**
 * The ringing call, in the call dock above any call in progress (never over its controls):
 * announced as an alert, Answer focused (Enter answers, Escape declines). With a call in
 * progress (call waiting) it offers answer-and-hold and answer-and-end.
 */
function IncomingCallPanel(props: { call: CallView }) {
  const t = useT();
  const { call } = props;
  const describe = usePartyNamer();
  const party = describe(call.party);
  const caller = party.title;
  // Main may know only that the number was a queue's; the queue list names it.
  const knownQueue = useSoftphone((s) => s.profiles?.queues.find((q) => q.number === call.calledNumber)?.name ?? null);
  const current = useSoftphone(selectCallInProgress);
  const queueName = call.queueName ?? (call.calledType === 'queue' ? knownQueue : null);
  const calledType = call.calledType && call.calledType !== 'queue' ? t(`number.${call.calledType}`) : null;
  const answerRef = useRef<HTMLButtonElement>(null);
  useEffect(() => answerRef.current?.focus(), []);
  const titleId = `incoming-title-${call.id}`;
  const detailId = `incoming-detail-${call.id}`;
  return (
    <section
      role="alertdialog"
      aria-labelledby={titleId}
      aria-describedby={detailId}
      className={`card incoming${current ? ' waiting' : ''}`}
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          event.stopPropagation();
          void decline(call.id);
        }
      }}
    >
      <p className="eyebrow">{t('incoming.eyebrow')}</p>
      <h2 id={titleId}>{t('incoming.title', { caller })}</h2>
      <div id={detailId}>
        {party.detail && <p className="incoming-number">{party.detail}</p>}
        {call.calledNumber && (
          <p className="muted" data-testid="called-number">
            {queueName
              ? t('incoming.toQueue', { queue: queueName, number: call.calledNumber })
              : calledType
                ? t('incoming.toTyped', { type: calledType, number: call.calledNumber })
                : t('incoming.to', { number: call.calledNumber })}
          </p>
        )}
        {current && <p className="muted small">{t('incoming.waiting', { party: describe(current.party).title })}</p>}
      </div>
      <div className="incoming-actions">
        {current ? (
          <>
            <button ref={answerRef} type="button" className="success" onClick={() => void answer(call.id, 'hold')}>
              <Icon name="pause" />
              {t('incoming.answerHold')}
            </button>
            <button type="button" className="success" onClick={() => void answer(call.id, 'end')}>
              <Icon name="phone" />
              {t('incoming.answerEnd')}
            </button>
          </>
        ) : (
          <button ref={answerRef} type="button" className="success big" onClick={() => void answer(call.id)}>
            <Icon name="phone" />
            {t('incoming.answer')}
          </button>
        )}
        <button type="button" className={`danger${current ? '' : ' big'}`} onClick={() => void decline(call.id)}>
          <Icon name="hangUp" />
          {t('incoming.decline')}
        </button>
      </div>
    </section>
  );
}

/** Rings and shows the ringing call while it waits for an answer. */
export function IncomingCall() {
  const call = useSoftphone(selectRingingCall);
  useRingtone(call !== undefined);
  return call ? <IncomingCallPanel key={call.id} call={call} /> : null;
}
