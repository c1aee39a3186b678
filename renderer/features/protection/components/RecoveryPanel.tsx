import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppDispatch, useAppSelector } from '../../../app/hooks';
import { formatCountdown, remainingMs } from '../protectionRules';
import { selectAgentProtection } from '../protectionSelectors';
import { endRecoveryClicked } from '../protectionSlice';

/** How often the countdown redraws. The rest itself is ended by the listener's timer. */
const TICK_MS = 500;

/**
 * The rest after an abusive call: what it means (no calls in or out) and an mm:ss countdown.
 * 휴식 종료 only where the policy lets the agent end it early.
 */
export function RecoveryPanel() {
  const { t } = useTranslation();
  const dispatch = useAppDispatch();
  const agent = useAppSelector(selectAgentProtection);
  const until = agent.recoveryUntil;

  if (until === null) return null;
  return (
    <section className="recovery" aria-label={t('protection.recovery.title')}>
      <p className="recovery__text">{t('protection.recovery.text')}</p>
      <p className="recovery__text">{t('calls.dialProblem.resting')}</p>
      <Countdown key={until} until={until} label={t('protection.recovery.remaining')} />
      {agent.canLeaveRecoveryEarly && (
        <button
          type="button"
          className="btn btn--end-rest"
          onClick={() => dispatch(endRecoveryClicked())}
        >
          {t('protection.recovery.end')}
        </button>
      )}
      {agent.endRecoveryFailed && (
        <p role="alert" className="inline-error">
          {t('protection.recovery.endFailed')}
        </p>
      )}
    </section>
  );
}

/** mm:ss to `until`; keyed by `until`, so a new rest starts a fresh clock. */
function Countdown({ until, label }: { until: number; label: string }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), TICK_MS);
    return () => clearInterval(timer);
  }, []);
  return (
    <p role="timer" aria-label={label} className="recovery__timer">
      {formatCountdown(remainingMs(until, now))}
    </p>
  );
}
