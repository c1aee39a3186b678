import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../sip/processes';
import { agentUser, startMonitoringScene, type MonitoringScene } from './monitoringScene';
import { IN_NETNS, NETNS_SKIP_REASON, ui } from './support';

// Issue #8, the team board: the agent's app publishes its state through its outbox to the centre
// server (the reference CRM), which streams it (SSE) to the lead's app. Two app instances, a
// baresip customer on the agent's call, Kamailio and rtpengine.

const words = ui('ko');
const board = (ui('ko') as unknown as { teamBoard: Record<string, string> }).teamBoard;
const harassment = (ui('ko') as unknown as { protection: { step: Record<string, string> } })
  .protection.step['harassment']!;

describe.skipIf(!IN_NETNS)(`team board ${IN_NETNS ? '' : NETNS_SKIP_REASON}`, () => {
  let scene: MonitoringScene;
  beforeAll(async () => {
    scene = await startMonitoringScene('team-board');
  });
  afterAll(async () => {
    await scene?.stop();
  });

  /** The cells of the agent's row on the lead's board, by column header. */
  async function agentRow(): Promise<Record<string, string> | undefined> {
    const page = scene.lead.page;
    const table = page.getByRole('region', { name: board['title'] }).getByRole('table');
    if ((await table.count()) === 0) return undefined;
    const headers = await table.getByRole('columnheader').allTextContents();
    const row = table.getByRole('row').filter({ hasText: agentUser.displayName });
    if ((await row.count()) === 0) return undefined;
    const cells = await row.locator('th, td').allTextContents();
    return Object.fromEntries(headers.map((header, i) => [header.trim(), (cells[i] ?? '').trim()]));
  }

  it("shows the agent's call live, then the rest after an abusive call with its countdown", async () => {
    // On the call the scene placed: the board has the agent with a call time.
    const onCall = await waitFor(
      async () => {
        const row = await agentRow();
        return row && /^\d+:\d\d/.test(row[board['callTime']!] ?? '') ? row : undefined;
      },
      { what: "the agent's call on the lead's board", timeoutMs: 20_000 },
    );
    expect(onCall[board['recoveryLeft']!]).toBe('—');
    expect(onCall[board['state']!]).toBe(board['onCall']);

    // The customer turns abusive: 성희롱 즉시 종료 ends the call and starts the agent's rest.
    await scene.agent.page.getByRole('button', { name: harassment, exact: true }).click();
    const resting = await waitFor(
      async () => {
        const row = await agentRow();
        return row && /^\d+:\d\d$/.test(row[board['recoveryLeft']!] ?? '') ? row : undefined;
      },
      { what: 'the recovery countdown on the board', timeoutMs: 30_000 },
    );
    expect(resting[board['state']!]).toBe(words.agentState.state['recovery']);
    expect(resting[board['callTime']!]).toBe('—');
  });
});
