import { createAction } from '@reduxjs/toolkit';

/** The store exists and the bridge to main is there: features load what they need. */
export const appStarted = createAction('app/started');

/** Main is shutting down (push event app:willQuit): unregister, finish writes, then confirm. */
export const appQuitRequested = createAction('app/quitRequested');

/** The renderer has stopped SIP and flushed its call-log writes. */
export const appReadyToQuit = createAction('app/readyToQuit');
