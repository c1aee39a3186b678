import { shallowEqual } from 'react-redux';
import { useTranslation } from 'react-i18next';
import { useAppDispatch, useAppSelector } from '../../../app/hooks';
import { PROTECTION_STEPS } from '../protectionRules';
import { selectCallProtection, selectEnabledSteps } from '../protectionSelectors';
import { protectionStepClicked } from '../protectionSlice';

/**
 * The agent-protection buttons on the call card (1차 경고, 2차 경고, 강성종료, 성희롱 즉시 종료),
 * shown once the recording notice is over. Each is enabled only when the manuals' order allows
 * it; while a message plays all are disabled and a line says the microphone is off.
 */
export function ProtectionControls({ callId }: { callId: string }) {
  const { t } = useTranslation();
  const dispatch = useAppDispatch();
  const enabled = useAppSelector((state) => selectEnabledSteps(state, callId), shallowEqual);
  const entry = useAppSelector((state) => selectCallProtection(state, callId));

  return (
    <div className="protection" role="group" aria-label={t('protection.label')}>
      <div className="protection__buttons">
        {PROTECTION_STEPS.map((step) => (
          <button
            key={step}
            type="button"
            className={`btn btn--protection btn--protection-${step}`}
            disabled={!enabled[step]}
            onClick={() => dispatch(protectionStepClicked({ callId, step }))}
          >
            {t(`protection.step.${step}`)}
          </button>
        ))}
      </div>
      {entry?.playing && (
        <p role="status" className="protection__playing">
          {t(
            entry.playing === 'warning1' || entry.playing === 'warning2'
              ? 'protection.playingWarning'
              : 'protection.playingFinal',
          )}
        </p>
      )}
      {entry?.error && (
        <p role="alert" className="inline-error protection__error">
          {t(`protection.error.${entry.error}`)}
        </p>
      )}
    </div>
  );
}
