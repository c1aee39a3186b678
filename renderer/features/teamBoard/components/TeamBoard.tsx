import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppDispatch, useAppSelector } from '../../../app/hooks';
import { formatCountdown, formatDuration } from '../../../shared/duration';
import { monitorClicked } from '../../monitoring/monitoringSlice';
import { boardRowView } from '../teamBoardRows';

const TICK_MS = 1000;

/**
 * 팀 현황, for team leads only: each agent of the lead's team, their state and time in it, the
 * current call's duration, the rest after an abusive call and overdue callbacks, live from the
 * centre server. A row not heard from for a while is marked late rather than hidden.
 */
export function TeamBoard() {
  const { t } = useTranslation();
  const dispatch = useAppDispatch();
  const role = useAppSelector((state) => state.monitoring.role);
  const board = useAppSelector((state) => state.teamBoard);
  const [now, setNow] = useState(() => Date.now());
  const titleId = useId();
  const visible = role === 'lead' && board.team !== null;
  useEffect(() => {
    if (!visible) return;
    const timer = setInterval(() => setNow(Date.now()), TICK_MS);
    return () => clearInterval(timer);
  }, [visible]);
  if (!visible) return null;
  return (
    <section className="team-board" aria-labelledby={titleId}>
      <h2 id={titleId} className="section-title">
        {t('teamBoard.title')}
      </h2>
      {!board.live && (
        <p role="status" className="inline-error">
          {t('teamBoard.offline')}
        </p>
      )}
      {board.rows.length === 0 ? (
        <p>{t('teamBoard.empty')}</p>
      ) : (
        <table className="team-board__table">
          <thead>
            <tr>
              <th scope="col">{t('teamBoard.agent')}</th>
              <th scope="col">{t('teamBoard.state')}</th>
              <th scope="col">{t('teamBoard.timeInState')}</th>
              <th scope="col">{t('teamBoard.callTime')}</th>
              <th scope="col">{t('teamBoard.recoveryLeft')}</th>
              <th scope="col">{t('teamBoard.overdueCallbacks')}</th>
              <th scope="col">{t('teamBoard.monitor')}</th>
            </tr>
          </thead>
          <tbody>
            {board.rows.map((row) => {
              const view = boardRowView(row, now);
              return (
                <tr key={row.agentId} data-late={view.late || undefined}>
                  <th scope="row">
                    {row.displayName}
                    {view.late && (
                      <span className="team-board__late"> ({t('teamBoard.late')})</span>
                    )}
                  </th>
                  <td>
                    {view.shownState === 'noReport'
                      ? t('teamBoard.noReport')
                      : view.shownState === 'onCall'
                        ? t('teamBoard.onCall')
                        : view.shownState === 'notReady' && row.reason
                          ? `${t('agentState.state.notReady')} · ${t(`agentState.reason.${row.reason}`, { defaultValue: row.reason })}`
                          : t(`agentState.state.${view.shownState}`)}
                  </td>
                  <td>
                    {view.secondsInState === null ? '—' : formatDuration(view.secondsInState)}
                  </td>
                  <td>{view.callSeconds === null ? '—' : formatDuration(view.callSeconds)}</td>
                  <td>
                    {view.recoveryLeftMs === null ? '—' : formatCountdown(view.recoveryLeftMs)}
                  </td>
                  <td>{row.overdueCallbacks}</td>
                  <td>
                    <button
                      type="button"
                      className="btn"
                      disabled={view.callSeconds === null}
                      onClick={() =>
                        dispatch(monitorClicked({ agentUri: row.sipUri, mode: 'listen' }))
                      }
                    >
                      {t('teamBoard.monitor')}
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
