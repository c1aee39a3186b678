import { describe, expect, it } from 'vitest';
import {
  autostartEntry,
  desktopExecArg,
  xdgConfigHome,
} from '../../../../main/settings/startAtLogin';

describe('XDG autostart entry', () => {
  it('leaves plain arguments alone', () => {
    expect(desktopExecArg('/usr/bin/sori-desk')).toBe('/usr/bin/sori-desk');
    expect(desktopExecArg('--hidden')).toBe('--hidden');
  });

  it('quotes arguments with reserved characters and escapes inside the quotes', () => {
    expect(desktopExecArg('/opt/Sori Desk/sori-desk')).toBe('"/opt/Sori Desk/sori-desk"');
    // Quote-level escape of " and $, then the string-level escape of every backslash.
    expect(desktopExecArg('/a "b"')).toBe('"/a \\\\"b\\\\""');
    expect(desktopExecArg('/home/$USER')).toBe('"/home/\\\\$USER"');
    expect(desktopExecArg('')).toBe('""');
  });

  it('doubles % so a path is never read as a field code', () => {
    expect(desktopExecArg('/apps/100%/sori')).toBe('/apps/100%%/sori');
  });

  it('writes a minimal, valid entry and refuses line breaks in arguments', () => {
    expect(autostartEntry(['/opt/Sori Desk/sori-desk'])).toBe(
      [
        '[Desktop Entry]',
        'Type=Application',
        'Name=Sori Desk',
        'Exec="/opt/Sori Desk/sori-desk"',
        'Terminal=false',
        'X-GNOME-Autostart-enabled=true',
        '',
      ].join('\n'),
    );
    expect(() => autostartEntry(['/bin/x\nExec=/bin/evil'])).toThrow(/line break/);
    expect(() => autostartEntry([])).toThrow();
  });

  it('follows an absolute $XDG_CONFIG_HOME and ignores a relative one', () => {
    expect(xdgConfigHome({ XDG_CONFIG_HOME: '/cfg' }, '/home/kim')).toBe('/cfg');
    expect(xdgConfigHome({ XDG_CONFIG_HOME: 'cfg' }, '/home/kim')).toBe('/home/kim/.config');
    expect(xdgConfigHome({}, '/home/kim')).toBe('/home/kim/.config');
  });
});
