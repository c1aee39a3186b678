import { createSelector } from '@reduxjs/toolkit';
import type { RootState } from '../../app/rootReducer';

/** Notices still to show, with their index for dismissal. */
export const selectVisibleNotices = createSelector(
  [(state: RootState) => state.notices.items, (state: RootState) => state.notices.dismissed],
  (items, dismissed) =>
    items
      .map((notice, index) => ({ notice, index }))
      .filter(({ index }) => !dismissed.includes(index)),
);
