import { useTranslation } from 'react-i18next';
import { useAppDispatch, useAppSelector } from '../../../app/hooks';
import { Countdown } from '../../../shared/components/Countdown';
import { selectAgentProtection } from '../protectionSelectors';
import { endRecoveryClicked } from '../protectionSlice';

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
      <Countdown
        key={until}
        until={until}
        label={t('protection.recovery.remaining')}
        className="recovery__timer"
      />
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
