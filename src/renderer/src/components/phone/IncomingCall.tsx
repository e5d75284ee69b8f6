import { useEffect } from 'react';
import type { CallView } from '../../../../shared/ipc';
import { useSoftphone } from '../../store/store';
import { selectRingingCall } from '../../store/selectors';
import { answer, decline } from '../../store/actions/calls';
import { describeError, showError } from '../../store/actions/invoke';
import { tNow } from '../../i18n/current';
import { playRingtone, type PlayingSound } from '../../audio/tones';
import { useT } from '../../i18n';
import { Modal } from '../common/Modal';
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

function IncomingCallDialog(props: { call: CallView }) {
  const t = useT();
  const { call } = props;
  const party = usePartyNamer()(call.party);
  const caller = party.title;
  // Main may know only that the number was a queue's; the queue list names it.
  const knownQueue = useSoftphone((s) => s.profiles?.queues.find((q) => q.number === call.calledNumber)?.name ?? null);
  const queueName = call.queueName ?? (call.calledType === 'queue' ? knownQueue : null);
  const calledType = call.calledType && call.calledType !== 'queue' ? t(`number.${call.calledType}`) : null;
  return (
    <Modal role="alertdialog" labelledBy="incoming-title" describedBy="incoming-detail" className="incoming" onCancel={() => void decline(call.id)}>
      <p className="eyebrow">{t('incoming.eyebrow')}</p>
      <h2 id="incoming-title">{t('incoming.title', { caller })}</h2>
      <div id="incoming-detail">
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
      </div>
      <div className="row center">
        <button type="button" className="success big" data-autofocus onClick={() => void answer(call.id)}>
          {t('incoming.answer')}
        </button>
        <button type="button" className="danger big" onClick={() => void decline(call.id)}>
          {t('incoming.decline')}
        </button>
      </div>
    </Modal>
  );
}

/** Rings and shows the answer/decline dialog while a call waits; announced as an alert. */
export function IncomingCall() {
  const call = useSoftphone(selectRingingCall);
  useRingtone(call !== undefined);
  return call ? <IncomingCallDialog key={call.id} call={call} /> : null;
}
