import { useTranslation } from 'react-i18next';
import { useAppSelector } from '../../../app/hooks';

/**
 * The CRM sync at a glance: 온라인 / 오프라인 (what is kept and why) / 동기화 중 N건 / 충돌 N건.
 * Offline is not an error for the agent: everything is kept and sent later.
 */
export function SyncBanner() {
  const { t } = useTranslation();
  const status = useAppSelector((state) => state.sync.status);
  if (!status || status.state === 'disabled') return null;
  const offline = status.state === 'offline';
  return (
    <p
      role="status"
      aria-label={t('sync.label')}
      className={`sync-banner sync-banner--${status.state}`}
    >
      {t(`sync.state.${status.state}`)}
      {offline && status.problem && ` — ${t(`sync.problem.${status.problem}`)}`}
      {status.pending > 0 && ` · ${t('sync.pending', { count: status.pending })}`}
      {status.conflicts > 0 && ` · ${t('sync.conflicts', { count: status.conflicts })}`}
    </p>
  );
}
