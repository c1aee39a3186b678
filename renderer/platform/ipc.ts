import type { ErrorCode, IpcError, Result } from '../../preload/contract';

/**
 * Awaits an IPC call and never throws: a bridge that rejects (transport gone, main crashed) comes
 * back as an INTERNAL error envelope like any other failure, so every caller handles one shape.
 */
export async function settle<T>(call: () => Promise<Result<T>>): Promise<Result<T>> {
  try {
    const result = await call();
    if (result && typeof result === 'object' && 'ok' in result) return result;
    return { ok: false, error: { code: 'INTERNAL', message: 'malformed IPC result' } };
  } catch (error) {
    return {
      ok: false,
      error: { code: 'INTERNAL', message: error instanceof Error ? error.message : String(error) },
    };
  }
}

// Every code of the contract: the compiler says when one is added and not listed here.
const KNOWN_CODES: Record<ErrorCode, true> = {
  INVALID_REQUEST: true,
  FORBIDDEN_SENDER: true,
  UNKNOWN_CHANNEL: true,
  NOT_FOUND: true,
  NO_ACCOUNT: true,
  STORE_UNAVAILABLE: true,
  NOTICE_INVALID: true,
  STEP_NOT_ALLOWED: true,
  RECORDING_DISABLED: true,
  OUT_OF_ORDER: true,
  HOTKEY_CONFLICT: true,
  INTERNAL: true,
  SETTING_MANAGED: true,
  POLICY_INVALID: true,
  MONITOR_REFUSED: true,
};
const KNOWN = Object.keys(KNOWN_CODES) as ErrorCode[];

/** The code to show the user (an unknown code from a newer main reads as INTERNAL). */
export function errorCodeOf(error: IpcError): ErrorCode {
  return KNOWN.includes(error.code) ? error.code : 'INTERNAL';
}
