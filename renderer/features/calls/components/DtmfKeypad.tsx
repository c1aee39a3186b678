import { useTranslation } from 'react-i18next';
import { useAppDispatch } from '../../../app/hooks';
import { dtmfPressed } from '../callsSlice';

const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#'] as const;

/**
 * 키패드 on an answered call: each key sends its DTMF tone (an IVR menu, a card PIN typed for
 * the customer's bank). Digit keys on the keyboard work while the keypad has focus.
 */
export function DtmfKeypad({ callId }: { callId: string }) {
  const { t } = useTranslation();
  const dispatch = useAppDispatch();
  return (
    <div
      role="group"
      aria-label={t('calls.keypad')}
      className="dtmf-keypad"
      onKeyDown={(event) => {
        if (/^[0-9*#]$/.test(event.key)) {
          event.preventDefault();
          dispatch(dtmfPressed({ callId, tone: event.key }));
        }
      }}
    >
      {KEYS.map((key) => (
        <button
          key={key}
          type="button"
          className="btn btn--small dtmf-keypad__key"
          onClick={() => dispatch(dtmfPressed({ callId, tone: key }))}
        >
          {key}
        </button>
      ))}
    </div>
  );
}
