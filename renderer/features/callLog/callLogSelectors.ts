import type { RootState } from '../../app/rootReducer';

export const selectCallLog = (state: RootState) => state.callLog;
export const selectCallLogEntries = (state: RootState) => state.callLog.entries;

/** Talk time of a logged call in whole seconds, or null if it was never answered or is still on. */
export function talkSeconds(entry: {
  answeredAt: number | null;
  endedAt: number | null;
}): number | null {
  if (entry.answeredAt === null || entry.endedAt === null) return null;
  return Math.max(0, Math.floor((entry.endedAt - entry.answeredAt) / 1000));
}
