import { useTranslation } from 'react-i18next';
import { selectAccount, selectExtension } from '../features/account/accountSelectors';
import { AgentStateControl } from '../features/agentState/components/AgentStateControl';
import { DialBar } from '../features/calls/components/DialBar';
import { AbusiveCallsCounter } from '../features/protection/components/AbusiveCallsCounter';
import { RegistrationStatus } from '../features/registration/components/RegistrationStatus';
import { selectView } from '../features/settings/settingsSelectors';
import { settingsClosed, settingsOpened } from '../features/settings/settingsSlice';
import { sanitizeDisplayName } from '../shared/displayText';
import { useAppDispatch, useAppSelector } from './hooks';

/** The compact bar Korean agents expect: state, agent and extension, number field, call buttons. */
export function Toolbar() {
  const { t } = useTranslation();
  const dispatch = useAppDispatch();
  const account = useAppSelector(selectAccount);
  const extension = useAppSelector(selectExtension);
  const view = useAppSelector(selectView);
  const settingsOpen = view === 'settings';

  return (
    <header className="toolbar">
      <div className="toolbar__brand" aria-hidden="true">
        {t('app.name')}
      </div>
      <RegistrationStatus />
      <AgentStateControl />
      <div className="toolbar__agent">
        <span className="toolbar__agent-name">
          {account ? sanitizeDisplayName(account.displayName, 24) : t('app.noAgent')}
        </span>
        {extension && (
          <span className="toolbar__agent-ext">{t('app.extension', { extension })}</span>
        )}
      </div>
      <AbusiveCallsCounter />
      <DialBar />
      <button
        type="button"
        className="btn btn--settings"
        aria-pressed={settingsOpen}
        disabled={!account && settingsOpen}
        onClick={() => dispatch(settingsOpen ? settingsClosed() : settingsOpened())}
      >
        {t('settings.open')}
      </button>
    </header>
  );
}
