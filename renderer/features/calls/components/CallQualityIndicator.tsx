import { useTranslation } from 'react-i18next';
import type { Call } from '../callsSlice';

/**
 * 통화 품질 on a connected call: the MOS estimate, and a warning once a few samples in a row say
 * the customer and the agent hear each other badly, with what the agent can do about it.
 */
export function CallQualityIndicator({ call }: { call: Call }) {
  const { t } = useTranslation();
  const quality = call.quality;
  if (!quality || call.phase !== 'talking' || call.hold !== 'none') return null;
  const level = t(`calls.quality.level.${quality.level}`);
  return (
    <>
      <p
        className={`call-quality call-quality--${quality.level}`}
        role="status"
        aria-label={t('calls.quality.label')}
      >
        {t('calls.quality.value', { level, mos: quality.mos.toFixed(1) })}
      </p>
      {quality.level !== 'good' && (
        <p role="alert" className="call-card__problem">
          {quality.receiving
            ? t(`calls.quality.warning.${quality.level}`, {
                loss: quality.lossPercent,
                jitter: quality.jitterMs,
                rtt: quality.rttMs ?? '-',
              })
            : t('calls.quality.noAudio')}
        </p>
      )}
    </>
  );
}
