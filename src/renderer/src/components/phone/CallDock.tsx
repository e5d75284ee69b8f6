import { CallPanel } from './CallPanel';
import { IncomingCall } from './IncomingCall';

/**
 * Where calls live, whatever section is shown: above the sections in a narrow window, beside
 * them in a wide one. A ringing call is shown here too, above the call in progress, so it never
 * covers that call's controls.
 */
export function CallDock() {
  return (
    <div className="call-dock">
      <IncomingCall />
      <CallPanel />
    </div>
  );
}
