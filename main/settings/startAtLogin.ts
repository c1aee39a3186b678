import fs from 'node:fs';
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import { getSetting, setSetting } from '../db/repositories/settings';
import type { Logger } from '../logging/logger';
import type { MachinePolicy } from '../policy/machinePolicy';
import { assertNotManaged, pinnedValue } from '../policy/managedSettings';

/** The settings key of the agent's choice. */
export const START_AT_LOGIN_SETTING = 'startAtLogin';

/**
 * How the OS is told to start the app at login. Electron's login items on macOS and Windows;
 * an XDG autostart entry on Linux ({@link xdgAutostartPort}); none in the Chromium shell.
 */
export interface LoginItemPort {
  /** For the log, e.g. 'xdg-autostart'. */
  readonly kind: string;
  apply(openAtLogin: boolean): void;
}

export interface StartAtLogin {
  /** What is in effect: the policy's pinned value, else the agent's choice, else off. */
  enabled(): boolean;
  /**
   * The agent's choice: refused with SETTING_MANAGED when the policy pins another value; told to
   * the OS first, so a choice the OS refused is not stored as if it were in effect.
   */
  set(enabled: boolean): boolean;
  /**
   * At start: a pinned value is applied whatever the agent chose before; otherwise a stored
   * choice is applied again (the app may have moved, e.g. after an update). With neither, the OS
   * entry is left as the installer made it.
   */
  applyAtStart(): void;
}

export function createStartAtLogin(deps: {
  db: Database;
  /** A function: the policy may be reloaded while the app runs. */
  policy: () => MachinePolicy;
  port: LoginItemPort | null;
  logger: Logger;
}): StartAtLogin {
  const pinned = () => pinnedValue(deps.policy(), 'startAtLogin') as boolean | undefined;
  const stored = () => getSetting<boolean>(deps.db, START_AT_LOGIN_SETTING);
  const apply = (openAtLogin: boolean) => {
    if (!deps.port) return;
    deps.port.apply(openAtLogin);
    deps.logger.info('start at login applied', { openAtLogin, kind: deps.port.kind });
  };
  return {
    enabled: () => pinned() ?? stored() ?? false,
    set(enabled) {
      assertNotManaged(deps.policy(), 'startAtLogin', enabled);
      apply(enabled);
      setSetting(deps.db, START_AT_LOGIN_SETTING, enabled);
      return enabled;
    },
    applyAtStart() {
      const value = pinned() ?? stored();
      if (value === undefined) return;
      try {
        apply(value);
      } catch (error) {
        // Not a reason to stop the app: the agent can still start it by hand.
        deps.logger.warn('start at login could not be applied', { error });
      }
    },
  };
}

/** `$XDG_CONFIG_HOME` when it is an absolute path (the spec ignores relative ones), else ~/.config. */
export function xdgConfigHome(env: NodeJS.ProcessEnv, home: string): string {
  const configured = env['XDG_CONFIG_HOME'];
  return configured && path.isAbsolute(configured) ? configured : path.join(home, '.config');
}

/**
 * One argument of an Exec line (Desktop Entry spec, "The Exec key"): quoted when it holds a
 * reserved character, with `"`, `` ` ``, `$` and `\` escaped inside the quotes; `%` doubled
 * (field codes). The whole value is then a string value, whose own `\` escaping applies on top.
 */
export function desktopExecArg(arg: string): string {
  const quoted = /[\s"'\\><~|&;$*?#()`]/.test(arg) || arg === '';
  const inner = quoted ? `"${arg.replace(/(["`$\\])/g, '\\$1')}"` : arg;
  return inner.replace(/%/g, '%%').replace(/\\/g, '\\\\');
}

/** The autostart entry's contents. */
export function autostartEntry(exec: readonly string[], name = 'Sori Desk'): string {
  if (exec.length === 0) throw new Error('autostart entry without a program');
  for (const arg of exec) {
    if (/[\r\n\0]/.test(arg)) throw new Error('autostart argument with a line break');
  }
  return [
    '[Desktop Entry]',
    'Type=Application',
    `Name=${name}`,
    `Exec=${exec.map(desktopExecArg).join(' ')}`,
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n');
}

/**
 * Linux: `<config>/autostart/sori-desk.desktop` (XDG Autostart spec), written atomically and
 * removed when turned off. Pure Node, so it is tested without Electron.
 */
export function xdgAutostartPort(options: {
  /** See {@link xdgConfigHome}. */
  configHome: string;
  /** The program and its arguments, e.g. [AppImage path] or [electron, app dir]. */
  exec: readonly string[];
  fileName?: string;
}): LoginItemPort & { readonly file: string } {
  const file = path.join(options.configHome, 'autostart', options.fileName ?? 'sori-desk.desktop');
  return {
    kind: 'xdg-autostart',
    file,
    apply(openAtLogin) {
      if (!openAtLogin) {
        fs.rmSync(file, { force: true });
        return;
      }
      fs.mkdirSync(path.dirname(file), { recursive: true });
      const tmp = `${file}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, autostartEntry(options.exec), { mode: 0o644 });
      fs.renameSync(tmp, file);
    },
  };
}
