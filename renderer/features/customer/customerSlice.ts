import { createSlice, type PayloadAction } from '@reduxjs/toolkit';
import type { CustomerCard, ErrorCode, Interaction } from '../../../preload/contract';
import { callStarted } from '../calls/callsSlice';

/** The screen pop of the current call: who it is (from the local cache) and what happened before. */
export interface ScreenPop {
  callId: string;
  /** The caller's (or dialled) URI the lookup used; a new customer is registered with it. */
  number: string;
  /** 신규 고객 being registered. */
  registering: boolean;
  status: 'looking' | 'found' | 'unknown' | 'choose' | 'failed';
  matches: CustomerCard[];
  selectedId: string | null;
  history: Interaction[];
  error: ErrorCode | null;
}

export interface CustomerSliceState {
  pop: ScreenPop | null;
}

const initialState: CustomerSliceState = { pop: null };

export const customerSlice = createSlice({
  name: 'customer',
  initialState,
  reducers: {
    lookupFinished(
      state,
      action: PayloadAction<{ callId: string; matches: CustomerCard[]; history: Interaction[] }>,
    ) {
      const { callId, matches, history } = action.payload;
      if (state.pop?.callId !== callId) return;
      Object.assign(state.pop, {
        status: matches.length === 0 ? 'unknown' : matches.length === 1 ? 'found' : 'choose',
        matches,
        selectedId: matches.length === 1 ? matches[0]!.id : null,
        history: matches.length === 1 ? history : [],
      });
    },
    lookupFailed(state, action: PayloadAction<{ callId: string; code: ErrorCode }>) {
      if (state.pop?.callId !== action.payload.callId) return;
      state.pop.status = 'failed';
      state.pop.error = action.payload.code;
    },
    customerChosen(state, action: PayloadAction<{ customerId: string }>) {
      if (!state.pop) return;
      state.pop.selectedId = action.payload.customerId;
      state.pop.status = 'found';
      state.pop.history = [];
    },
    newCustomerSubmitted(
      state,
      _action: PayloadAction<{ name: string; preferredLanguage: 'ko' | 'en' | null }>,
    ) {
      if (state.pop) state.pop.registering = true;
    },
    newCustomerRegistered(state, action: PayloadAction<{ callId: string; card: CustomerCard }>) {
      if (state.pop?.callId !== action.payload.callId) return;
      Object.assign(state.pop, {
        status: 'found',
        matches: [action.payload.card],
        selectedId: action.payload.card.id,
        history: [],
        registering: false,
        error: null,
      });
    },
    newCustomerFailed(state, action: PayloadAction<{ code: ErrorCode }>) {
      if (!state.pop) return;
      state.pop.registering = false;
      state.pop.error = action.payload.code;
    },
    historyLoaded(state, action: PayloadAction<{ customerId: string; history: Interaction[] }>) {
      if (state.pop?.selectedId === action.payload.customerId) {
        state.pop.history = action.payload.history;
      }
    },
  },
  extraReducers: (builder) => {
    // Every call, inbound (before it is answered) or outbound, pops its caller.
    builder.addCase(callStarted, (state, action) => {
      state.pop = {
        callId: action.payload.callId,
        number: action.payload.remote.uri,
        registering: false,
        status: 'looking',
        matches: [],
        selectedId: null,
        history: [],
        error: null,
      };
    });
  },
});

export const {
  lookupFinished,
  lookupFailed,
  customerChosen,
  historyLoaded,
  newCustomerSubmitted,
  newCustomerRegistered,
  newCustomerFailed,
} = customerSlice.actions;
