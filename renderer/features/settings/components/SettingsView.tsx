import { ManagedNote } from '../../policy/components/ManagedNote';
import { selectPinned } from '../../policy/policySelectors';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { languagePreferenceSchema, type LanguagePreference } from '../../../../preload/contract';
import { useAppDispatch, useAppSelector } from '../../../app/hooks';
import { AccountForm } from '../../account/components/AccountForm';
import { SignedOutNotice, SignOut } from '../../account/components/SignOut';
import { AuditCheck } from '../../auditLog/components/AuditCheck';
import { DiagnosticsExport } from '../../diagnostics/components/DiagnosticsExport';
import { AudioDeviceSettings } from '../../audioDevices/components/AudioDeviceSettings';
import { HeadsetSettings } from '../../headset/components/HeadsetSettings';
import { CrmTokenForm } from '../../sync/components/CrmTokenForm';
import { HotkeySettings } from '../../hotkeys/components/HotkeySettings';
import { selectAccount } from '../../account/accountSelectors';
import {
  selectAppVersion,
  selectLanguagePreference,
  selectMicProcessing,
  selectSettingsError,
  selectStartAtLogin,
} from '../settingsSelectors';
import {
  languageChosen,
  micProcessingChosen,
  settingsClosed,
  startAtLoginChosen,
} from '../settingsSlice';

/**
 * Settings: language, microphone processing, the SIP account, and the audit log check. Also the
 * first-run screen.
 */
export function SettingsView() {
  const { t } = useTranslation();
  const dispatch = useAppDispatch();
  const account = useAppSelector(selectAccount);
  const preference = useAppSelector(selectLanguagePreference);
  const micProcessing = useAppSelector(selectMicProcessing);
  const startAtLogin = useAppSelector(selectStartAtLogin);
  const error = useAppSelector(selectSettingsError);
  const version = useAppSelector(selectAppVersion);
  const titleId = useId();
  const languageId = useId();
  const micId = useId();
  const micHintId = useId();
  const startAtLoginId = useId();
  const startAtLoginHintId = useId();
  const managedId = useId();
  const pinned = useAppSelector(selectPinned);
  const managedNote = (setting: keyof typeof pinned) =>
    pinned[setting] !== undefined ? <ManagedNote id={`${managedId}-${setting}`} /> : null;
  const describedBy = (setting: keyof typeof pinned, hintId?: string) =>
    [hintId, pinned[setting] !== undefined ? `${managedId}-${setting}` : undefined]
      .filter(Boolean)
      .join(' ') || undefined;
  // Without an account there is nothing to go back to.
  const close = account ? () => dispatch(settingsClosed()) : undefined;

  return (
    <section className="settings" aria-labelledby={titleId}>
      <div className="settings__head">
        <h1 id={titleId} className="settings__title">
          {t('settings.title')}
        </h1>
        {close && (
          <button type="button" className="btn" onClick={close}>
            {t('settings.back')}
          </button>
        )}
      </div>

      <div className="settings__grid">
        <div className="settings__account">
          <SignedOutNotice />
          {/* A new form after a sign-out: the first-run form starts empty. */}
          <AccountForm key={account ? 'account' : 'first-run'} onCancel={close} />
          <SignOut />
        </div>

        <div className="settings__general">
          <h2 className="section-title">{t('settings.general')}</h2>
          <div className="field">
            <label htmlFor={languageId}>{t('settings.language')}</label>
            <select
              id={languageId}
              value={preference ?? 'system'}
              disabled={pinned.language !== undefined}
              aria-describedby={describedBy('language')}
              onChange={(event) => {
                const parsed = languagePreferenceSchema.safeParse(event.target.value);
                if (parsed.success)
                  dispatch(languageChosen({ preference: parsed.data as LanguagePreference }));
              }}
            >
              <option value="system">{t('settings.languageSystem')}</option>
              <option value="ko" lang="ko">
                {t('settings.languageKo')}
              </option>
              <option value="en" lang="en">
                {t('settings.languageEn')}
              </option>
            </select>
            {managedNote('language')}
          </div>
          <div className="field field--check">
            <input
              id={micId}
              type="checkbox"
              checked={micProcessing}
              disabled={pinned.micProcessing !== undefined}
              aria-describedby={describedBy('micProcessing', micHintId)}
              onChange={(event) => dispatch(micProcessingChosen({ enabled: event.target.checked }))}
            />
            <label htmlFor={micId}>{t('settings.micProcessing')}</label>
            <p id={micHintId} className="field__hint">
              {t('settings.micProcessingHint')}
            </p>
            {managedNote('micProcessing')}
          </div>
          <div className="field field--check">
            <input
              id={startAtLoginId}
              type="checkbox"
              checked={startAtLogin}
              disabled={pinned.startAtLogin !== undefined}
              aria-describedby={describedBy('startAtLogin', startAtLoginHintId)}
              onChange={(event) => dispatch(startAtLoginChosen({ enabled: event.target.checked }))}
            />
            <label htmlFor={startAtLoginId}>{t('settings.startAtLogin')}</label>
            <p id={startAtLoginHintId} className="field__hint">
              {t('settings.startAtLoginHint')}
            </p>
            {managedNote('startAtLogin')}
          </div>
          <AudioDeviceSettings />
          <HeadsetSettings />
          {error && (
            <p role="alert" className="inline-error">
              {t('settings.changeFailed', { reason: t(`errors.${error}`) })}
            </p>
          )}
          {version && <p className="settings__version">{t('settings.version', { version })}</p>}
          <CrmTokenForm />
          <HotkeySettings />
          <DiagnosticsExport />
          <AuditCheck />
        </div>
      </div>
    </section>
  );
}
