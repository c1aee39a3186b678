import path from 'node:path';
import { Menu, Tray, nativeImage, type BrowserWindow } from 'electron';
import { agentStatusSchema, type AgentStatus, type Language } from '../../preload/contract';
import type { MainServices } from '../services';
import { trayStatus } from './trayStatus';

/**
 * The tray icon: the agent's state in colour and tooltip (see trayStatus.ts), a click brings the
 * window forward. Electron glue only: it follows main's `agentState:changed` events.
 */
export function startTray(
  services: MainServices,
  window: () => BrowserWindow | null,
  iconsDir: string,
  systemLanguage: Language,
): Tray {
  let language = systemLanguage;
  let last: AgentStatus | null = null;
  const icon = (name: string) => nativeImage.createFromPath(path.join(iconsDir, `${name}.png`));
  const tray = new Tray(icon('notReady'));
  tray.setToolTip('Sori Desk');
  const show = () => {
    const current = window();
    if (!current || current.isDestroyed()) return;
    current.show();
    current.focus();
  };
  tray.on('click', show);
  tray.setContextMenu(Menu.buildFromTemplate([{ label: 'Sori Desk', click: show }]));
  const render = () => {
    if (!last) return;
    const shown = trayStatus(last, language);
    tray.setImage(icon(shown.icon));
    tray.setToolTip(shown.tooltip);
  };
  services.events.subscribe((event, payload) => {
    if (event === 'settings:languageChanged') {
      language = (payload as { language: Language }).language;
      render();
      return;
    }
    if (event !== 'agentState:changed') return;
    const status = agentStatusSchema.safeParse(payload);
    if (!status.success) return;
    last = status.data;
    render();
  });
  return tray;
}
