import { useId, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppDispatch, useAppSelector } from '../../../app/hooks';
import { selectCallControls, selectDialInput, selectDialProblem } from '../callsSelectors';
import {
  answerClicked,
  declineClicked,
  dialInputEdited,
  dialSubmitted,
  hangupClicked,
  holdClicked,
  muteToggled,
  resumeClicked,
  transferToggled,
} from '../callsSlice';

/**
 * The toolbar's number field and call buttons (걸기 / 받기 / 거절 / 끊기 / 보류 / 음소거 / 호전환), each
 * enabled only when it can do something. Enter in the field dials.
 */
export function DialBar() {
  const { t } = useTranslation();
  const dispatch = useAppDispatch();
  const input = useAppSelector(selectDialInput);
  const problem = useAppSelector(selectDialProblem);
  const controls = useAppSelector(selectCallControls);
  const problemId = useId();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    dispatch(dialSubmitted());
  };

  return (
    <form className="dialbar" onSubmit={submit} noValidate>
      <div className="dialbar__field">
        <input
          type="text"
          inputMode="tel"
          autoComplete="off"
          spellCheck={false}
          maxLength={256}
          className="dialbar__input"
          aria-label={t('calls.number')}
          placeholder={t('calls.numberPlaceholder')}
          value={input}
          aria-invalid={problem !== null}
          aria-describedby={problem ? problemId : undefined}
          onChange={(event) => dispatch(dialInputEdited({ text: event.target.value }))}
          onKeyDown={(event) => {
            // Enter dials even while 걸기 is disabled (a disabled default button blocks implicit
            // submission): the agent then hears why nothing was dialled.
            if (event.key === 'Enter' && !event.nativeEvent.isComposing) {
              event.preventDefault();
              dispatch(dialSubmitted());
            }
          }}
        />
        {problem && (
          <p id={problemId} role="alert" className="dialbar__problem">
            {t(`calls.dialProblem.${problem}`)}
          </p>
        )}
      </div>
      <button type="submit" className="btn btn--dial" disabled={!controls.canDial}>
        {t('calls.dial')}
      </button>
      <button
        type="button"
        className={`btn btn--answer${controls.canAnswer ? ' btn--attention' : ''}`}
        disabled={!controls.canAnswer}
        onClick={() =>
          controls.ringingCallId && dispatch(answerClicked({ callId: controls.ringingCallId }))
        }
      >
        {t('calls.answer')}
      </button>
      <button
        type="button"
        className="btn btn--decline"
        disabled={!controls.canDecline}
        onClick={() =>
          controls.ringingCallId && dispatch(declineClicked({ callId: controls.ringingCallId }))
        }
      >
        {t('calls.decline')}
      </button>
      <button
        type="button"
        className="btn btn--hangup"
        disabled={!controls.canHangUp}
        onClick={() =>
          controls.activeCallId && dispatch(hangupClicked({ callId: controls.activeCallId }))
        }
      >
        {t('calls.hangUp')}
      </button>
      <button
        type="button"
        className="btn btn--hold"
        aria-pressed={controls.held}
        disabled={!(controls.canHold || controls.canResume)}
        onClick={() => {
          const callId = controls.activeCallId;
          if (!callId) return;
          dispatch(controls.canResume ? resumeClicked({ callId }) : holdClicked({ callId }));
        }}
      >
        {t(controls.held ? 'calls.resume' : 'calls.hold')}
      </button>
      <button
        type="button"
        className="btn btn--mute"
        aria-pressed={controls.muted}
        disabled={!controls.canMute}
        onClick={() =>
          controls.activeCallId && dispatch(muteToggled({ callId: controls.activeCallId }))
        }
      >
        {t(controls.muted ? 'calls.unmute' : 'calls.mute')}
      </button>
      <button
        type="button"
        className="btn btn--transfer"
        aria-expanded={controls.transferOpen}
        disabled={!controls.canTransfer}
        onClick={() =>
          controls.activeCallId && dispatch(transferToggled({ callId: controls.activeCallId }))
        }
      >
        {t('calls.transfer')}
      </button>
    </form>
  );
}
