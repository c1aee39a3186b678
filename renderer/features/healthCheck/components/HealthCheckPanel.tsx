import { useId } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { HealthCheckItem } from '../../../../preload/contract';
import { useAppDispatch, useAppSelector } from '../../../app/hooks';
import { selectHasLiveCall } from '../../calls/callsSelectors';
import { healthCheckRequested } from '../healthCheckSlice';

/**
 * 업무 전 점검: the agent runs it at shift start (and whenever the phone seems wrong). Each check
 * shows as it finishes, with what to do when it found a problem. Hidden during calls: the check
 * places a test call and opens the microphone, which a live call must not share.
 */
export function HealthCheckPanel() {
  const { t, i18n } = useTranslation();
  const dispatch = useAppDispatch();
  const { last, running, progress, error, ranThisShift } = useAppSelector(
    (state) => state.healthCheck,
  );
  const onCall = useAppSelector(selectHasLiveCall);
  const titleId = useId();
  if (onCall) return null;

  const items = running ? progress : ranThisShift ? (last?.items ?? []) : [];
  const time = last
    ? new Intl.DateTimeFormat(i18n.language, { dateStyle: 'short', timeStyle: 'short' }).format(
        last.finishedAt,
      )
    : null;
  return (
    <section className="health-check" aria-labelledby={titleId} aria-busy={running}>
      <h2 id={titleId} className="section-title">
        {t('healthCheck.title')}
      </h2>
      {!ranThisShift && !running && <p>{t('healthCheck.prompt')}</p>}
      {last && time && !running && (
        <p
          role="status"
          className={`health-check__verdict health-check__verdict--${last.passed ? 'ok' : 'failed'}`}
        >
          {t('healthCheck.lastRun', {
            time,
            verdict: t(last.passed ? 'healthCheck.passed' : 'healthCheck.failed'),
          })}
        </p>
      )}
      {!last && !running && <p>{t('healthCheck.never')}</p>}
      {items.length > 0 && (
        <ul className="health-check__items" aria-label={t('healthCheck.title')}>
          {items.map((item, index) => (
            <HealthCheckRow key={`${item.check}-${index}`} item={item} />
          ))}
        </ul>
      )}
      {error && (
        <p role="alert" className="inline-error">
          {t('healthCheck.saveFailed', { reason: t(`errors.${error}`) })}
        </p>
      )}
      <button
        type="button"
        className="btn"
        disabled={running}
        onClick={() => dispatch(healthCheckRequested())}
      >
        {running ? t('healthCheck.running') : t('healthCheck.run')}
      </button>
    </section>
  );
}

function HealthCheckRow({ item }: { item: HealthCheckItem }) {
  const { t } = useTranslation();
  const name = t(`healthCheck.check.${item.check}`, { target: item.target ?? '' });
  return (
    <li className={`health-check__item health-check__item--${item.status}`}>
      <span className="health-check__name">{name}</span>
      <span className="health-check__status">{t(`healthCheck.status.${item.status}`)}</span>
      <span className="health-check__detail">{detailOf(item, t)}</span>
    </li>
  );
}

function detailOf(item: HealthCheckItem, t: TFunction): string {
  if (item.code !== 'ok') return t(`healthCheck.detail.${item.code}`, { ms: item.ms ?? '' });
  switch (item.check) {
    case 'server':
      return t('healthCheck.detail.connectedIn', { ms: item.ms ?? '' });
    case 'registration':
      return t('healthCheck.detail.registered');
    case 'microphone':
      return t('healthCheck.detail.level', { level: item.levelDb ?? '' });
    case 'mediaRelay':
      return item.ms === null ? '' : t('healthCheck.detail.roundTrip', { ms: item.ms });
  }
}
