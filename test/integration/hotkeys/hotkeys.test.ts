import { afterEach, describe, expect, it } from 'vitest';
import { setSetting } from '../../../main/db/repositories/settings';
import { DEFAULT_HOTKEYS } from '../../../preload/contract/hotkeys';
import { APP_URL, createIpcTestbed } from '../ipc/ipcTestbed';

const sender = { url: APP_URL };
type Bed = ReturnType<typeof createIpcTestbed>;

const auditRows = (bed: Bed) =>
  (
    bed.db
      .prepare("SELECT detail FROM audit_log WHERE action = 'hotkeys.changed' ORDER BY id")
      .all() as Array<{ detail: string }>
  ).map((row) => JSON.parse(row.detail) as unknown);

describe('hotkeys kept in the settings table (real SQLite, real router)', () => {
  let bed: Bed | undefined;
  afterEach(() => bed?.close());

  it('starts on the defaults', async () => {
    bed = createIpcTestbed();
    expect(await bed.dispatch('hotkeys:get', {}, sender)).toEqual({
      ok: true,
      value: DEFAULT_HOTKEYS,
    });
    expect(auditRows(bed)).toEqual([]);
  });

  it('keeps a new set normalised, audits what changed, and tells the shells', async () => {
    bed = createIpcTestbed();
    const next = { ...DEFAULT_HOTKEYS, answer: 'ctrl+alt+j', hold: 'Shift+F8' };
    const normalised = { ...DEFAULT_HOTKEYS, answer: 'Control+Alt+J', hold: 'Shift+F8' };
    expect(await bed.dispatch('hotkeys:set', next, sender)).toEqual({
      ok: true,
      value: normalised,
    });
    expect(await bed.dispatch('hotkeys:get', {}, sender)).toEqual({ ok: true, value: normalised });
    expect(auditRows(bed)).toEqual([
      {
        answer: { from: DEFAULT_HOTKEYS.answer, to: 'Control+Alt+J' },
        hold: { from: DEFAULT_HOTKEYS.hold, to: 'Shift+F8' },
      },
    ]);
    expect(bed.pushed).toEqual(['hotkeys:changed']);

    // The same set again changes nothing: no row, no event.
    expect(await bed.dispatch('hotkeys:set', normalised, sender)).toEqual({
      ok: true,
      value: normalised,
    });
    expect(auditRows(bed)).toHaveLength(1);
    expect(bed.pushed).toEqual(['hotkeys:changed']);
    expect(await bed.dispatch('audit:verify', {}, sender)).toMatchObject({
      ok: true,
      value: { brokenAt: null },
    });
  });

  it('refuses a key the grammar refuses, and stores nothing', async () => {
    bed = createIpcTestbed();
    const changesBefore = bed.totalChanges();
    for (const answer of [
      'J', // types into a note
      'Ctrl+C', // copy
      'F9', // 한자
      'Ctrl+Alt+ㅁ',
      'Ctrl++A',
      '',
      'Ctrl+Alt+' + 'J'.repeat(80),
    ]) {
      const result = await bed.dispatch('hotkeys:set', { ...DEFAULT_HOTKEYS, answer }, sender);
      expect(result, answer).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
    }
    const { hold: _hold, ...three } = DEFAULT_HOTKEYS;
    expect(await bed.dispatch('hotkeys:set', three, sender)).toMatchObject({
      ok: false,
      error: { code: 'INVALID_REQUEST' },
    });
    expect(bed.totalChanges()).toBe(changesBefore);
    expect(bed.pushed).toEqual([]);
    expect(await bed.dispatch('hotkeys:get', {}, sender)).toEqual({
      ok: true,
      value: DEFAULT_HOTKEYS,
    });
  });

  it('refuses two actions on one key with HOTKEY_CONFLICT (also when written differently), and stores nothing', async () => {
    bed = createIpcTestbed();
    const changesBefore = bed.totalChanges();
    for (const bindings of [
      { ...DEFAULT_HOTKEYS, mute: DEFAULT_HOTKEYS.hangUp },
      // CommandOrControl is Control on Windows: one key.
      { ...DEFAULT_HOTKEYS, answer: 'Control+Alt+H' },
    ]) {
      const result = await bed.dispatch('hotkeys:set', bindings, sender);
      expect(result).toMatchObject({ ok: false, error: { code: 'HOTKEY_CONFLICT' } });
      expect(!result.ok && result.error.message).toMatch(/(answer|hangUp|mute)/);
    }
    expect(bed.totalChanges()).toBe(changesBefore);
    expect(auditRows(bed)).toEqual([]);
    expect(bed.pushed).toEqual([]);
  });

  it('reads a stored value it cannot use (unreadable, or two on one key) as the defaults', async () => {
    bed = createIpcTestbed();
    setSetting(bed.db, 'hotkeys', { answer: 'Ctrl+Alt+J', hangUp: 42 });
    expect(await bed.dispatch('hotkeys:get', {}, sender)).toEqual({
      ok: true,
      value: DEFAULT_HOTKEYS,
    });
    setSetting(bed.db, 'hotkeys', { ...DEFAULT_HOTKEYS, mute: DEFAULT_HOTKEYS.answer });
    expect(await bed.dispatch('hotkeys:get', {}, sender)).toEqual({
      ok: true,
      value: DEFAULT_HOTKEYS,
    });
  });
});
