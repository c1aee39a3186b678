import type { ProtectionStep } from '../../../preload/contract';

/** The protection steps in the order the buttons show them. */
export const PROTECTION_STEPS: readonly ProtectionStep[] = [
  'warning1',
  'warning2',
  'terminate',
  'harassment',
];

/** Warnings required before 강성종료 when main has not said (the 120 Dasan manual's two). */
export const DEFAULT_WARNINGS_BEFORE_TERMINATION = 2;

/**
 * Which protection buttons may be pressed, following the call-center manuals: the first warning
 * while none has played, the second after the first, 강성종료 once the policy's number of warnings
 * has played, and sexual harassment always (no warning needed). Nothing while a message plays
 * (one at a time), and nothing after the call has been ended by a message.
 */
export function enabledSteps(
  stepsPlayed: readonly ProtectionStep[],
  playing: ProtectionStep | null,
  warningsBeforeTermination: number,
): Record<ProtectionStep, boolean> {
  const none = { warning1: false, warning2: false, terminate: false, harassment: false };
  if (playing !== null) return none;
  if (stepsPlayed.includes('terminate') || stepsPlayed.includes('harassment')) return none;
  const warnings = stepsPlayed.filter((s) => s === 'warning1' || s === 'warning2').length;
  return {
    warning1: !stepsPlayed.includes('warning1'),
    warning2: stepsPlayed.includes('warning1') && !stepsPlayed.includes('warning2'),
    terminate: warnings >= warningsBeforeTermination,
    harassment: true,
  };
}

/** Milliseconds of rest left at `now` (0 when over or not resting). */
export const remainingMs = (recoveryUntil: number | null, now: number): number =>
  recoveryUntil === null ? 0 : Math.max(0, recoveryUntil - now);
