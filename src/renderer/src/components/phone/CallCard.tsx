import { useState } from 'react';
import type { CallView } from '../../../../shared/ipc';
import { hangUp, sendDtmf, setHold, setMuted, transferAttended, transferBlind } from '../../store/actions/calls';
import { useT } from '../../i18n';
import { CallTimer } from './CallTimer';
import { Keypad } from './Keypad';
import { forwardTargetParam } from '../../../../shared/forwardTarget';
import { Party, usePartyNamer } from '../common/Party';

export function CallCard(props: { call: CallView; otherCalls: CallView[] }) {
  const t = useT();
  const describe = usePartyNamer();
  const partyName = (other: CallView) => describe(other.party).label;
  const { call } = props;
  const [panel, setPanel] = useState<'none' | 'keypad' | 'transfer'>('none');
  const [transferTarget, setTransferTarget] = useState('');
  const [tones, setTones] = useState('');
  const answered = call.answeredAt != null && (call.state === 'active' || call.state === 'held');
  const name = partyName(call);
  const titleId = `call-${call.id}-title`;

  return (
    <article className={`card call-card state-${call.state}`} aria-labelledby={titleId}>
      <header className="call-head">
        <div>
          <h3 id={titleId}>
            <Party party={call.party} />
          </h3>
          <p className="muted small">
            {t(`call.state.${call.state}`)}
            {call.queueName ? ` · ${t('call.viaQueue', { queue: call.queueName })}` : ''}
            {call.forwardedTo ? ` · ${t('call.forwardedTo', { target: forwardTargetParam(call.forwardedTo) })}` : ''}
            {call.heldByOther ? ` · ${t('call.heldByOther')}` : ''}
          </p>
          {call.dtmfReceived ? <p className="muted small">{t('call.dtmfReceived', { digits: call.dtmfReceived })}</p> : null}
        </div>
        {answered && call.answeredAt && <CallTimer from={call.answeredAt} label={t('call.duration', { party: name })} />}
      </header>
      <div className="row wrap call-controls">
        <button type="button" aria-pressed={call.muted} disabled={!answered} onClick={() => void setMuted(call.id, !call.muted)}>
          {t('call.mute')}
        </button>
        <button type="button" aria-pressed={call.held} disabled={!answered} onClick={() => void setHold(call.id, !call.held)}>
          {t('call.hold')}
        </button>
        <button type="button" aria-expanded={panel === 'keypad'} disabled={!answered} onClick={() => setPanel(panel === 'keypad' ? 'none' : 'keypad')}>
          {t('call.keypad')}
        </button>
        <button type="button" aria-expanded={panel === 'transfer'} disabled={!answered} onClick={() => setPanel(panel === 'transfer' ? 'none' : 'transfer')}>
          {t('call.transfer')}
        </button>
        <button type="button" className="danger" onClick={() => void hangUp(call.id)}>
          {t('call.hangUp')}
        </button>
      </div>
      {panel === 'keypad' && (
        <div className="call-keypad">
          <Keypad
            label={t('call.dtmfKeypad')}
            onKey={(key) => {
              setTones((value) => (value + key).slice(-24));
              void sendDtmf(call.id, key);
            }}
          />
          <p className="muted small" aria-live="polite">
            {tones ? t('call.tonesSent', { tones }) : ''}
          </p>
        </div>
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
