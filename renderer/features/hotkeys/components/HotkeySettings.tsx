import type { TFunction } from 'i18next';
import { useId, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppDispatch, useAppSelector } from '../../../app/hooks';
import {
  HOTKEY_ACTIONS,
  acceleratorOfPress,
  displayAccelerator,
  type HotkeyAction,
  type HotkeyProblem,
} from '../accelerator';
import {
  hotkeyRecorded,
  hotkeyRecordingCancelled,
  hotkeyRecordingStarted,
  hotkeyRefused,
  hotkeysResetClicked,
} from '../hotkeysSlice';
import { isMac } from '../windowKeyboard';

/**
 * 단축키 in settings: the key of each call control, a 변경 button that records the next
 * combination pressed (Escape, Tab or clicking elsewhere cancels), and 기본값으로.
 */
export function HotkeySettings() {
  const { t } = useTranslation();
  const dispatch = useAppDispatch();
  const { bindings, problem, error } = useAppSelector((state) => state.hotkeys);
  const shell = useAppSelector((state) => state.settings.shell);
  const titleId = useId();
  const mac = isMac();
  return (
    <section className="hotkeys" aria-labelledby={titleId}>
      <h2 id={titleId} className="section-title">
        {t('hotkeys.title')}
      </h2>
      <p className="field__hint">
        {t('hotkeys.hint')} {t(shell === 'electron' ? 'hotkeys.global' : 'hotkeys.windowOnly')}
      </p>
      <ul className="hotkeys__list">
        {HOTKEY_ACTIONS.map((action) => (
          <HotkeyRow
            key={action}
            action={action}
            keys={bindings ? displayAccelerator(bindings[action], mac) : null}
            disabled={bindings === null}
            mac={mac}
          />
        ))}
      </ul>
      <button
        type="button"
        className="btn"
        // Not disabled while saving: a control that goes disabled under the keyboard drops its
        // focus to the page.
        disabled={bindings === null}
        onClick={() => dispatch(hotkeysResetClicked())}
      >
        {t('hotkeys.reset')}
      </button>
      {problem && (
        <p role="alert" className="inline-error">
          {t('hotkeys.refused', {
            action: t(`hotkeys.action.${problem.action}`),
            reason: problemText(t, problem.problem),
          })}
        </p>
      )}
      {error && (
        <p role="alert" className="inline-error">
          {t('hotkeys.failed', {
            reason: t(error === 'HOTKEY_CONFLICT' ? 'hotkeys.problem.sameKey' : `errors.${error}`),
          })}
        </p>
      )}
    </section>
  );
}

function problemText(t: TFunction, problem: HotkeyProblem): string {
  if (problem.kind === 'conflict') {
    return t('hotkeys.problem.conflict', { other: t(`hotkeys.action.${problem.with}`) });
  }
  return t(`hotkeys.problem.${problem.kind}`);
}

function HotkeyRow(props: {
  action: HotkeyAction;
  keys: string | null;
  disabled: boolean;
  mac: boolean;
}) {
  const { action, keys, disabled, mac } = props;
  const { t } = useTranslation();
  const dispatch = useAppDispatch();
  const recording = useAppSelector((state) => state.hotkeys.recording === action);
  const label = t(`hotkeys.action.${action}`);

  const record = (event: KeyboardEvent<HTMLButtonElement>) => {
    if (!recording) return;
    const withModifier = event.ctrlKey || event.altKey || event.metaKey;
    // Tab moves on as everywhere (and so cancels): recording must not trap the keyboard.
    if (event.key === 'Tab' && !withModifier) return;
    event.preventDefault();
    event.stopPropagation();
    if (event.repeat) return;
    if (event.key === 'Escape' && !withModifier && !event.shiftKey) {
      dispatch(hotkeyRecordingCancelled());
      return;
    }
    const pressed = acceleratorOfPress(event.nativeEvent, mac);
    if (pressed === null) return;
    if ('problem' in pressed) {
      dispatch(hotkeyRefused({ action, problem: { kind: pressed.problem } }));
    } else {
      dispatch(hotkeyRecorded({ action, accelerator: pressed.accelerator }));
    }
  };

  return (
    <li className="hotkeys__row">
      <span className="hotkeys__action">{label}</span>
      <kbd className="hotkeys__keys">{keys ?? '…'}</kbd>
      <button
        type="button"
        className={`btn btn--small hotkeys__record${recording ? ' hotkeys__record--active' : ''}`}
        aria-label={t(recording ? 'hotkeys.recordingLabel' : 'hotkeys.changeLabel', {
          action: label,
        })}
        disabled={disabled}
        onClick={() =>
          dispatch(recording ? hotkeyRecordingCancelled() : hotkeyRecordingStarted({ action }))
        }
        onBlur={() => recording && dispatch(hotkeyRecordingCancelled())}
        onKeyDown={record}
      >
        {t(recording ? 'hotkeys.pressKeys' : 'hotkeys.change')}
      </button>
    </li>
  );
}
