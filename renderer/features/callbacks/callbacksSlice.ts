import { createSlice, type PayloadAction } from '@reduxjs/toolkit';
import type { Callback, ErrorCode, RequestOf, ResponseOf } from '../../../preload/contract';

type Refusal = Extract<ResponseOf<'callbacks:create'>, { status: 'refused' }>;

export interface CallbacksSliceState {
  list: Callback[];
  /** The schedule form: what main answered to the last request. */
  form: {
    phase: 'idle' | 'saving' | 'created' | 'refused';
    refusal: Pick<Refusal, 'reason' | 'suggestion'> | null;
    error: ErrorCode | null;
  };
}

const initialState: CallbacksSliceState = {
  list: [],
  form: { phase: 'idle', refusal: null, error: null },
};

export const callbacksSlice = createSlice({
  name: 'callbacks',
  initialState,
  reducers: {
    callbacksLoaded(state, action: PayloadAction<Callback[]>) {
      state.list = action.payload;
    },
    callbackScheduled(state, _action: PayloadAction<RequestOf<'callbacks:create'>>) {
      state.form = { phase: 'saving', refusal: null, error: null };
    },
    callbackCreated(state) {
      state.form = { phase: 'created', refusal: null, error: null };
    },
    callbackRefused(state, action: PayloadAction<Pick<Refusal, 'reason' | 'suggestion'>>) {
      state.form = { phase: 'refused', refusal: action.payload, error: null };
    },
    callbackFailed(state, action: PayloadAction<{ code: ErrorCode }>) {
      state.form = { phase: 'idle', refusal: null, error: action.payload.code };
    },
    callbackFormReset(state) {
      state.form = initialState.form;
    },
    attemptRecorded(
      _state,
      _action: PayloadAction<{
        id: string;
        outcome: RequestOf<'callbacks:recordAttempt'>['outcome'];
      }>,
    ) {},
  },
});

export const {
  callbacksLoaded,
  callbackScheduled,
  callbackCreated,
  callbackRefused,
  callbackFailed,
  callbackFormReset,
  attemptRecorded,
} = callbacksSlice.actions;
