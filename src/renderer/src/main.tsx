import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './components/App';
import { connectSoftphone } from './store/connect';
import { findSoftphoneApi } from './softphone';
import { bootMediaEngine } from './media-boot';
import { describeError, showError } from './store/actions/invoke';
import { tNow } from './i18n/current';
import './styles/base.css';
import './styles/layout.css';
import './styles/components.css';
import './styles/voicemail.css';
import './styles/admin-users.css';
import './styles/calls.css';
import './styles/people.css';
import './styles/profile-editor.css';

performance.mark('softphone:start');
const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element');
createRoot(container).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
bootMediaEngine().catch((error: unknown) => {
  // Without the engine calls cannot carry audio; say so where the user looks.
  showError(tNow('error.mediaEngine', { reason: describeError(error) }));
});
void connectSoftphone(findSoftphoneApi());
