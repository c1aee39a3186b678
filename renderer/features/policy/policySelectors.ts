import type { PinnedSettings } from '../../../preload/contract';
import type { RootState } from '../../app/rootReducer';

/** The policy file is invalid: calling is disabled until IT fixes it (fail closed). */
export const selectPolicyProblems = (state: RootState) => {
  const status = state.policy.current?.status;
  return status && !status.valid ? status : null;
};

const NOTHING_PINNED: PinnedSettings = {};
export const selectPinned = (state: RootState): PinnedSettings =>
  state.policy.current?.pinned ?? NOTHING_PINNED;

/** Whether IT pins `setting`: the settings show it as managed and read-only. */
export const selectManaged = (setting: keyof PinnedSettings) => (state: RootState) =>
  selectPinned(state)[setting] !== undefined;

export const selectFeatures = (state: RootState) =>
  state.policy.current?.features ?? {
    globalHotkeys: true,
    headsetButtons: true,
    desktopNotifications: true,
  };
