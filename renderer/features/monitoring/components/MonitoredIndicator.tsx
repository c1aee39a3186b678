import { useTranslation } from 'react-i18next';
import { useAppSelector } from '../../../app/hooks';

/**
 * Tells the agent that a team lead is on the call and how (the centre's policy decides whether
 * agents see this; the session is audited either way).
 */
export function MonitoredIndicator() {
  const { t } = useTranslation();
  const monitoredBy = useAppSelector((state) => state.monitoring.monitoredBy);
  if (!monitoredBy?.indicator) return null;
  return (
    <p role="status" className="monitored-indicator">
      {t('monitoring.monitoredBy', {
        name: monitoredBy.leadName,
        mode: t(`monitoring.mode.${monitoredBy.mode}`),
      })}
    </p>
  );
}
