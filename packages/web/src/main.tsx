import './shared/app.css';
import './shared/print.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.js';
import { initI18n } from './shared/i18n/i18n.js';
import { registerOfflineSupport } from './shared/offline.js';
import { AppRouter } from './shared/router.js';

await initI18n();
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <AppRouter>
      <App />
    </AppRouter>
  </StrictMode>,
);
registerOfflineSupport();
