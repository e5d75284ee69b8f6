import { useSoftphone } from '../../store/store';
import { useT, useText } from '../../i18n';
import { phoneReadiness, readinessKey } from '../../../../shared/readiness';

/** SIP registration and the profile-server link, each with the reason when it is not well. */
export function LinkStatus() {
  const t = useT();
  const say = useText();
  const registration = useSoftphone((s) => s.registration);
  const connection = useSoftphone((s) => s.connection);
  const registered = registration.status === 'registered';
  // Every call is routed by the profile server: registered with the PBX while the server cannot
  // be reached is not "ready" (calls to and from this phone would fail). The tray says the same.
  const readiness = phoneReadiness(registration, connection);
  const ready = readiness === 'ready';
  const serverDown = readiness === 'serverDown';
  const label = t(readinessKey(readiness));
  return (
    <div className="status-item links">
      <span role="status" className={`pill ${ready ? 'ok' : registration.status === 'failed' || serverDown ? 'bad' : 'wait'}`}>
        {label}
        {!registered && registration.reason ? `: ${say(registration.reason)}` : ''}
      </span>
      <span
        role="status"
        className={`pill ${connection.status === 'online' ? 'ok' : connection.status === 'offline' ? 'bad' : 'wait'}`}
        // The technical reason is there on hover and for assistive technology, not in the bar.
        title={connection.status !== 'online' && connection.error ? say(connection.error) : undefined}
      >
        {t(`status.connection.${connection.status}`)}
        {connection.pendingCommands > 0 ? ` · ${t('status.connection.pending', { n: connection.pendingCommands })}` : ''}
      </span>
    </div>
  );
}
