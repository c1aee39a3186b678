import { useTranslation } from 'react-i18next';
import { useAppSelector } from '../../../app/hooks';
import { formatDuration } from '../../../shared/duration';

/** 오늘의 내 실적: calls today, average handle time, callbacks due, notes still to sync. */
export function PersonalStats() {
  const { t } = useTranslation();
  const stats = useAppSelector((state) => state.stats.personal);
  if (!stats) return null;
  return (
    <dl className="personal-stats" aria-label={t('stats.label')}>
      <div>
        <dt>{t('stats.calls')}</dt>
        <dd>{stats.calls}</dd>
      </div>
      <div>
        <dt>{t('stats.averageHandle')}</dt>
        <dd>
          {stats.averageHandleSeconds === null ? '–' : formatDuration(stats.averageHandleSeconds)}
        </dd>
      </div>
      <div>
        <dt>{t('stats.callbacksDue')}</dt>
        <dd>{stats.callbacksDue}</dd>
      </div>
      <div>
        <dt>{t('stats.notesPending')}</dt>
        <dd>{stats.notesPending}</dd>
      </div>
    </dl>
  );
}
