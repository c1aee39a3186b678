import { useEffect, useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { AudioDeviceChoice } from '../../../../preload/contract';
import { useAppDispatch, useAppSelector } from '../../../app/hooks';
import { resolveDevice, type AudioDeviceInfo } from '../../../sip/deviceChoice';
import {
  audioDeviceChosen,
  microphoneMeterStarted,
  microphoneMeterStopped,
  testToneRequested,
  type AudioDeviceKind,
} from '../audioDevicesSlice';

/** The meter's scale: below -60 dBFS is silence to an ear, 0 dBFS is full scale. */
const METER_FLOOR_DB = -60;

/**
 * 오디오 장치: the microphone, the call audio (headset) and the ringer (often a desk speaker),
 * remembered on this machine; a live microphone meter and test tones to check each is the right
 * one before the shift.
 */
export function AudioDeviceSettings() {
  const { t } = useTranslation();
  const dispatch = useAppDispatch();
  const { meterDb, meterFailed } = useAppSelector((state) => state.audioDevices);
  const titleId = useId();

  useEffect(() => {
    dispatch(microphoneMeterStarted());
    return () => {
      dispatch(microphoneMeterStopped());
    };
  }, [dispatch]);

  return (
    <div className="settings__audio" role="group" aria-labelledby={titleId}>
      <h2 id={titleId} className="section-title">
        {t('audioDevices.title')}
      </h2>
      <DeviceSelect kind="microphone" deviceKind="audioinput" />
      <div className="field field--inline">
        <span>{t('audioDevices.meter')}</span>
        <meter
          aria-label={t('audioDevices.meter')}
          min={METER_FLOOR_DB}
          max={0}
          low={-40}
          high={-6}
          optimum={-20}
          value={Math.max(METER_FLOOR_DB, meterDb ?? METER_FLOOR_DB)}
        />
        <span className="audio-meter__value">
          {meterFailed
            ? t('audioDevices.meterFailed')
            : meterDb === null
              ? '—'
              : t('audioDevices.level', { db: meterDb })}
        </span>
      </div>
      <DeviceSelect kind="speaker" deviceKind="audiooutput" />
      <button
        type="button"
        className="btn"
        onClick={() => dispatch(testToneRequested({ kind: 'speaker' }))}
      >
        {t('audioDevices.testSpeaker')}
      </button>
      <DeviceSelect kind="ringer" deviceKind="audiooutput" />
      <button
        type="button"
        className="btn"
        onClick={() => dispatch(testToneRequested({ kind: 'ringer' }))}
      >
        {t('audioDevices.testRinger')}
      </button>
    </div>
  );
}

function DeviceSelect({
  kind,
  deviceKind,
}: {
  kind: AudioDeviceKind;
  deviceKind: AudioDeviceInfo['kind'];
}) {
  const { t } = useTranslation();
  const dispatch = useAppDispatch();
  const id = useId();
  const choice = useAppSelector((state) => state.audioDevices.choices[kind]);
  const available = useAppSelector((state) => state.audioDevices.available);
  // 'default' is the browser's stand-in for the system default, offered as the first option.
  const devices = available.filter(
    (device) => device.kind === deviceKind && device.deviceId !== 'default',
  );
  // Found by id, or by label when the id changed (calls use the same rule, see deviceChoice.ts).
  const resolved = resolveDevice(choice, deviceKind, devices);
  const listed = devices.length > 0;
  const choose = (value: string) => {
    if (value === resolved.deviceId) return;
    const device = devices.find((d) => d.deviceId === value);
    const next: AudioDeviceChoice = device ? { id: device.deviceId, label: device.label } : null;
    dispatch(audioDeviceChosen({ kind, choice: next }));
  };
  return (
    <div className="field">
      <label htmlFor={id}>{t(`audioDevices.kind.${kind}`)}</label>
      <select
        id={id}
        value={resolved.deviceId ?? choice?.id ?? ''}
        onChange={(event) => choose(event.target.value)}
      >
        <option value="">{t('audioDevices.systemDefault')}</option>
        {devices.map((device) => (
          <option key={device.deviceId} value={device.deviceId}>
            {device.label || t('audioDevices.unnamed')}
          </option>
        ))}
        {choice && listed && resolved.missing && (
          <option value={choice.id}>
            {t('audioDevices.notConnected', { label: choice.label || t('audioDevices.unnamed') })}
          </option>
        )}
      </select>
    </div>
  );
}
