import { useTranslation } from 'react-i18next';
import { useAppSelector } from '../../../app/hooks';
import { selectRegistrationMessageKey, selectRegistrationStatus } from '../registrationSelectors';

/** The registration indicator: a polite live region, so state changes are read out. */
export function RegistrationStatus() {
  const { t } = useTranslation();
  const status = useAppSelector(selectRegistrationStatus);
  const messageKey = useAppSelector(selectRegistrationMessageKey);
  return (
    <div
      role="status"
      aria-label={t('registration.label')}
      className={`registration registration--${status}`}
      data-status={status}
    >
      <span className="registration__dot" aria-hidden="true" />
      <span className="registration__text">{t(messageKey)}</span>
    </div>
  );
}
