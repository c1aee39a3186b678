import { appStarted } from '../../app/appActions';
import type { AppStartListening } from '../../app/listenerTypes';
import { logToMain } from '../../platform/log';
import { errorCodeOf, settle } from '../../platform/ipc';
import { featureCodeTarget } from './featureCode';
import {
  leadCallPlaced,
  leadModeChanged,
  leadMonitoringEnded,
  leadMonitoringFailed,
  leadMonitoringStarted,
  monitorClicked,
  monitoredEnded,
  monitoredModeChanged,
  monitoredStarted,
  roleLoaded,
  stopMonitoringClicked,
} from './monitoringSlice';

/**
 * Team-lead monitoring (issue #8). Agent side: every request a lead's app makes is checked by
 * main (the grant: signature, expiry, replay, team) before the SIP agent answers it; a refusal
 * leaves the customer call untouched. Lead side: main asks the centre server for a grant, then
 * the SIP agent calls the agent's app with it.
 */
export function addMonitoringListeners(startListening: AppStartListening): void {
  startListening({
    actionCreator: appStarted,
    effect: (_action, { dispatch, extra }) => {
      const { sip, sori } = extra;
      // Authorized sessions by monitoring call: main's session id and the customer call.
      const sessions = new Map<string, { sessionId: string; callId: string }>();

      sip.on('monitorRequested', ({ monitorId, callId, grant, mode }) => {
        void settle(() => sori.monitoring.authorize({ grant, callId, mode })).then((result) => {
          if (!result.ok) {
            sip.refuseMonitor(monitorId);
            logToMain(
              sori,
              'warn',
              'monitoring',
              `monitoring refused: ${errorCodeOf(result.error)}`,
            );
            return;
          }
          sessions.set(monitorId, { sessionId: result.value.sessionId, callId });
          sip.acceptMonitor(monitorId, result.value.mode);
          dispatch(
            monitoredStarted({
              monitorId,
              sessionId: result.value.sessionId,
              leadName: result.value.lead.displayName,
              mode: result.value.mode,
              indicator: result.value.indicator,
            }),
          );
        });
      });
      sip.on('monitorModeRequested', ({ monitorId, grant, mode }) => {
        const session = sessions.get(monitorId);
        if (!session) return;
        void settle(() => sori.monitoring.authorize({ grant, callId: session.callId, mode })).then(
          (result) => {
            // A refused switch keeps the session in the mode it was granted.
            if (!result.ok) {
              logToMain(sori, 'warn', 'monitoring', `mode change refused: ${result.error.code}`);
              return;
            }
            sip.setMonitorMode(monitorId, result.value.mode);
            dispatch(monitoredModeChanged({ monitorId, mode: result.value.mode }));
          },
        );
      });
      sip.on('monitorStarted', ({ monitorId, role, mode }) => {
        if (role === 'lead') dispatch(leadMonitoringStarted({ monitorId, mode }));
      });
      sip.on('monitorEnded', ({ monitorId, role }) => {
        if (role === 'lead') {
          dispatch(leadMonitoringEnded({ monitorId }));
          return;
        }
        const session = sessions.get(monitorId);
        sessions.delete(monitorId);
        dispatch(monitoredEnded({ monitorId }));
        if (session) {
          void settle(() =>
            sori.monitoring.ended({ sessionId: session.sessionId, endedAt: extra.now() }),
          );
        }
      });
    },
  });

  // The role comes from the centre server (cached by main when it syncs), never a local switch:
  // read at start, then followed as main tells of changes.
  startListening({
    actionCreator: appStarted,
    effect: async (_action, { dispatch, extra }) => {
      const apply = (value: { role: 'agent' | 'lead'; team: string } | null) =>
        dispatch(roleLoaded({ role: value?.role ?? null, team: value?.team ?? null }));
      extra.sori.on('team:role', apply);
      const result = await settle(() => extra.sori.team.getRole({}));
      if (result.ok) apply(result.value);
    },
  });

  startListening({
    actionCreator: monitorClicked,
    effect: async ({ payload }, { dispatch, getState, extra }) => {
      const { agentUri, mode } = payload;
      if (getState().policy.current?.monitoring?.mode === 'pbx-feature-code') {
        // The PBX monitors: dial its feature code for the mode before the agent's extension.
        // A mode switch is a new call to the new code.
        const code = await settle(() =>
          extra.sori.monitoring.featureCode({ agentSipUri: agentUri, mode }),
        );
        const target = code.ok ? featureCodeTarget(agentUri, code.value.featureCode) : null;
        if (!target) {
          dispatch(
            leadMonitoringFailed({ code: code.ok ? 'callFailed' : errorCodeOf(code.error) }),
          );
          return;
        }
        const running = getState().monitoring.lead?.monitorId ?? null;
        try {
          dispatch(leadCallPlaced({ monitorId: await extra.sip.monitorAgent(target, null, mode) }));
        } catch {
          dispatch(leadMonitoringFailed({ code: 'callFailed' }));
        }
        // The previous mode's call goes once the new one is placed (its end is then not ours).
        if (running) extra.sip.stopMonitoring(running);
        return;
      }
      const grant = await settle(() =>
        extra.sori.monitoring.requestGrant({ agentSipUri: agentUri, mode }),
      );
      if (!grant.ok) {
        dispatch(leadMonitoringFailed({ code: errorCodeOf(grant.error) }));
        return;
      }
      const running = getState().monitoring.lead;
      if (running?.monitorId && running.status === 'active' && running.agentUri === agentUri) {
        // The same call, another mode: no new call.
        extra.sip.changeMonitorMode(running.monitorId, mode, grant.value.grant);
        dispatch(leadModeChanged({ mode }));
        return;
      }
      try {
        const monitorId = await extra.sip.monitorAgent(agentUri, grant.value.grant, mode);
        dispatch(leadCallPlaced({ monitorId }));
      } catch {
        dispatch(leadMonitoringFailed({ code: 'callFailed' }));
      }
    },
  });

  startListening({
    actionCreator: stopMonitoringClicked,
    effect: (_action, { getState, extra }) => {
      const monitorId = getState().monitoring.lead?.monitorId;
      if (monitorId) extra.sip.stopMonitoring(monitorId);
    },
  });
}
