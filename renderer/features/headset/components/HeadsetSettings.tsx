import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppDispatch, useAppSelector } from '../../../app/hooks';
import { selectFeatures } from '../../policy/policySelectors';
import { headsetConnectClicked } from '../headsetSlice';

/**
 * 헤드셋 버튼: lets the agent's USB headset answer (lift / hook button), hang up (put down) and
 * mute with its own buttons. The browser asks which device, so it starts from a click.
 */
export function HeadsetSettings() {
  const { t } = useTranslation();
  const dispatch = useAppDispatch();
  const { deviceName, supported, failed } = useAppSelector((state) => state.headset);
  const titleId = useId();
  const { headsetButtons } = useAppSelector(selectFeatures);
  if (!supported || !headsetButtons) return null;
  return (
    <div className="settings__headset" role="group" aria-labelledby={titleId}>
      <h2 id={titleId} className="section-title">
        {t('headset.title')}
      </h2>
      <p role="status">
        {deviceName ? t('headset.connected', { name: deviceName }) : t('headset.none')}
      </p>
      <button type="button" className="btn" onClick={() => dispatch(headsetConnectClicked())}>
        {t('headset.connect')}
      </button>
      {failed && <p className="field__hint">{t('headset.failed')}</p>}
    </div>
  );
}
