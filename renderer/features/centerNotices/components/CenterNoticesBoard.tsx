import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppDispatch, useAppSelector } from '../../../app/hooks';
import { centerNoticeAcknowledged } from '../centerNoticesSlice';

/** 공지사항: the centre's notices; 필독 ones carry 확인했습니다 and block 대기 until then. */
export function CenterNoticesBoard() {
  const { t } = useTranslation();
  const dispatch = useAppDispatch();
  const notices = useAppSelector((state) => state.centerNotices.notices);
  const titleId = useId();
  if (notices.length === 0) return null;
  return (
    <section className="center-notices" aria-labelledby={titleId}>
      <h2 id={titleId} className="section-title">
        {t('centerNotices.title')}
      </h2>
      <ul className="center-notices__list">
        {notices.map((notice) => (
          <li key={notice.id} className="center-notices__item">
            <p className="center-notices__title">
              {notice.mandatory && (
                <span className="badge badge--abusive">{t('centerNotices.mandatory')}</span>
              )}{' '}
              {notice.title}
            </p>
            <p className="center-notices__body">{notice.body}</p>
            {notice.acknowledgedAt === null ? (
              <button
                type="button"
                className="btn btn--small"
                aria-label={`${t('centerNotices.acknowledge')}: ${notice.title}`}
                onClick={() => dispatch(centerNoticeAcknowledged({ id: notice.id }))}
              >
                {t('centerNotices.acknowledge')}
              </button>
            ) : (
              <span className="center-notices__done">{t('centerNotices.acknowledged')}</span>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
