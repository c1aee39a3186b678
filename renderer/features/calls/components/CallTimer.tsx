import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDuration } from '../../../shared/duration';

/**
 * mm:ss since the call was answered (or since `since`, named `label`), ticking every second. Key
 * it by call id.
 */
export function CallTimer({ since, label }: { since: number; label?: string }) {
  const { t } = useTranslation();
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  return (
    <span role="timer" aria-label={label ?? t('calls.duration')} className="call-timer">
      {formatDuration((now - since) / 1000)}
    </span>
  );
}
