import { createSlice, type PayloadAction } from '@reduxjs/toolkit';
import type { ErrorCode, ResponseOf } from '../../../preload/contract';

export type AuditVerification = ResponseOf<'audit:verify'>;

export interface AuditLogSliceState {
  verifying: boolean;
  /** The last check's result and when it was made (epoch ms). */
  result: (AuditVerification & { checkedAt: number }) | null;
  error: ErrorCode | null;
}

const initialState: AuditLogSliceState = { verifying: false, result: null, error: null };

export const auditLogSlice = createSlice({
  name: 'auditLog',
  initialState,
  reducers: {
    auditVerifyClicked(state) {
      state.verifying = true;
      state.error = null;
    },
    auditVerified(state, action: PayloadAction<AuditVerification & { checkedAt: number }>) {
      state.verifying = false;
      state.result = action.payload;
    },
    auditVerifyFailed(state, action: PayloadAction<{ code: ErrorCode }>) {
      state.verifying = false;
      state.error = action.payload.code;
    },
  },
});

export const { auditVerifyClicked, auditVerified, auditVerifyFailed } = auditLogSlice.actions;
