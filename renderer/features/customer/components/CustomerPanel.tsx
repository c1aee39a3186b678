import { useId, useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { CustomerCard } from '../../../../preload/contract';
import { useAppDispatch, useAppSelector } from '../../../app/hooks';
import { sanitizeDisplayName } from '../../../shared/displayText';
import { customerChosen, newCustomerSubmitted } from '../customerSlice';

/**
 * 고객 정보: the screen pop of the current call from the local cache. The card (what experienced
 * agents check first: name, segment, flags, language, hours, tenure, products, recent changes)
 * and the last interactions; 신규 고객 for an unknown number; a chooser when several share it.
 */
export function CustomerPanel() {
  const { t, i18n } = useTranslation();
  const dispatch = useAppDispatch();
  const pop = useAppSelector((state) => state.customer.pop);
  const titleId = useId();
  const dateTime = useMemo(
    () => new Intl.DateTimeFormat(i18n.language, { dateStyle: 'short', timeStyle: 'short' }),
    [i18n.language],
  );
  if (!pop) return null;
  const selected = pop.matches.find((m) => m.id === pop.selectedId) ?? null;

  return (
    <section className="customer" aria-labelledby={titleId}>
      <h2 id={titleId} className="section-title">
        {t('customer.title')}
      </h2>
      {pop.status === 'looking' && <p>{t('customer.looking')}</p>}
      {pop.status === 'unknown' && (
        <>
          <p role="status">{t('customer.unknown')}</p>
          <NewCustomerForm registering={pop.registering} />
          {pop.error && (
            <p role="alert" className="inline-error">
              {t('customer.failed', { reason: t(`errors.${pop.error}`) })}
            </p>
          )}
        </>
      )}
      {pop.status === 'failed' && (
        <p role="alert" className="inline-error">
          {t('customer.failed', { reason: t(`errors.${pop.error ?? 'INTERNAL'}`) })}
        </p>
      )}
      {pop.status === 'choose' && (
        <div role="group" aria-label={t('customer.choose')} className="customer__choose">
          <p>{t('customer.choose')}</p>
          {pop.matches.map((match) => (
            <button
              key={match.id}
              type="button"
              className="btn"
              onClick={() => dispatch(customerChosen({ customerId: match.id }))}
            >
              {sanitizeDisplayName(match.name, 40)}
            </button>
          ))}
        </div>
      )}
      {selected && <Card customer={selected} />}
      {selected && (
        <ol className="customer__history" aria-label={t('customer.history')}>
          {pop.history.map((item) => (
            <li key={item.id}>
              <time dateTime={new Date(item.at).toISOString()}>{dateTime.format(item.at)}</time>{' '}
              <span className="customer__kind">{t(`customer.kind.${item.kind}`, item.kind)}</span>{' '}
              {item.summary}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

function Card({ customer }: { customer: CustomerCard }) {
  const { t } = useTranslation();
  const p = customer.profile;
  const facts: Array<[string, string]> = [];
  if (p.segment) facts.push([t('customer.segment'), p.segment]);
  if (p.customerType) facts.push([t('customer.type'), p.customerType]);
  if (p.signupChannel) facts.push([t('customer.signupChannel'), p.signupChannel]);
  if (p.ageBand) facts.push([t('customer.ageBand'), p.ageBand]);
  if (p.since) facts.push([t('customer.since'), p.since]);
  if (customer.preferredLanguage)
    facts.push([
      t('customer.language'),
      t(`settings.language${customer.preferredLanguage === 'ko' ? 'Ko' : 'En'}`),
    ]);
  if (p.callingHours)
    facts.push([t('customer.hours'), `${p.callingHours.from}–${p.callingHours.to}`]);
  if (p.products?.length)
    facts.push([t('customer.products'), p.products.map((x) => x.name).join(', ')]);
  return (
    <div className="customer__card" aria-label={t('customer.card')}>
      <p className="customer__name">
        {sanitizeDisplayName(customer.name, 40)}
        {p.flags?.vip && <span className="badge badge--vip">VIP</span>}
        {p.flags?.abusive && (
          <span className="badge badge--abusive">{t('customer.abusiveFlag')}</span>
        )}
      </p>
      <dl className="customer__facts">
        {facts.map(([label, value]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      {p.recentChanges?.length ? (
        <ul className="customer__changes" aria-label={t('customer.recentChanges')}>
          {p.recentChanges.map((change) => (
            <li key={`${change.at}-${change.what}`}>
              {change.at} {change.what}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

/** 신규 고객 등록: name and language are enough to start; the CRM completes the record. */
function NewCustomerForm({ registering }: { registering: boolean }) {
  const { t } = useTranslation();
  const dispatch = useAppDispatch();
  const [name, setName] = useState('');
  const [language, setLanguage] = useState<'ko' | 'en' | ''>('');
  const ids = { title: useId(), name: useId(), language: useId() };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (name.trim() === '') return;
    dispatch(newCustomerSubmitted({ name: name.trim(), preferredLanguage: language || null }));
  };
  return (
    <form className="customer__new" aria-labelledby={ids.title} onSubmit={submit}>
      <h3 id={ids.title}>{t('customer.newTitle')}</h3>
      <label htmlFor={ids.name}>{t('customer.newName')}</label>
      <input
        id={ids.name}
        type="text"
        value={name}
        maxLength={256}
        onChange={(e) => setName(e.target.value)}
      />
      <label htmlFor={ids.language}>{t('customer.language')}</label>
      <select
        id={ids.language}
        value={language}
        onChange={(e) => setLanguage(e.target.value as 'ko' | 'en' | '')}
      >
        <option value="">–</option>
        <option value="ko">{t('settings.languageKo')}</option>
        <option value="en">{t('settings.languageEn')}</option>
      </select>
      <button type="submit" className="btn" disabled={registering || name.trim() === ''}>
        {t('customer.newSave')}
      </button>
    </form>
  );
}
