import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './components/App';
import { connectSoftphone } from './store/connect';
import { findSoftphoneApi } from './softphone';
import { bootMediaEngine } from './media-boot';
import './styles/base.css';
import './styles/layout.css';
import './styles/components.css';

performance.mark('softphone:start');
const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element');
createRoot(container).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
bootMediaEngine();
void connectSoftphone(findSoftphoneApi());
