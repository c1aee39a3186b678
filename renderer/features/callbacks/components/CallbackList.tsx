import { useEffect, useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Callback } from '../../../../preload/contract';
import { useAppDispatch, useAppSelector } from '../../../app/hooks';
import { dialLinkReceived } from '../../calls/callsSlice';
import { attemptRecorded } from '../callbacksSlice';

const OUTCOMES = ['no_answer', 'phone_off', 'busy', 'reached'] as const;

/**
 * 콜백: the agent's open callbacks by deadline, overdue ones marked, each with 걸기 (click-to-dial)
 * and the outcome of the attempt (부재 / 전원 꺼짐 / 통화중 / 통화 완료); a failed attempt gets its
 * next try proposed inside the customer's hours and the centre's window.
 */
export function CallbackList() {
  const { t } = useTranslation();
  const list = useAppSelector((state) => state.callbacks.list);
  const titleId = useId();
  const open = list.filter((c) => c.status === 'open');
  // The clock the list is judged by (overdue, due now), moved on every half minute.
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(timer);
  }, []);
  return (
    <section className="callbacks" aria-labelledby={titleId}>
      <h2 id={titleId} className="section-title">
        {t('callbacks.title')}
      </h2>
      {open.length === 0 ? (
        <p className="callbacks__empty">{t('callbacks.none')}</p>
      ) : (
        <ul className="callbacks__list" aria-label={t('callbacks.title')}>
          {open.map((callback) => (
            <CallbackRow key={callback.id} callback={callback} now={now} />
          ))}
        </ul>
      )}
    </section>
  );
}

function CallbackRow({ callback, now }: { callback: Callback; now: number }) {
  const { t, i18n } = useTranslation();
  const dispatch = useAppDispatch();
  const format = useMemo(
    () => new Intl.DateTimeFormat(i18n.language, { dateStyle: 'short', timeStyle: 'short' }),
    [i18n.language],
  );
  const overdue = callback.dueBy < now;
  // The reminder: the planned time has come.
  const dueNow = !overdue && callback.scheduledAt !== null && callback.scheduledAt <= now;
  return (
    <li className={overdue ? 'callbacks__item callbacks__item--overdue' : 'callbacks__item'}>
      <div>
        <strong>{callback.number}</strong> {callback.reason}
      </div>
      <div className="callbacks__times">
        {overdue && <span className="callbacks__overdue">{t('callbacks.overdue')} </span>}
        {dueNow && (
          <span role="status" className="callbacks__due-now">
            {t('callbacks.dueNow')}{' '}
          </span>
        )}
        {t('callbacks.dueBy', { time: format.format(callback.dueBy) })}
        {' · '}
        {callback.scheduledAt !== null
          ? t('callbacks.next', { time: format.format(callback.scheduledAt) })
          : t('callbacks.noSlot')}
        {callback.attempts > 0 && ` · ${t('callbacks.attempts', { count: callback.attempts })}`}
      </div>
      <div className="callbacks__actions">
        <button
          type="button"
          className="btn btn--small"
          onClick={() => dispatch(dialLinkReceived({ target: callback.number }))}
        >
          {t('callbacks.dial')}
        </button>
        {OUTCOMES.map((outcome) => (
          <button
            key={outcome}
            type="button"
            className="btn btn--small"
            onClick={() => dispatch(attemptRecorded({ id: callback.id, outcome }))}
          >
            {t(`callbacks.outcome.${outcome}`)}
          </button>
        ))}
      </div>
    </li>
  );
}
