import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppDispatch } from '../../../app/hooks';
import type { Call } from '../callsSlice';
import { consultSubmitted, transferSubmitted } from '../callsSlice';

/**
 * 호전환 on the call card: the target (an extension like 1002, a number, or a SIP address), then
 * 바로 돌려주기 (blind transfer) or 협의통화 (consult first: the customer is held while the agent
 * talks to the target, then 고객연결 or 협의취소, see ConsultControls). While the customer's
 * phone calls the target the form waits; a failure says why under the field and the call goes on.
 */
export function TransferForm({ call }: { call: Call }) {
  const { t } = useTranslation();
  const dispatch = useAppDispatch();
  const [target, setTarget] = useState('');
  const transfer = call.transfer;
  if (!transfer) return null;
  const busy = transfer.phase !== 'open';
  const submit = (event: FormEvent) => {
    event.preventDefault();
    dispatch(transferSubmitted({ callId: call.callId, target }));
  };
  const problem = transfer.problem;
  return (
    <form className="transfer-form" onSubmit={submit} noValidate>
      <input
        type="text"
        inputMode="tel"
        autoComplete="off"
        spellCheck={false}
        maxLength={256}
        aria-label={t('calls.transferTarget')}
        placeholder={t('calls.transferTarget')}
        value={target}
        disabled={busy}
        aria-invalid={problem?.kind === 'target'}
        onChange={(event) => setTarget(event.target.value)}
      />
      <button type="submit" className="btn btn--small" disabled={busy}>
        {t('calls.transferBlind')}
      </button>
      <button
        type="button"
        className="btn btn--small"
        disabled={busy}
        onClick={() => dispatch(consultSubmitted({ callId: call.callId, target }))}
      >
        {t('calls.transferConsult')}
      </button>
      {transfer.phase === 'transferring' && (
        <p role="status" className="transfer-form__status">
          {t('calls.transferring', { target: transfer.targetUri ?? '' })}
        </p>
      )}
      {problem && (
        <p role="alert" className="call-card__problem">
          {problem.kind === 'target'
            ? t(`calls.dialProblem.${problem.error}`)
            : t(`calls.transferFailure.${problem.failure}`, { code: problem.statusCode ?? '-' })}
        </p>
      )}
    </form>
  );
}
