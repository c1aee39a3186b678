import { ManagedNote } from '../../policy/components/ManagedNote';
import { selectPinned } from '../../policy/policySelectors';
import { useId, useState, type FormEvent } from 'react';
import { dtmfModeSchema, type DtmfMode } from '../../../../preload/contract';
import { useTranslation } from 'react-i18next';
import { useAppDispatch, useAppSelector } from '../../../app/hooks';
import { selectAccount, selectAccountSaveError, selectAccountSaving } from '../accountSelectors';
import { accountSaveRequested } from '../accountSlice';
import {
  validateAccountForm,
  type AccountField,
  type AccountFormValues,
  type FieldError,
} from '../accountValidation';

const FIELD_ORDER: AccountField[] = ['displayName', 'sipUri', 'password', 'wsServers'];

/**
 * The SIP account: display name, SIP URI, password, WebSocket servers (one per line). Checked
 * with the contract's schemas before it is sent; saving restarts registration.
 */
export function AccountForm({ onCancel }: { onCancel?: () => void }) {
  const { t } = useTranslation();
  const dispatch = useAppDispatch();
  const account = useAppSelector(selectAccount);
  const saving = useAppSelector(selectAccountSaving);
  const saveError = useAppSelector(selectAccountSaveError);
  const [values, setValues] = useState<AccountFormValues>(() => ({
    displayName: account?.displayName ?? '',
    sipUri: account?.sipUri ?? '',
    password: '',
    wsServers: account?.wsServers.join('\n') ?? '',
  }));
  const [errors, setErrors] = useState<Partial<Record<AccountField, FieldError>>>({});
  const [dtmfMode, setDtmfMode] = useState<DtmfMode>(account?.dtmfMode ?? 'rfc4733');
  const ids = {
    form: useId(),
    displayName: useId(),
    sipUri: useId(),
    password: useId(),
    wsServers: useId(),
    dtmfMode: useId(),
  };
  const hasPassword = account?.hasPassword ?? false;
  // Servers and DTMF method IT pins are shown read-only and always sent as pinned.
  const pinned = useAppSelector(selectPinned);
  const managedId = useId();
  const pinnedServers = pinned.wsServers?.join('\n');

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const result = validateAccountForm(
      pinnedServers === undefined ? values : { ...values, wsServers: pinnedServers },
      hasPassword,
    );
    if (!result.ok) {
      setErrors(result.errors);
      // Take the agent to the first field to fix; its message is read out as its description.
      const first = FIELD_ORDER.find((name) => result.errors[name]);
      if (first) document.getElementById(ids[first])?.focus();
      return;
    }
    setErrors({});
    dispatch(accountSaveRequested({ ...result.request, dtmfMode: pinned.dtmfMode ?? dtmfMode }));
    setValues((v) => ({ ...v, password: '' }));
  };

  const field = (name: AccountField, hasHint: boolean) => ({
    id: ids[name],
    value: values[name],
    onChange: (event: { target: { value: string } }) => {
      const value = event.target.value;
      setValues((v) => ({ ...v, [name]: value }));
    },
    'aria-invalid': errors[name] !== undefined,
    'aria-describedby':
      [errors[name] ? `${ids[name]}-error` : null, hasHint ? `${ids[name]}-hint` : null]
        .filter(Boolean)
        .join(' ') || undefined,
  });

  const errorText = (name: AccountField) => {
    const error = errors[name];
    return error ? (
      <p id={`${ids[name]}-error`} className="field__error">
        {t(`account.errors.${error.key}`, error.values ?? {})}
      </p>
    ) : null;
  };

  return (
    <form className="account-form" aria-labelledby={ids.form} onSubmit={submit} noValidate>
      <h2 id={ids.form} className="section-title">
        {t('account.formLabel')}
      </h2>
      {!account && <p className="account-form__intro">{t('account.firstRun')}</p>}

      <div className="field">
        <label htmlFor={ids.displayName}>{t('account.displayName')}</label>
        <input type="text" autoComplete="name" maxLength={200} {...field('displayName', false)} />
        {errorText('displayName')}
      </div>

      <div className="field">
        <label htmlFor={ids.sipUri}>{t('account.sipUri')}</label>
        <input
          type="text"
          autoComplete="off"
          spellCheck={false}
          maxLength={300}
          {...field('sipUri', true)}
        />
        <p id={`${ids.sipUri}-hint`} className="field__hint">
          {t('account.sipUriHint')}
        </p>
        {errorText('sipUri')}
      </div>

      <div className="field">
        <label htmlFor={ids.password}>{t('account.password')}</label>
        <input
          type="password"
          autoComplete="current-password"
          maxLength={300}
          {...field('password', hasPassword)}
        />
        {hasPassword && (
          <p id={`${ids.password}-hint`} className="field__hint">
            {t('account.passwordKeep')}
          </p>
        )}
        {errorText('password')}
      </div>

      <div className="field">
        <label htmlFor={ids.wsServers}>{t('account.wsServers')}</label>
        {pinnedServers === undefined ? (
          <textarea rows={3} spellCheck={false} {...field('wsServers', true)} />
        ) : (
          <textarea
            id={ids.wsServers}
            rows={3}
            readOnly
            value={pinnedServers}
            aria-describedby={`${managedId}-servers`}
          />
        )}
        <p id={`${ids.wsServers}-hint`} className="field__hint">
          {t('account.wsServersHint')}
        </p>
        {pinnedServers !== undefined && <ManagedNote id={`${managedId}-servers`} />}
        {errorText('wsServers')}
      </div>

      <div className="field">
        <label htmlFor={ids.dtmfMode}>{t('account.dtmfMode')}</label>
        <select
          id={ids.dtmfMode}
          value={pinned.dtmfMode ?? dtmfMode}
          disabled={pinned.dtmfMode !== undefined}
          aria-describedby={pinned.dtmfMode !== undefined ? `${managedId}-dtmf` : undefined}
          onChange={(event) => setDtmfMode(dtmfModeSchema.parse(event.target.value))}
        >
          <option value="rfc4733">{t('account.dtmfRfc4733')}</option>
          <option value="info">{t('account.dtmfInfo')}</option>
        </select>
        {pinned.dtmfMode !== undefined && <ManagedNote id={`${managedId}-dtmf`} />}
      </div>

      {saveError && (
        <p role="alert" className="inline-error">
          {t('account.saveFailed', { reason: t(`errors.${saveError}`) })}
        </p>
      )}

      <div className="form-actions">
        <button type="submit" className="btn btn--primary" disabled={saving}>
          {saving ? t('account.saving') : t('account.save')}
        </button>
        {onCancel && (
          <button type="button" className="btn" onClick={onCancel}>
            {t('account.cancel')}
          </button>
        )}
      </div>
    </form>
  );
}
