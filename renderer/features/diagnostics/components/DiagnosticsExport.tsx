import { useTranslation } from 'react-i18next';
import { useAppDispatch, useAppSelector } from '../../../app/hooks';
import { diagnosticsExportClicked } from '../diagnosticsSlice';

/**
 * 진단 정보 내보내기: one file for IT (versions, policy, health check, sync, redacted logs; no
 * passwords, tokens or customer data), and where it went, so the agent can attach it to a ticket.
 */
export function DiagnosticsExport() {
  const { t } = useTranslation();
  const dispatch = useAppDispatch();
  const { exporting, file, error } = useAppSelector((state) => state.diagnostics);

  return (
    <div className="diagnostics-export">
      <h2 className="section-title">{t('diagnostics.title')}</h2>
      <p className="field__hint">{t('diagnostics.hint')}</p>
      <button
        type="button"
        className="btn"
        disabled={exporting}
        onClick={() => dispatch(diagnosticsExportClicked())}
      >
        {t(exporting ? 'diagnostics.exporting' : 'diagnostics.export')}
      </button>
      {error && (
        <p role="alert" className="inline-error">
          {t('diagnostics.failed', { reason: t(`errors.${error}`) })}
        </p>
      )}
      {file && !error && (
        <p role="status" className="diagnostics-export__result">
          {t('diagnostics.exported', { file })}
        </p>
      )}
    </div>
  );
}
