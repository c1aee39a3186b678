import { useTranslation } from 'react-i18next';
import { useAppSelector } from '../../../app/hooks';

/**
 * A chosen device is not there (a headset unplugged, mid-call or before): calls carry on with
 * the system default, and the agent must know that the customer now hears another microphone.
 */
export function AudioDeviceAlert() {
  const { t } = useTranslation();
  const { missing, choices } = useAppSelector((state) => state.audioDevices);
  if (missing.length === 0) return null;
  return (
    <div role="alert" className="inline-error inline-error--banner">
      {missing.map((kind) => (
        <p key={kind}>
          {t(`audioDevices.missing.${kind}`, {
            label: choices[kind]?.label || t('audioDevices.unnamed'),
          })}
        </p>
      ))}
    </div>
  );
}
