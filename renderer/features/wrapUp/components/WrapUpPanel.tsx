import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { WrapUpCall } from '../../../../preload/contract';
import { useAppDispatch, useAppSelector } from '../../../app/hooks';
import { Party } from '../../../shared/components/Party';
import { dispositionChosen } from '../wrapUpSlice';

/**
 * 후처리: every answered call still waiting for its disposition (상담 결과). The agent cannot go
 * 대기 until each has one; main enforces it, this is where it is done.
 */
export function WrapUpPanel() {
  const { t } = useTranslation();
  const { due, error } = useAppSelector((state) => state.wrapUp);
  const titleId = useId();
  if (due.length === 0) return null;
  return (
    <section className="wrap-up" aria-labelledby={titleId}>
      <h2 id={titleId} className="section-title">
        {t('wrapUp.title')}
      </h2>
      <p>{t('wrapUp.hint')}</p>
      <ul className="wrap-up__calls">
        {due.map((call) => (
          <WrapUpRow key={call.callId} call={call} />
        ))}
      </ul>
      {error && (
        <p role="alert" className="inline-error">
          {t('wrapUp.failed', { reason: t(`errors.${error}`) })}
        </p>
      )}
    </section>
  );
}

function WrapUpRow({ call }: { call: WrapUpCall }) {
  const { t, i18n } = useTranslation();
  const dispatch = useAppDispatch();
  const { dispositions, saving } = useAppSelector((state) => state.wrapUp);
  const [code, setCode] = useState('');
  const selectId = useId();
  const english = i18n.language.startsWith('en');
  return (
    <li className="wrap-up__call">
      <Party remote={call.remote} />
      <label htmlFor={selectId}>{t('wrapUp.disposition')}</label>
      <select id={selectId} value={code} onChange={(event) => setCode(event.target.value)}>
        <option value="" disabled>
          {t('wrapUp.choose')}
        </option>
        {dispositions.map((d) => (
          <option key={d.code} value={d.code}>
            {english ? d.label.en : d.label.ko}
          </option>
        ))}
      </select>
      <button
        type="button"
        className="btn btn--primary"
        disabled={code === '' || saving === call.callId}
        onClick={() => dispatch(dispositionChosen({ callId: call.callId, code }))}
      >
        {t('wrapUp.save')}
      </button>
    </li>
  );
}
