import { useTranslation } from 'react-i18next';
import { useAppDispatch, useAppSelector } from '../../../app/hooks';
import { auditVerifyClicked } from '../auditLogSlice';

/**
 * The team lead's check of this desktop's audit log: re-computes the hash chain in main and says
 * whether it is intact or where it was first changed (the same check as `npm run audit:verify`).
 */
export function AuditCheck() {
  const { t, i18n } = useTranslation();
  const dispatch = useAppDispatch();
  const { verifying, result, error } = useAppSelector((state) => state.auditLog);
  const time = (at: number) => new Date(at).toLocaleString(i18n.language);

  return (
    <div className="audit-check">
      <h2 className="section-title">{t('audit.title')}</h2>
      <p className="field__hint">{t('audit.hint')}</p>
      <button
        type="button"
        className="btn"
        disabled={verifying}
        onClick={() => dispatch(auditVerifyClicked())}
      >
        {t(verifying ? 'audit.verifying' : 'audit.verify')}
      </button>
      {error && (
        <p role="alert" className="audit-check__result audit-check__result--broken">
          {t(`errors.${error}`)}
        </p>
      )}
      {result && !error && (
        <p
          role={result.brokenAt ? 'alert' : 'status'}
          aria-label={t('audit.result')}
          className={`audit-check__result audit-check__result--${result.brokenAt ? 'broken' : 'intact'}`}
        >
          {result.brokenAt
            ? t('audit.broken', {
                id: result.brokenAt.id,
                at: result.brokenAt.at === null ? '?' : time(result.brokenAt.at),
                action: result.brokenAt.action ?? '?',
              })
            : t('audit.intact', { count: result.entries, checkedAt: time(result.checkedAt) })}
        </p>
      )}
    </div>
  );
}
