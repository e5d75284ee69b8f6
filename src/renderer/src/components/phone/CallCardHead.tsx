import type { CallView } from '../../../../shared/ipc';
import { forwardTargetParam } from '../../../../shared/forwardTarget';
import { useT } from '../../i18n';
import { CallTimer } from './CallTimer';
import { Party } from '../common/Party';

/** Who the call is with, its state (held and muted shown as such) and its duration. */
export function CallCardHead(props: { call: CallView; name: string; titleId: string; answered: boolean }) {
  const t = useT();
  const { call, name } = props;
  return (
    <header className="call-head">
      <div className="call-who">
        <h3 id={props.titleId}>
          <Party party={call.party} />
        </h3>
        <p className="muted small call-state">
          {call.held ? <span className="pill wait">{t('call.state.held')}</span> : t(`call.state.${call.state}`)}
          {call.muted ? <span className="pill bad">{t('call.muted')}</span> : null}
          {call.queueName ? ` · ${t('call.viaQueue', { queue: call.queueName })}` : ''}
          {call.forwardedTo ? ` · ${t('call.forwardedTo', { target: forwardTargetParam(call.forwardedTo) })}` : ''}
          {call.heldByOther ? ` · ${t('call.heldByOther')}` : ''}
        </p>
        {call.dtmfReceived ? <p className="muted small">{t('call.dtmfReceived', { digits: call.dtmfReceived })}</p> : null}
      </div>
      {props.answered && call.answeredAt && <CallTimer from={call.answeredAt} label={t('call.duration', { party: name })} />}
    </header>
  );
}
