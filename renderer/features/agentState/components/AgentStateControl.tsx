import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { notReadyReasonSchema, type NotReadyReason } from '../../../../preload/contract';
import { useAppDispatch, useAppSelector } from '../../../app/hooks';
import { Countdown } from '../../../shared/components/Countdown';
import { selectActiveCall } from '../../calls/callsSelectors';
import { CallTimer } from '../../calls/components/CallTimer';
import { selectAgentStatePending, selectAgentStatus } from '../agentStateSelectors';
import { notReadyChosen, readyClicked } from '../agentStateSlice';
import { toolbarCallState } from '../toolbarCallState';

/** The reasons an agent picks from; 'login' is where a shift starts, not a choice. */
const CHOOSABLE_REASONS = notReadyReasonSchema.options.filter(
  (reason): reason is Exclude<NotReadyReason, 'login'> => reason !== 'login',
);

/**
 * The state indicator at the left of the toolbar: 대기 / 이석 (사유) / 휴식 with the time in the
 * state (while a call is on the line, the call's: 호인입 / 발신 중 / 통화중 / 보류), the 대기
 * button and the 이석 reasons. Main decides; when it refuses Ready the reason is
 * shown here (a damaged recording notice, the rest after an abusive call). The window title
 * carries the state too, so it shows in the taskbar.
 */
export function AgentStateControl() {
  const { t } = useTranslation();
  const dispatch = useAppDispatch();
  const status = useAppSelector(selectAgentStatus);
  const pending = useAppSelector(selectAgentStatePending);
  const onCall = toolbarCallState(useAppSelector(selectActiveCall));

  const label = !status
    ? null
    : onCall
      ? t(`agentState.call.${onCall.phase}`)
      : status.state === 'notReady' && status.reason
        ? `${t('agentState.state.notReady')} (${t(`agentState.reason.${status.reason}`)})`
        : t(`agentState.state.${status.state}`);

  useEffect(() => {
    document.title = label ? `${label} — ${t('app.name')}` : t('app.name');
  }, [label, t]);

  if (!status) return null;
  const resting = status.state === 'recovery';
  // Mandatory after-call work: no early exit to 대기 (main refuses it too).
  const acwUntil = status.state === 'wrapUp' ? status.wrapUpUntil : null;
  return (
    <div
      className={`agent-state agent-state--${onCall ? `call-${onCall.phase}` : status.state}`}
      role="group"
      aria-label={t('agentState.label')}
    >
      <span role="status" aria-label={t('agentState.current')} className="agent-state__current">
        {label}
      </span>
      <CallTimer
        key={onCall?.since ?? status.since}
        since={onCall?.since ?? status.since}
        label={t('agentState.timeInState')}
      />
      {acwUntil !== null && (
        <Countdown
          key={acwUntil}
          until={acwUntil}
          label={t('agentState.acwRemaining')}
          className="agent-state__countdown"
        />
      )}
      <button
        type="button"
        className="btn btn--ready"
        disabled={pending || resting || acwUntil !== null || status.state === 'ready'}
        onClick={() => dispatch(readyClicked())}
      >
        {t('agentState.ready')}
      </button>
      <select
        aria-label={t('agentState.notReadyReason')}
        className="agent-state__reasons"
        disabled={pending || resting}
        value=""
        onChange={(event) => {
          const reason = notReadyReasonSchema.safeParse(event.target.value);
          if (reason.success) dispatch(notReadyChosen({ reason: reason.data }));
        }}
      >
        <option value="" disabled>
          {t('agentState.notReadyPrompt')}
        </option>
        {CHOOSABLE_REASONS.map((reason) => (
          <option key={reason} value={reason}>
            {t(`agentState.reason.${reason}`)}
          </option>
        ))}
      </select>
      {status.readyBlockedBy && (
        <p role="alert" className="agent-state__blocked">
          {t(`agentState.blocked.${status.readyBlockedBy}`)}
        </p>
      )}
    </div>
  );
}
