import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppDispatch, useAppSelector } from '../../../app/hooks';
import { callbackScheduled } from '../callbacksSlice';

/** 'YYYY-MM-DDTHH:mm' in local time, as <input type="datetime-local"> reads and writes it. */
function toLocalInput(epochMs: number): string {
  const d = new Date(epochMs);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/**
 * 콜백 예약 for the customer of the current (or just ended) call: when to call, by when it must be
 * done (e.g. a contract re-recording due within 4 days) and why. Main refuses a time outside the
 * customer's calling hours or the centre's outbound window and proposes one that fits.
 */
export function CallbackForm() {
  const { t, i18n } = useTranslation();
  const dispatch = useAppDispatch();
  const editor = useAppSelector((state) => state.notes.editor);
  const pop = useAppSelector((state) => state.customer.pop);
  const form = useAppSelector((state) => state.callbacks.form);
  const customer =
    pop && pop.callId === editor?.callId
      ? (pop.matches.find((m) => m.id === pop.selectedId) ?? null)
      : null;
  const [number, setNumber] = useState(customer?.phones[0]?.number ?? '');
  const [reason, setReason] = useState('');
  const [at, setAt] = useState('');
  const [dueBy, setDueBy] = useState('');
  const ids = { title: useId(), number: useId(), reason: useId(), at: useId(), dueBy: useId() };
  if (!editor) return null;

  const submit = (event: FormEvent, when = at) => {
    event.preventDefault();
    const atMs = new Date(when).getTime();
    const dueMs = new Date(dueBy).getTime();
    if (!Number.isFinite(atMs) || !Number.isFinite(dueMs) || number.trim() === '') return;
    dispatch(
      callbackScheduled({
        customerId: customer?.id ?? null,
        number: number.trim(),
        reason: reason.trim(),
        at: atMs,
        dueBy: dueMs,
        customerHours: customer?.profile.callingHours ?? null,
      }),
    );
  };
  const format = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'short', timeStyle: 'short' });

  return (
    <form className="callback-form" aria-labelledby={ids.title} onSubmit={submit}>
      <h3 id={ids.title} className="section-title">
        {t('callbacks.schedule')}
      </h3>
      <label htmlFor={ids.number}>{t('callbacks.number')}</label>
      <input
        id={ids.number}
        type="tel"
        value={number}
        maxLength={64}
        onChange={(e) => setNumber(e.target.value)}
      />
      <label htmlFor={ids.reason}>{t('callbacks.reason')}</label>
      <input
        id={ids.reason}
        type="text"
        value={reason}
        maxLength={500}
        onChange={(e) => setReason(e.target.value)}
      />
      <label htmlFor={ids.at}>{t('callbacks.at')}</label>
      <input id={ids.at} type="datetime-local" value={at} onChange={(e) => setAt(e.target.value)} />
      <label htmlFor={ids.dueBy}>{t('callbacks.deadline')}</label>
      <input
        id={ids.dueBy}
        type="datetime-local"
        value={dueBy}
        onChange={(e) => setDueBy(e.target.value)}
      />
      <button
        type="submit"
        className="btn"
        disabled={form.phase === 'saving' || at === '' || dueBy === '' || number.trim() === ''}
      >
        {t('callbacks.save')}
      </button>
      {form.phase === 'created' && (
        <p role="status" className="callback-form__done">
          {t('callbacks.created')}
        </p>
      )}
      {form.phase === 'refused' && form.refusal && (
        <div role="alert" className="inline-error">
          {t(`callbacks.refused.${form.refusal.reason}`)}
          {form.refusal.suggestion !== null && (
            <button
              type="button"
              className="btn btn--small"
              onClick={(event) => {
                const next = toLocalInput(form.refusal!.suggestion!);
                setAt(next);
                submit(event, next);
              }}
            >
              {t('callbacks.useSuggestion', { time: format.format(form.refusal.suggestion) })}
            </button>
          )}
        </div>
      )}
      {form.error && (
        <p role="alert" className="inline-error">
          {t('callbacks.failed', { reason: t(`errors.${form.error}`) })}
        </p>
      )}
    </form>
  );
}
