import { useTranslation } from 'react-i18next';
import { useAppDispatch, useAppSelector } from '../../../app/hooks';
import { selectCallNotice } from '../../recordingNotice/recordingNoticeSelectors';
import { selectCallRecording } from '../callRecordingSelectors';
import { recordingPauseClicked, recordingResumeClicked } from '../callRecordingSlice';

/**
 * 녹취 중 / 녹취 일시정지 on the call card, with the button that pauses the recording while the
 * customer reads out a card number (once the recording notice is over). Shown only where the
 * policy records calls.
 */
export function RecordingIndicator({ callId }: { callId: string }) {
  const { t } = useTranslation();
  const dispatch = useAppDispatch();
  const recording = useAppSelector((state) => selectCallRecording(state, callId));
  // No pause during the notice: the recording keeps what the customer was told, whole.
  const noticeDone = useAppSelector((state) => selectCallNotice(state, callId)?.phase === 'done');
  if (!recording || recording.phase === 'stopped') return null;

  if (recording.phase === 'failed') {
    return (
      <p role="alert" className="recording recording--failed">
        {t('recording.failed', {
          reason: t(`recording.failure.${recording.failure ?? 'refused'}`),
        })}
      </p>
    );
  }
  const paused = recording.phase === 'paused';
  return (
    <div
      className={`recording recording--${recording.phase}`}
      role="group"
      aria-label={t('recording.label')}
    >
      <span role="status" className="recording__state">
        <span className="recording__dot" aria-hidden="true" />
        {t(paused ? 'recording.paused' : 'recording.recording')}
      </span>
      {noticeDone && (
        <button
          type="button"
          className="btn btn--small"
          disabled={recording.busy}
          onClick={() =>
            dispatch(
              paused ? recordingResumeClicked({ callId }) : recordingPauseClicked({ callId }),
            )
          }
        >
          {t(paused ? 'recording.resume' : 'recording.pause')}
        </button>
      )}
      {paused && <p className="recording__hint">{t('recording.pausedHint')}</p>}
    </div>
  );
}
