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

const KNOWN: readonly ErrorCode[] = [
  'INVALID_REQUEST',
  'FORBIDDEN_SENDER',
  'UNKNOWN_CHANNEL',
  'NOT_FOUND',
  'NO_ACCOUNT',
  'STORE_UNAVAILABLE',
  'NOTICE_INVALID',
  'STEP_NOT_ALLOWED',
  'RECORDING_DISABLED',
  'OUT_OF_ORDER',
  'HOTKEY_CONFLICT',
  'INTERNAL',
];

/** The code to show the user (an unknown code from a newer main reads as INTERNAL). */
export function errorCodeOf(error: IpcError): ErrorCode {
  return KNOWN.includes(error.code) ? error.code : 'INTERNAL';
}
