import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppDispatch, useAppSelector } from '../../../app/hooks';
import { crmTokenSubmitted } from '../syncSlice';

/** The agent's CRM access token, kept in the OS secret store (shown only when a CRM is set up). */
export function CrmTokenForm() {
  const { t } = useTranslation();
  const dispatch = useAppDispatch();
  const { status, tokenSaving } = useAppSelector((state) => state.sync);
  const [token, setToken] = useState('');
  const id = useId();
  if (!status || status.state === 'disabled') return null;
  return (
    <form
      className="field"
      onSubmit={(event) => {
        event.preventDefault();
        dispatch(crmTokenSubmitted({ token: token.trim() }));
        setToken('');
      }}
    >
      <label htmlFor={id}>{t('sync.token')}</label>
      <input
        id={id}
        type="password"
        autoComplete="off"
        value={token}
        onChange={(event) => setToken(event.target.value)}
      />
      <button type="submit" className="btn" disabled={tokenSaving || token.trim().length < 8}>
        {t('sync.saveToken')}
      </button>
    </form>
  );
}
