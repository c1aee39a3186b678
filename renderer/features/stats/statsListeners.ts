import { appStarted } from '../../app/appActions';
import type { AppStartListening } from '../../app/listenerTypes';
import { settle } from '../../platform/ipc';
import { callLogLoaded } from '../callLog/callLogSlice';
import { noteSaved } from '../notes/notesSlice';
import { personalStatsLoaded } from './statsSlice';

/** The agent's local midnight: "today" as the agent lives it. */
function startOfToday(now: number): number {
  const day = new Date(now);
  day.setHours(0, 0, 0, 0);
  return day.getTime();
}

export function addStatsListeners(startListening: AppStartListening): void {
  // Whenever the call history was reloaded (a call's writes landed) or a note was saved.
  startListening({
    predicate: (action) =>
      appStarted.match(action) || callLogLoaded.match(action) || noteSaved.match(action),
    effect: async (_action, { dispatch, extra, cancelActiveListeners }) => {
      cancelActiveListeners();
      const result = await settle(() =>
        extra.sori.stats.personal({ since: startOfToday(extra.now()) }),
      );
      if (result.ok) dispatch(personalStatsLoaded(result.value));
    },
  });
}
