/**
 * Why the store could not be opened. Each code maps to a sentence in the user's language in the
 * renderer; `message` is the English text for logs.
 *
 * - `DB_TOO_NEW`: the file was written by a newer Sori Desk (its schema version is above the
 *   newest migration this build knows). The file is left untouched; the user must update the app.
 * - `DB_CORRUPT`: the file is damaged and could not be recovered automatically.
 * - `DB_OPEN_FAILED`: anything else that stops the database from opening (permissions, a missing
 *   directory, WAL unsupported by the file system, a file that is not a Sori Desk database).
 * - `DB_KEY_MISSING`: the file is encrypted but the secret store holds no key for it (the OS
 *   secret store was reset, or the profile was copied without it). The file is left untouched.
 * - `DB_KEY_REJECTED`: the file is encrypted and the stored key does not open it (a key from
 *   another profile or machine). The file is left untouched.
 */
export type StoreErrorCode =
  'DB_TOO_NEW' | 'DB_CORRUPT' | 'DB_OPEN_FAILED' | 'DB_KEY_MISSING' | 'DB_KEY_REJECTED';

/** Facts a UI may interpolate into its localized sentence. */
export interface StoreErrorDetails {
  /** The database file concerned. */
  file?: string;
  /** Schema version found in the file (`DB_TOO_NEW`). */
  fileVersion?: number;
  /** Newest schema version this build knows (`DB_TOO_NEW`). */
  supportedVersion?: number;
}

/** A store failure the user can act on: it carries a stable `code`. */
export class StoreError extends Error {
  override readonly name = 'StoreError';
  readonly code: StoreErrorCode;
  readonly details: StoreErrorDetails;

  constructor(
    code: StoreErrorCode,
    message: string,
    options: { cause?: unknown; details?: StoreErrorDetails } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.details = options.details ?? {};
  }
}

/** True for SQLite errors that mean the file's bytes are damaged or not a database at all. */
export function isCorruptionError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as Error & { code?: unknown }).code;
  return (
    typeof code === 'string' && (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT'))
  );
}

/** The `DB_TOO_NEW` error for a file at schema `fileVersion` when this build knows `supportedVersion`. */
export function databaseTooNew(
  file: string,
  fileVersion: number,
  supportedVersion: number,
): StoreError {
  return new StoreError(
    'DB_TOO_NEW',
    `The database was written by a newer Sori Desk version (schema ${fileVersion} > ${supportedVersion}); ` +
      'update the app to open it.',
    { details: { file, fileVersion, supportedVersion } },
  );
}
