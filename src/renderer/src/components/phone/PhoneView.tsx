import { CallPanel } from './CallPanel';
import { Dialer } from './Dialer';
import { DirectorySearch } from './DirectorySearch';

export function PhoneView() {
  return (
    <div className="phone-view">
      <div className="column">
        <Dialer />
        <DirectorySearch />
      </div>
      <div className="column wide">
        <CallPanel />
      </div>
    </div>
  );
}
