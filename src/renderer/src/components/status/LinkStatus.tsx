import { useSoftphone } from '../../store/store';
import { useT, useText } from '../../i18n';

/** SIP registration and the profile-server link, each with the reason when it is not well. */
export function LinkStatus() {
  const t = useT();
  const say = useText();
  const registration = useSoftphone((s) => s.registration);
  const connection = useSoftphone((s) => s.connection);
  const registered = registration.status === 'registered';
  // Every call is routed by the profile server: registered with the PBX while the server cannot
  // be reached is not "ready" (calls to and from this phone would fail).
  const ready = registered && connection.status === 'online';
  const serverDown = registered && connection.status === 'offline';
  const label = !registered
    ? t(`status.registration.${registration.status}`)
    : ready
      ? t('status.registration.registered')
      : serverDown
        ? t('status.registration.serverDown')
        : t('status.registration.reachingServer');
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
