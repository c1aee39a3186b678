import { useTranslation } from 'react-i18next';
import { useAppDispatch, useAppSelector } from '../../../app/hooks';
import { selectLines } from '../callsSelectors';
import { consultCancelled, consultCompleted } from '../callsSlice';

/**
 * 협의통화 in progress: the customer is on hold on one line while the agent talks to the target
 * on the other. 고객연결 hands the customer over (attended transfer); 협의취소 ends the consult
 * call and brings the agent back to the customer.
 */
export function ConsultControls() {
  const { t } = useTranslation();
  const dispatch = useAppDispatch();
  const lines = useAppSelector(selectLines);
  const customer = lines.find((call) => call.transfer?.consultCallId != null);
  const transfer = customer?.transfer;
  if (!customer || !transfer) return null;
  const busy = transfer.phase !== 'consulting';
  const problem = transfer.problem;
  return (
    <div role="group" aria-label={t('calls.consulting')} className="consult-controls">
      <p className="consult-controls__label">{t('calls.consulting')}</p>
      <button
        type="button"
        className="btn btn--small btn--primary"
        disabled={busy}
        onClick={() => dispatch(consultCompleted({ callId: customer.callId }))}
      >
        {t('calls.consultComplete')}
      </button>
      <button
        type="button"
        className="btn btn--small"
        disabled={busy}
        onClick={() => dispatch(consultCancelled({ callId: customer.callId }))}
      >
        {t('calls.consultCancel')}
      </button>
      {problem?.kind === 'failed' && (
        <p role="alert" className="call-card__problem">
          {t(`calls.transferFailure.${problem.failure}`, { code: problem.statusCode ?? '-' })}
        </p>
      )}
    </div>
  );
}
