import type { AgentStatus, Language } from '../../preload/contract';

/** The tray icon per state: resources/tray/<icon>.png. */
export type TrayIcon = 'ready' | 'notReady' | 'wrapUp' | 'recovery';

/** What the tray shows: the state in the icon's colour and in words (never colour alone). */
export interface TrayStatus {
  icon: TrayIcon;
  tooltip: string;
}

const LABELS: Record<Language, Record<AgentStatus['state'], string>> = {
  ko: { ready: '대기', notReady: '이석', wrapUp: '후처리', recovery: '휴식' },
  en: { ready: 'Ready', notReady: 'Not ready', wrapUp: 'After-call work', recovery: 'Rest' },
};

/** The tray's icon and tooltip for the agent's state (the window title carries the same). */
export function trayStatus(status: AgentStatus, language: Language): TrayStatus {
  return {
    icon: status.state,
    tooltip: `Sori Desk — ${LABELS[language][status.state]}`,
  };
}
