import { accountSchema } from '../../../preload/contract';
import type { AccountSaveRequest } from './accountSlice';

/** What the account form holds: plain strings, servers one per line. */
export interface AccountFormValues {
  displayName: string;
  sipUri: string;
  password: string;
  wsServers: string;
}

export type AccountField = keyof AccountFormValues;

/** A message key under `account.errors` plus its interpolation values. */
export interface FieldError {
  key:
    | 'displayNameRequired'
    | 'displayNameTooLong'
    | 'sipUriRequired'
    | 'sipUriInvalid'
    | 'passwordRequired'
    | 'passwordTooLong'
    | 'wsServersRequired'
    | 'wsServersTooMany'
    | 'wsServerInvalid';
  values?: Record<string, string | number>;
}

export type AccountValidation =
  | { ok: true; request: AccountSaveRequest }
  | { ok: false; errors: Partial<Record<AccountField, FieldError>> };

const PASSWORD_MAX = 256;

/** Lines of the servers box, blank lines dropped. */
export const splitServers = (text: string): string[] =>
  text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');

/**
 * Checks the form with the contract's own schema (main checks again) and says, per field, what
 * is wrong in words the form can show. A stored password may be kept by leaving the field empty.
 */
export function validateAccountForm(
  values: AccountFormValues,
  hasStoredPassword: boolean,
): AccountValidation {
  const errors: Partial<Record<AccountField, FieldError>> = {};
  const sipUriText = values.sipUri.trim();
  // "1001@pbx.example" is what many agents type; the scheme is implied.
  const sipUri =
    sipUriText !== '' && !/^sips?:/i.test(sipUriText) ? `sip:${sipUriText}` : sipUriText;
  const wsServers = splitServers(values.wsServers);
  const candidate = { displayName: values.displayName.trim(), sipUri, wsServers };

  const parsed = accountSchema.safeParse(candidate);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const [field, index] = issue.path;
      if (field === 'displayName' && !errors.displayName) {
        errors.displayName = {
          key: candidate.displayName === '' ? 'displayNameRequired' : 'displayNameTooLong',
        };
      } else if (field === 'sipUri' && !errors.sipUri) {
        errors.sipUri = { key: sipUri === '' ? 'sipUriRequired' : 'sipUriInvalid' };
      } else if (field === 'wsServers' && !errors.wsServers) {
        if (typeof index === 'number') {
          errors.wsServers = {
            key: 'wsServerInvalid',
            values: { line: index + 1, value: (wsServers[index] ?? '').slice(0, 80) },
          };
        } else {
          errors.wsServers = {
            key: wsServers.length === 0 ? 'wsServersRequired' : 'wsServersTooMany',
          };
        }
      }
    }
  }
  if (values.password === '' && !hasStoredPassword) errors.password = { key: 'passwordRequired' };
  if (values.password.length > PASSWORD_MAX) errors.password = { key: 'passwordTooLong' };

  if (!parsed.success || Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    request: { ...parsed.data, ...(values.password !== '' ? { password: values.password } : {}) },
  };
}
