import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppDispatch, useAppSelector } from '../../../app/hooks';
import { selectHasLiveCall } from '../../calls/callsSelectors';
import { selectAccount } from '../accountSelectors';
import { signOutRequested } from '../accountSlice';

/**
 * 로그아웃: unregisters, and main forgets the SIP account, its password and the CRM token. The
 * agent may also delete this PC's customer data (IT's policy can require it; main decides).
 * Writes the CRM does not have yet are always kept. Asks once before doing it; never during a
 * call. After it, the settings show the first-run account form with what was removed and kept.
 */
export function SignOut() {
  const { t } = useTranslation();
  const dispatch = useAppDispatch();
  const account = useAppSelector(selectAccount);
  const liveCall = useAppSelector(selectHasLiveCall);
  const { signingOut, signOutError } = useAppSelector((state) => state.account);
  const [confirming, setConfirming] = useState(false);
  const [purge, setPurge] = useState(false);
  const titleId = useId();
  const purgeId = useId();
  const purgeHintId = useId();
  if (!account) return null;

  return (
    <section className="sign-out" aria-labelledby={titleId}>
      <h2 id={titleId} className="section-title">
        {t('account.signOut.title')}
      </h2>
      <div className="field field--check">
        <input
          id={purgeId}
          type="checkbox"
          checked={purge}
          aria-describedby={purgeHintId}
          onChange={(event) => setPurge(event.target.checked)}
        />
        <label htmlFor={purgeId}>{t('account.signOut.purge')}</label>
        <p id={purgeHintId} className="field__hint">
          {t('account.signOut.purgeHint')}
        </p>
      </div>
      {liveCall && <p className="field__hint">{t('account.signOut.notDuringCall')}</p>}
      {confirming ? (
        <div className="sign-out__confirm" role="group" aria-label={t('account.signOut.confirm')}>
          <p>{t('account.signOut.confirm')}</p>
          <button
            type="button"
            className="btn btn--decline"
            disabled={signingOut || liveCall}
            onClick={() => dispatch(signOutRequested({ purge }))}
          >
            {t(signingOut ? 'account.signOut.signingOut' : 'account.signOut.confirmButton')}
          </button>
          <button
            type="button"
            className="btn"
            disabled={signingOut}
            onClick={() => setConfirming(false)}
          >
            {t('account.cancel')}
          </button>
        </div>
      ) : (
        <button
          type="button"
          className="btn"
          disabled={liveCall}
          onClick={() => setConfirming(true)}
        >
          {t('account.signOut.button')}
        </button>
      )}
      {signOutError && (
        <p role="alert" className="inline-error">
          {t('account.signOut.failed', { reason: t(`errors.${signOutError}`) })}
        </p>
      )}
    </section>
  );
}

/** Said on the first-run form right after a sign-out: what left this PC and what waits for the CRM. */
export function SignedOutNotice() {
  const { t } = useTranslation();
  const last = useAppSelector((state) => state.account.lastSignOut);
  if (!last) return null;
  const pending = last.kept.outbox;
  return (
    <p role="status" className="sign-out__done">
      {t(last.purged ? 'account.signOut.donePurged' : 'account.signOut.done')}
      {pending > 0 && ` ${t('account.signOut.keptPending', { count: pending })}`}
    </p>
  );
}
