import { useCallback, useEffect, useRef, useState } from 'react';
import type { CallView } from '../../../../shared/ipc';
import { hangUp, sendDtmf, setHold, setMuted, transferAttended, transferBlind } from '../../store/actions/calls';
import { useT } from '../../i18n';
import { Icon } from '../common/Icon';
import { Keypad } from './Keypad';
import { CallCardHead } from './CallCardHead';
import { usePartyNamer } from '../common/Party';

const DTMF_KEYS = /^[0-9*#]$/;

/** Whether a key press belongs to a field (typing there is not a tone). */
function typingInField(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || target.closest('input, textarea, select') !== null;
}

/**
 * Digits typed anywhere but in a field go to the call being talked on as DTMF tones, as on a
 * desk phone; `onTone` (stable: a state setter's update) shows them.
 */
function useTypedTones(callId: string | null, onTone: (tone: string) => void): void {
  useEffect(() => {
    if (callId === null) return;
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.repeat || event.ctrlKey || event.metaKey || event.altKey) return;
      if (!DTMF_KEYS.test(event.key) || typingInField(event.target)) return;
      event.preventDefault();
      onTone(event.key);
      void sendDtmf(callId, event.key);
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [callId, onTone]);
}

export function CallCard(props: { call: CallView; otherCalls: CallView[] }) {
  const t = useT();
  const describe = usePartyNamer();
  const partyName = (other: CallView) => describe(other.party).label;
  const { call } = props;
  const [panel, setPanel] = useState<'none' | 'keypad' | 'transfer'>('none');
  const [transferTarget, setTransferTarget] = useState('');
  const [tones, setTones] = useState('');
  const hangUpRef = useRef<HTMLButtonElement>(null);
  const answered = call.answeredAt != null && (call.state === 'active' || call.state === 'held');
  const talking = answered && call.state === 'active' && !call.held;
  const name = partyName(call);
  const titleId = `call-${call.id}-title`;

  // After answering, the next likely action is hanging up: focus goes there (Enter ends it).
  const answeredIncoming = call.direction === 'incoming' && answered;
  useEffect(() => {
    if (answeredIncoming) hangUpRef.current?.focus();
  }, [answeredIncoming]);

  const showTone = useCallback((tone: string) => setTones((value) => (value + tone).slice(-24)), []);
  const sendTone = (tone: string) => {
    showTone(tone);
    void sendDtmf(call.id, tone);
  };
  useTypedTones(talking ? call.id : null, showTone);

  return (
    <article className={`card call-card state-${call.state}${call.held ? ' held' : ''}`} aria-labelledby={titleId}>
      <CallCardHead call={call} name={name} titleId={titleId} answered={answered} />
      <div className="call-controls">
        <button type="button" className="control" aria-pressed={call.muted} disabled={!answered} onClick={() => void setMuted(call.id, !call.muted)}>
          <Icon name={call.muted ? 'micOff' : 'mic'} />
          <span>{t('call.mute')}</span>
        </button>
        <button type="button" className="control" aria-pressed={call.held} disabled={!answered} onClick={() => void setHold(call.id, !call.held)}>
          <Icon name={call.held ? 'play' : 'pause'} />
          <span>{t('call.hold')}</span>
        </button>
        <button type="button" className="control" aria-expanded={panel === 'keypad'} disabled={!answered} onClick={() => setPanel(panel === 'keypad' ? 'none' : 'keypad')}>
          <Icon name="keypad" />
          <span>{t('call.keypad')}</span>
        </button>
        <button type="button" className="control" aria-expanded={panel === 'transfer'} disabled={!answered} onClick={() => setPanel(panel === 'transfer' ? 'none' : 'transfer')}>
          <Icon name="transfer" />
          <span>{t('call.transfer')}</span>
        </button>
        <button ref={hangUpRef} type="button" className="control danger" onClick={() => void hangUp(call.id)}>
          <Icon name="hangUp" />
          <span>{t('call.hangUp')}</span>
        </button>
      </div>
      {panel === 'keypad' && (
        <div className="call-keypad">
          <Keypad label={t('call.dtmfKeypad')} onKey={sendTone} />
        </div>
      )}
      {answered && (
        <p className="muted small tones-sent" aria-live="polite">
          {tones ? t('call.tonesSent', { tones }) : ''}
        </p>
      )}
      {panel === 'transfer' && (
        <div className="transfer">
          <form
            className="row"
            onSubmit={(event) => {
              event.preventDefault();
              if (transferTarget.trim()) void transferBlind(call.id, transferTarget);
            }}
          >
            <label className="field grow">
              <span>{t('call.transferTo')}</span>
              <input value={transferTarget} onChange={(event) => setTransferTarget(event.target.value)} inputMode="tel" data-autofocus />
            </label>
            <button type="submit" className="primary" disabled={!transferTarget.trim()}>
              {t('call.transferBlind')}
            </button>
          </form>
          {props.otherCalls.length > 0 ? (
            <ul className="plain">
              {props.otherCalls.map((other) => (
                <li key={other.id}>
                  <button type="button" className="secondary" onClick={() => void transferAttended(call.id, other.id)}>
                    {t('call.transferAttended', { party: partyName(other) })}
                  </button>
                </li>
              ))}
            </ul>
          ) : (
            <p className="muted small">{t('call.transferAttendedHint')}</p>
          )}
        </div>
      )}
    </article>
  );
}
