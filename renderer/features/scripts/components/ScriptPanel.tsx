import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CallScript } from '../../../../preload/contract';
import { useAppSelector } from '../../../app/hooks';
import { selectActiveCall } from '../../calls/callsSelectors';
import { fillScript } from '../fillScript';

/**
 * 스크립트 during a call: the CRM's outbound script for this customer's type with their details
 * filled in, or at the end of an inbound call the cross-sell prompt (마무리 안내); objection cards
 * (e.g. "생각해 볼게요") open the suggested answer with one click.
 */
export function ScriptPanel() {
  const { t } = useTranslation();
  const call = useAppSelector(selectActiveCall);
  const { callId, scripts } = useAppSelector((state) => state.scripts);
  const pop = useAppSelector((state) => state.customer.pop);
  const agentName = useAppSelector((state) => state.account.account?.displayName ?? null);
  const titleId = useId();
  if (!call || call.callId !== callId || scripts.length === 0) return null;
  const customer =
    pop?.callId === call.callId ? (pop.matches.find((m) => m.id === pop.selectedId) ?? null) : null;
  const fields = {
    name: customer?.name,
    segment: customer?.profile.segment,
    customerType: customer?.profile.customerType,
    since: customer?.profile.since,
    agentName,
  };
  return (
    <section className="scripts" aria-labelledby={titleId}>
      <h2 id={titleId} className="section-title">
        {call.direction === 'outbound' ? t('scripts.outbound') : t('scripts.crossSell')}
      </h2>
      {scripts.map((script) => (
        <Script key={script.id} script={script} fields={fields} />
      ))}
    </section>
  );
}

function Script({
  script,
  fields,
}: {
  script: CallScript;
  fields: Record<string, string | null | undefined>;
}) {
  const { t } = useTranslation();
  const [open, setOpen] = useState<string | null>(null);
  const answer = script.objections.find((o) => o.id === open);
  return (
    <article className="scripts__script" aria-label={script.title}>
      <h3>{script.title}</h3>
      <p className="scripts__body">{fillScript(script.body, fields)}</p>
      {script.objections.length > 0 && (
        <div role="group" aria-label={t('scripts.objections')} className="scripts__objections">
          {script.objections.map((objection) => (
            <button
              key={objection.id}
              type="button"
              className="btn btn--small"
              aria-pressed={open === objection.id}
              onClick={() => setOpen(open === objection.id ? null : objection.id)}
            >
              {objection.label}
            </button>
          ))}
        </div>
      )}
      {answer && (
        <p role="note" className="scripts__answer">
          {fillScript(answer.answer, fields)}
        </p>
      )}
    </article>
  );
}
