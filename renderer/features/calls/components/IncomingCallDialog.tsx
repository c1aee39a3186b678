import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppSelector } from '../../../app/hooks';
import { Party } from '../../../shared/components/Party';
import { selectRingingCall } from '../callsSelectors';

/**
 * The incoming-call popup: who is calling. It is not modal: the agent answers or declines with
 * the toolbar's 받기 / 거절 (which light up), as on Korean CTI toolbars, so each control exists
 * once on the page.
 */
export function IncomingCallDialog() {
  const { t } = useTranslation();
  const call = useAppSelector(selectRingingCall);
  // Call waiting: the agent is already talking on another line.
  const waiting = useAppSelector((state) => state.calls.order.length > 1);
  const titleId = useId();
  const hintId = useId();
  if (!call) return null;
  return (
    <div
      role="dialog"
      aria-labelledby={titleId}
      aria-describedby={hintId}
      className="incoming"
      data-call-id={call.callId}
    >
      <h2 id={titleId} className="incoming__title">
        {t('calls.incomingTitle')}
      </h2>
      <Party remote={call.remote} className="incoming__party" />
      <p id={hintId} className="incoming__hint">
        {t(waiting ? 'calls.waitingHint' : 'calls.incomingHint')}
      </p>
    </div>
  );
}
