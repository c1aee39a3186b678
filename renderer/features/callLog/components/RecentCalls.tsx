import { useId, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { CallLogEntry } from '../../../../preload/contract';
import { useAppDispatch, useAppSelector } from '../../../app/hooks';
import { evidenceExportClicked } from '../../evidence/evidenceSlice';
import { Party } from '../../../shared/components/Party';
import { formatDuration } from '../../../shared/duration';
import { selectCallLog, talkSeconds } from '../callLogSelectors';

/** The reason column: an unanswered incoming call the caller gave up on is 부재중 (missed). */
function reasonKey(entry: CallLogEntry): string | null {
  if (entry.endReason === null) return null;
  if (entry.endReason === 'canceled' && entry.direction === 'inbound')
    return 'callLog.reason.missed';
  return `callLog.reason.${entry.endReason}`;
}

export function RecentCalls() {
  const { t, i18n } = useTranslation();
  const dispatch = useAppDispatch();
  const { entries, status, loadError, writeError } = useAppSelector(selectCallLog);
  const evidence = useAppSelector((state) => state.evidence);
  const titleId = useId();
  const timeFormat = useMemo(
    () =>
      new Intl.DateTimeFormat(i18n.language, {
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
        hourCycle: 'h23',
      }),
    [i18n.language],
  );

  return (
    <section className="recent" aria-labelledby={titleId}>
      <h2 id={titleId} className="section-title">
        {t('callLog.title')}
      </h2>
      {status === 'failed' && loadError && (
        <p role="alert" className="inline-error">
          {t('callLog.loadFailed', { reason: t(`errors.${loadError}`) })}
        </p>
      )}
      {writeError && (
        <p role="alert" className="inline-error">
          {t('callLog.writeFailed', { reason: t(`errors.${writeError}`) })}
        </p>
      )}
      {evidence.result && (
        <p role="status" className="recent__evidence">
          {t('evidence.exported', { folder: evidence.result.folder })}
        </p>
      )}
      {evidence.error && (
        <p role="alert" className="inline-error">
          {t('evidence.failed', { reason: t(`errors.${evidence.error.code}`) })}
        </p>
      )}
      <table className="recent__table" aria-labelledby={titleId}>
        <thead>
          <tr>
            <th scope="col">{t('callLog.direction')}</th>
            <th scope="col">{t('callLog.party')}</th>
            <th scope="col">{t('callLog.started')}</th>
            <th scope="col">{t('callLog.duration')}</th>
            <th scope="col">{t('callLog.endReason')}</th>
            <th scope="col">{t('evidence.column')}</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((entry) => {
            const seconds = talkSeconds(entry);
            const reason = reasonKey(entry);
            return (
              <tr key={entry.callId} data-call-id={entry.callId}>
                <td>
                  <span className={`badge badge--${entry.direction}`}>
                    {t(`calls.direction.${entry.direction}`)}
                  </span>
                </td>
                <td>
                  <Party remote={entry.remote} />
                </td>
                <td>
                  <time dateTime={new Date(entry.startedAt).toISOString()}>
                    {timeFormat.format(entry.startedAt)}
                  </time>
                </td>
                <td className="num">
                  {seconds === null ? t('callLog.notAnswered') : formatDuration(seconds)}
                </td>
                <td>{reason ? t(reason) : t('callLog.inProgress')}</td>
                <td>
                  {entry.endReason !== null && (
                    <button
                      type="button"
                      className="btn btn--small"
                      disabled={evidence.exporting !== null}
                      onClick={() => dispatch(evidenceExportClicked({ callId: entry.callId }))}
                    >
                      {t(
                        evidence.exporting === entry.callId
                          ? 'evidence.exporting'
                          : 'evidence.export',
                      )}
                    </button>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {entries.length === 0 && status !== 'failed' && (
        <p className="recent__empty">
          {status === 'loaded' ? t('callLog.empty') : t('callLog.loading')}
        </p>
      )}
    </section>
  );
}
