/**
 * The envelope every IPC call resolves to. Errors carry a stable `code` that the renderer
 * translates into the user's language; `message` is for logs and developers only.
 */
export type ErrorCode =
  | 'INVALID_REQUEST'
  | 'FORBIDDEN_SENDER'
  | 'UNKNOWN_CHANNEL'
  | 'NOT_FOUND'
  | 'NO_ACCOUNT'
  | 'STORE_UNAVAILABLE'
  | 'NOTICE_INVALID'
  | 'STEP_NOT_ALLOWED'
  | 'RECORDING_DISABLED'
  | 'OUT_OF_ORDER'
  /** Two hotkeys on one key (hotkeys:set). */
  | 'HOTKEY_CONFLICT'
  /** The machine policy pins this setting: it shows as managed by the organisation. */
  | 'SETTING_MANAGED'
  /** The machine policy file is invalid: calling stays disabled until IT fixes it. */
  | 'POLICY_INVALID'
  /**
   * A monitoring request or grant was refused (monitoring:authorize, monitoring:requestGrant);
   * `message` is the reason (e.g. 'expired', 'out_of_team', 'not_permitted').
   */
  | 'MONITOR_REFUSED'
  | 'INTERNAL';

export interface IpcError {
  code: ErrorCode;
  message: string;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: IpcError };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = (code: ErrorCode, message: string): Result<never> => ({
  ok: false,
  error: { code, message },
});
