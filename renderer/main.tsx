import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { Provider } from 'react-redux';
import type { Language } from '../preload/contract';
import { App } from './app/App';
import { appStarted } from './app/appActions';
import { ErrorBoundary } from './app/ErrorBoundary';
import { MissingBridgeScreen } from './app/MissingBridgeScreen';
import { createAppStore } from './app/store';
import { windowKeyboard } from './features/hotkeys/windowKeyboard';
import { applyLanguage, createI18n } from './i18n';
import { browserNotifier } from './platform/desktopNotifications';
import { webHidHeadset } from './platform/headset/webHidHeadset';
import { logToMain } from './platform/log';
import { getSoriApi } from './platform/soriApi';
import { installDiagnostics } from './sip/diagnostics';
import { SipAgent } from './sip/sipAgent';
import './styles/app.css';

const rootElement = document.getElementById('root');
if (!rootElement) throw new Error('index.html has no #root');
const root = createRoot(rootElement);
const browserLanguage: Language = /^ko\b/i.test(navigator.language) ? 'ko' : 'en';

const sori = getSoriApi();
if (!sori) {
  document.documentElement.lang = browserLanguage;
  root.render(<MissingBridgeScreen />);
} else {
  const i18n = createI18n(browserLanguage);
  const sip = new SipAgent();
  installDiagnostics(() => sip.monitoringStreams());
  const store = createAppStore({
    sori,
    sip,
    applyLanguage: (language) => applyLanguage(i18n, language),
    fallbackLanguage: browserLanguage,
    now: () => Date.now(),
    keyboard: windowKeyboard(),
    notifier: browserNotifier(i18n),
    headset: webHidHeadset(),
  });

  // Closing the window without app:willQuit (reload, crash of main): still unregister.
  window.addEventListener('pagehide', () => void sip.stop());
  window.addEventListener('error', (event) => {
    logToMain(
      sori,
      'error',
      'renderer',
      `uncaught: ${event.error instanceof Error ? event.error.name : 'error'} ${event.message}`,
    );
  });
  window.addEventListener('unhandledrejection', (event) => {
    const reason: unknown = event.reason;
    logToMain(
      sori,
      'error',
      'renderer',
      `unhandled rejection: ${reason instanceof Error ? `${reason.name} ${reason.message}` : typeof reason}`,
    );
  });

  root.render(
    <StrictMode>
      <ErrorBoundary
        i18n={i18n}
        onError={(error) =>
          logToMain(sori, 'error', 'renderer', `render failed: ${error.name} ${error.message}`)
        }
      >
        <Provider store={store}>
          <I18nextProvider i18n={i18n}>
            <App />
          </I18nextProvider>
        </Provider>
      </ErrorBoundary>
    </StrictMode>,
  );
  store.dispatch(appStarted());
}
