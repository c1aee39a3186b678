import { isAnyOf } from '@reduxjs/toolkit';
import type { AppStartListening } from '../../app/listenerTypes';
import { settle } from '../../platform/ipc';
import { customerChosen, lookupFailed, lookupFinished } from '../customer/customerSlice';
import { scriptsLoaded } from './scriptsSlice';

export function addScriptsListeners(startListening: AppStartListening): void {
  // Once the screen pop knows who is on the line: outbound calls get the outbound scripts for the
  // customer's type, inbound calls the cross-sell prompt the CRM offers for it.
  startListening({
    matcher: isAnyOf(lookupFinished, lookupFailed, customerChosen),
    effect: async (_action, { dispatch, extra, getState, cancelActiveListeners }) => {
      cancelActiveListeners();
      const state = getState();
      const pop = state.customer.pop;
      const call = pop ? state.calls.byId[pop.callId] : undefined;
      if (!pop || !call) return;
      const customer = pop.matches.find((m) => m.id === pop.selectedId) ?? null;
      const result = await settle(() =>
        extra.sori.crm.scripts({
          kind: call.direction === 'outbound' ? 'outbound' : 'cross_sell',
          customerType: customer?.profile.customerType ?? null,
        }),
      );
      if (result.ok) dispatch(scriptsLoaded({ callId: pop.callId, scripts: result.value }));
    },
  });
}
