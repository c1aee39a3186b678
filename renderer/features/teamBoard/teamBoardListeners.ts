import { appStarted } from '../../app/appActions';
import type { AppStartListening } from '../../app/listenerTypes';
import { settle } from '../../platform/ipc';
import { teamBoardReceived } from './teamBoardSlice';

/** Follows main's team board: every push, and the board as it is when the window starts. */
export function addTeamBoardListeners(startListening: AppStartListening): void {
  startListening({
    actionCreator: appStarted,
    effect: async (_action, { dispatch, extra }) => {
      extra.sori.on('team:board', (board) => dispatch(teamBoardReceived(board)));
      const result = await settle(() => extra.sori.team.getBoard({}));
      if (result.ok) dispatch(teamBoardReceived(result.value));
    },
  });
}
