import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppDispatch, useAppSelector } from '../../../app/hooks';
import type { MonitorMode } from '../../../sip/sipTypes';
import { monitorClicked, stopMonitoringClicked } from '../monitoringSlice';

const MODES: readonly MonitorMode[] = ['listen', 'whisper', 'barge'];

/**
 * 모니터링, for team leads only (the centre server grants the role): listen to an agent's live
 * call, whisper to the agent, or join the call. A mode change keeps the same call.
 */
export function MonitoringPanel() {
  const { t } = useTranslation();
  const dispatch = useAppDispatch();
  const { role, lead, error } = useAppSelector((state) => state.monitoring);
  const [agentUri, setAgentUri] = useState('');
  const titleId = useId();
  const inputId = useId();
  if (role !== 'lead') return null;
  const target = lead?.agentUri ?? agentUri.trim();
  return (
    <section className="monitoring-panel" aria-labelledby={titleId}>
      <h2 id={titleId} className="section-title">
        {t('monitoring.title')}
      </h2>
      <div className="field">
        <label htmlFor={inputId}>{t('monitoring.agent')}</label>
        <input
          id={inputId}
          type="text"
          spellCheck={false}
          maxLength={256}
          placeholder="sip:1001@pbx.example.com"
          value={lead?.agentUri ?? agentUri}
          readOnly={lead !== null}
          onChange={(event) => setAgentUri(event.target.value)}
        />
      </div>
      <div className="monitoring-panel__modes" role="group" aria-label={t('monitoring.modes')}>
        {MODES.map((mode) => (
          <button
            key={mode}
            type="button"
            className="btn"
            aria-pressed={lead?.mode === mode && lead.status === 'active'}
            disabled={
              target === '' || lead?.status === 'requesting' || lead?.status === 'connecting'
            }
            onClick={() => dispatch(monitorClicked({ agentUri: target, mode }))}
          >
            {t(`monitoring.mode.${mode}`)}
          </button>
        ))}
        {lead && (
          <button type="button" className="btn" onClick={() => dispatch(stopMonitoringClicked())}>
            {t('monitoring.stop')}
          </button>
        )}
      </div>
      {lead && (
        <p role="status">
          {t(`monitoring.status.${lead.status}`, { mode: t(`monitoring.mode.${lead.mode}`) })}
        </p>
      )}
      {error && (
        <p role="alert" className="inline-error">
          {error === 'callFailed' ? t('monitoring.callFailed') : t(`errors.${error}`)}
        </p>
      )}
    </section>
  );
}
