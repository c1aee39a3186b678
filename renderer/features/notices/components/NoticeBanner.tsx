import { useTranslation } from 'react-i18next';
import { useAppDispatch, useAppSelector } from '../../../app/hooks';
import { selectVisibleNotices } from '../noticesSelectors';
import { noticeDismissed } from '../noticesSlice';

/** Start-up notices (e.g. the database was damaged and moved aside), until the agent dismisses them. */
export function NoticeBanner() {
  const { t } = useTranslation();
  const dispatch = useAppDispatch();
  const notices = useAppSelector(selectVisibleNotices);
  if (notices.length === 0) return null;
  return (
    <div className="notices">
      {notices.map(({ notice, index }) => (
        <div key={index} className="notice" data-code={notice.code}>
          <p role="alert" className="notice__text">
            {t(`notices.${notice.code}`, { path: notice.detail })}
          </p>
          <button
            type="button"
            className="btn btn--small"
            onClick={() => dispatch(noticeDismissed({ index }))}
          >
            {t('notices.dismiss')}
          </button>
        </div>
      ))}
    </div>
  );
}
