import { useTranslation } from 'react-i18next';
import { useAppSelector } from '../../../app/hooks';
import { noticeMessageKey, noticeNeedsAlert } from '../noticeMessage';
import { selectCallNotice } from '../recordingNoticeSelectors';

/**
 * The recording notice on the call card: a progress bar while the customer hears it (the
 * microphone opens when it ends), a short line once it has played, and an alert when it cannot
 * play (the microphone then stays closed). There is deliberately no control to skip or stop it.
 */
export function RecordingNoticeStatus({ callId }: { callId: string }) {
  const { t } = useTranslation();
  const notice = useAppSelector((state) => selectCallNotice(state, callId));
  if (!notice || notice.callOver) return null;
  const text = t(`recordingNotice.${noticeMessageKey(notice)}`);

  if (noticeNeedsAlert(notice)) {
    return (
      <p role="alert" className="inline-error recording-notice recording-notice--failed">
        {text}
      </p>
    );
  }
  if (notice.phase === 'pending' || notice.phase === 'playing') {
    return (
      <div className="recording-notice recording-notice--playing">
        <div
          role="progressbar"
          aria-label={t('recordingNotice.label')}
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={notice.progress}
          className="recording-notice__bar"
        >
          <progress max={100} value={notice.progress} aria-hidden="true" />
        </div>
        <p className="recording-notice__text">{text}</p>
      </div>
    );
  }
  if (notice.phase === 'done') {
    return <p className="recording-notice recording-notice--done">{text}</p>;
  }
  return null;
}
