import { useTranslation } from 'react-i18next';
import { useAppSelector } from '../../../app/hooks';
import { Party } from '../../../shared/components/Party';
import { formatDuration } from '../../../shared/duration';
import { RecordingIndicator } from '../../callRecording/components/RecordingIndicator';
import { ProtectionControls } from '../../protection/components/ProtectionControls';
import { selectProtectableCallId } from '../../protection/protectionSelectors';
import { RecordingNoticeStatus } from '../../recordingNotice/components/RecordingNoticeStatus';
import { selectMicrophoneOpen } from '../../recordingNotice/recordingNoticeSelectors';
import { selectActiveCall, selectLastEnded, selectSignallingLost } from '../callsSelectors';
import { CallLines } from './CallLines';
import { CallQualityIndicator } from './CallQualityIndicator';
import { CallTimer } from './CallTimer';
import { ConsultControls } from './ConsultControls';
import { DtmfKeypad } from './DtmfKeypad';
import { TransferForm } from './TransferForm';

/** The current call: who, which state (수신 중 / 발신 중 / 통화중), and the talk timer. */
export function ActiveCallCard() {
  const { t } = useTranslation();
  const call = useAppSelector(selectActiveCall);
  const ended = useAppSelector(selectLastEnded);
  const protectable = useAppSelector(selectProtectableCallId);
  const signallingLost = useAppSelector(selectSignallingLost);
  const microphoneOpen = useAppSelector((state) =>
    call ? selectMicrophoneOpen(state, call.callId) : false,
  );

  let statusText: string;
  if (call && call.hold !== 'none') statusText = t(`calls.holdState.${call.hold}`);
  else if (call) statusText = t(`calls.phase.${call.phase}`);
  else if (ended) statusText = `${t('calls.ended')}: ${t(`callEnd.${ended.message}`)}`;
  else statusText = t('calls.noCall');

  const shown = call ?? ended;
  return (
    <section
      aria-label={t('calls.currentCall')}
      className={`call-card${call ? ` call-card--${call.phase}` : ''}`}
    >
      <div className="call-card__head">
        {shown && (
          <span className={`badge badge--${shown.direction}`}>
            {t(`calls.direction.${shown.direction}`)}
          </span>
        )}
        <p role="status" aria-label={t('calls.callStatus')} className="call-card__status">
          {statusText}
        </p>
      </div>
      <CallLines />
      <ConsultControls />
      {signallingLost && call?.phase === 'talking' && (
        <p role="alert" className="call-card__problem">
          {t('calls.signallingLost')}
        </p>
      )}
      {shown && <Party remote={shown.remote} className="call-card__party" />}
      {call?.answeredAt != null && <CallTimer key={call.callId} since={call.answeredAt} />}
      {call && <CallQualityIndicator call={call} />}
      {call && <RecordingNoticeStatus callId={call.callId} />}
      {call && <RecordingIndicator callId={call.callId} />}
      {call && protectable === call.callId && <ProtectionControls callId={call.callId} />}
      {call?.holdProblem && (
        <p role="alert" className="call-card__problem">
          {t(`calls.holdFailed.${call.holdProblem.action}`)}{' '}
          {t(`calls.holdFailure.${call.holdProblem.failure}`, {
            code: call.holdProblem.statusCode ?? '',
          })}
        </p>
      )}
      {call?.muted && <p className="call-card__muted">{t('calls.mutedNote')}</p>}
      {call?.transfer && <TransferForm key={call.callId} call={call} />}
      {call && microphoneOpen && call.hold === 'none' && <DtmfKeypad callId={call.callId} />}
      {!call && ended && ended.answeredAt !== null && (
        <span className="call-timer call-timer--ended">
          {formatDuration((ended.endedAt - ended.answeredAt) / 1000)}
        </span>
      )}
    </section>
  );
}
