import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { selectAccount, selectAccountStatus } from '../features/account/accountSelectors';
import { RecentCalls } from '../features/callLog/components/RecentCalls';
import { ActiveCallCard } from '../features/calls/components/ActiveCallCard';
import { IncomingCallDialog } from '../features/calls/components/IncomingCallDialog';
import { PersonalStats } from '../features/stats/components/PersonalStats';
import { CenterNoticesBoard } from '../features/centerNotices/components/CenterNoticesBoard';
import { CustomerPanel } from '../features/customer/components/CustomerPanel';
import { SyncBanner } from '../features/sync/components/SyncBanner';
import { NotePanel } from '../features/notes/components/NotePanel';
import { WrapUpPanel } from '../features/wrapUp/components/WrapUpPanel';
import { ScriptPanel } from '../features/scripts/components/ScriptPanel';
import { NoteConflicts } from '../features/sync/components/NoteConflicts';
import { CallbackForm } from '../features/callbacks/components/CallbackForm';
import { CallbackList } from '../features/callbacks/components/CallbackList';
import { NoticeBanner } from '../features/notices/components/NoticeBanner';
import { PolicyBanner } from '../features/policy/components/PolicyBanner';
import { MonitoredIndicator } from '../features/monitoring/components/MonitoredIndicator';
import { MonitoringPanel } from '../features/monitoring/components/MonitoringPanel';
import { TeamBoard } from '../features/teamBoard/components/TeamBoard';
import { RecoveryPanel } from '../features/protection/components/RecoveryPanel';
import { SettingsView } from '../features/settings/components/SettingsView';
import { HealthCheckPanel } from '../features/healthCheck/components/HealthCheckPanel';
import { AudioDeviceAlert } from '../features/audioDevices/components/AudioDeviceAlert';
import { selectReady, selectView } from '../features/settings/settingsSelectors';
import { useAppSelector } from './hooks';
import { Toolbar } from './Toolbar';

export function App() {
  const { t } = useTranslation();
  const ready = useAppSelector(selectReady);
  const view = useAppSelector(selectView);
  const account = useAppSelector(selectAccount);
  const accountStatus = useAppSelector(selectAccountStatus);

  useEffect(() => {
    document.title = t('app.name');
  }, [t]);

  // Until main has said which language to use, show nothing that would need translating.
  if (!ready) return <div className="splash" aria-busy="true" />;

  const firstRun = accountStatus === 'loaded' && account === null;
  const showSettings = view === 'settings' || firstRun;

  return (
    <div className="app">
      <Toolbar />
      <PolicyBanner />
      <NoticeBanner />
      <SyncBanner />
      <AudioDeviceAlert />
      {accountStatus === 'failed' && <AccountLoadError />}
      <main className="main">
        {showSettings ? (
          <SettingsView />
        ) : (
          <div className="workspace">
            <div className="workspace__call">
              <MonitoredIndicator />
              <RecoveryPanel />
              <HealthCheckPanel />
              <ActiveCallCard />
              <ScriptPanel />
              <NoteConflicts />
              <NotePanel />
              <WrapUpPanel />
              <CallbackForm />
            </div>
            <div className="workspace__side">
              <MonitoringPanel />
              <TeamBoard />
              <PersonalStats />
              <CenterNoticesBoard />
              <CustomerPanel />
              <CallbackList />
              <RecentCalls />
            </div>
          </div>
        )}
      </main>
      <IncomingCallDialog />
    </div>
  );
}

function AccountLoadError() {
  const { t } = useTranslation();
  const code = useAppSelector((state) => state.account.loadError);
  return code ? (
    <p role="alert" className="inline-error inline-error--banner">
      {t('account.loadFailed', { reason: t(`errors.${code}`) })}
    </p>
  ) : null;
}
