import { useTranslation } from 'react-i18next';
import { useAppDispatch, useAppSelector } from '../../../app/hooks';
import { Party } from '../../../shared/components/Party';
import { selectLines } from '../callsSelectors';
import { swapClicked } from '../callsSlice';

/**
 * 통화 회선: shown while there is more than one call (a waiting call, or a customer on hold on
 * the other line). Each line says where it is; 이 통화로 전환 puts the current line on hold
 * and takes the chosen one off hold.
 */
export function CallLines() {
  const { t } = useTranslation();
  const dispatch = useAppDispatch();
  const lines = useAppSelector(selectLines);
  const focusedId = useAppSelector((state) => state.calls.focusedId);
  if (lines.length < 2) return null;
  return (
    <ul aria-label={t('calls.lines')} className="call-lines">
      {lines.map((call, index) => {
        const focused = call.callId === focusedId;
        const status =
          call.hold !== 'none' ? t(`calls.holdState.${call.hold}`) : t(`calls.phase.${call.phase}`);
        return (
          <li
            key={call.callId}
            aria-current={focused ? 'true' : undefined}
            className={`call-lines__line${focused ? ' call-lines__line--focused' : ''}`}
          >
            <span className="call-lines__label">{t('calls.line', { n: index + 1 })}</span>
            <Party remote={call.remote} className="call-lines__party" />
            <span className="call-lines__status">{status}</span>
            {!focused && call.phase === 'talking' && (
              <button
                type="button"
                className="btn btn--small"
                onClick={() => dispatch(swapClicked({ callId: call.callId }))}
              >
                {t('calls.swap')}
              </button>
            )}
          </li>
        );
      })}
    </ul>
  );
}
