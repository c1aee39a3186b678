import type { RootState } from '../../app/rootReducer';

export const selectRegistration = (state: RootState) => state.registration;
export const selectRegistrationStatus = (state: RootState) => state.registration.status;
export const selectIsRegistered = (state: RootState) => state.registration.status === 'registered';

/**
 * The catalog key of the status text: one per state, and for failures one per reason, so that
 * the text says what to do ("check your password"), not just that something failed.
 */
export const selectRegistrationMessageKey = (state: RootState): string => {
  const { status, failure } = state.registration;
  switch (status) {
    case 'unconfigured':
      return state.account.account ? 'registration.notRegistered' : 'registration.unconfigured';
    case 'failed':
      return `registration.failure.${failure ?? 'unknown'}`;
    default:
      return `registration.${status}`;
  }
};
