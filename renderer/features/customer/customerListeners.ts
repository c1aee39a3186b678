import type { AppStartListening } from '../../app/listenerTypes';
import { errorCodeOf, settle } from '../../platform/ipc';
import { callStarted } from '../calls/callsSlice';
import {
  customerChosen,
  historyLoaded,
  lookupFailed,
  lookupFinished,
  newCustomerFailed,
  newCustomerRegistered,
  newCustomerSubmitted,
} from './customerSlice';

export function addCustomerListeners(startListening: AppStartListening): void {
  // The screen pop: look the caller up in the local cache as soon as the call exists (an
  // incoming call before it is answered), and greet them in their own language.
  startListening({
    actionCreator: callStarted,
    effect: async ({ payload }, { dispatch, extra }) => {
      const { hints } = payload;
      const result = await settle(() =>
        extra.sori.crm.lookup({
          number: payload.remote.uri,
          ...(hints?.assertedUri ? { assertedNumber: hints.assertedUri } : {}),
          ...(hints?.customerId ? { customerId: hints.customerId } : {}),
        }),
      );
      if (!result.ok) {
        dispatch(lookupFailed({ callId: payload.callId, code: errorCodeOf(result.error) }));
        return;
      }
      const { matches, history } = result.value;
      dispatch(lookupFinished({ callId: payload.callId, matches, history }));
      const language = matches.length === 1 ? matches[0]!.preferredLanguage : null;
      if (language) extra.sip.setCallNoticeLanguage(payload.callId, language);
      // Shown from the cache already; then the CRM's latest, when it can be reached.
      if (matches.length === 1) {
        const customerId = matches[0]!.id;
        const fresh = await settle(() => extra.sori.crm.refreshHistory({ customerId }));
        if (fresh.ok) dispatch(historyLoaded({ customerId, history: fresh.value }));
      }
    },
  });

  startListening({
    actionCreator: customerChosen,
    effect: async ({ payload }, { dispatch, extra, getState }) => {
      const pop = getState().customer.pop;
      const chosen = pop?.matches.find((m) => m.id === payload.customerId);
      if (pop && chosen?.preferredLanguage) {
        extra.sip.setCallNoticeLanguage(pop.callId, chosen.preferredLanguage);
      }
      const result = await settle(() => extra.sori.crm.history({ customerId: payload.customerId }));
      if (result.ok)
        dispatch(historyLoaded({ customerId: payload.customerId, history: result.value }));
      const fresh = await settle(() =>
        extra.sori.crm.refreshHistory({ customerId: payload.customerId }),
      );
      if (fresh.ok)
        dispatch(historyLoaded({ customerId: payload.customerId, history: fresh.value }));
    },
  });

  // 신규 고객: the agent registers an unknown caller; the card replaces "unknown" at once.
  startListening({
    actionCreator: newCustomerSubmitted,
    effect: async ({ payload }, { dispatch, extra, getState }) => {
      const pop = getState().customer.pop;
      if (!pop) return;
      const result = await settle(() =>
        extra.sori.crm.createCustomer({ ...payload, number: pop.number }),
      );
      if (!result.ok) {
        dispatch(newCustomerFailed({ code: errorCodeOf(result.error) }));
        return;
      }
      dispatch(newCustomerRegistered({ callId: pop.callId, card: result.value }));
      if (result.value.preferredLanguage)
        extra.sip.setCallNoticeLanguage(pop.callId, result.value.preferredLanguage);
    },
  });
}
