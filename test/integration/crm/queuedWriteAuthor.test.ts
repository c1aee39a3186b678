import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { machinePolicySchema, type MachinePolicy } from '../../../main/policy/machinePolicy';
import { startReferenceCrm, type ReferenceCrm } from '../../crmReference/referenceCrm';
import { AGENT, TEAMMATE, TOKENS } from '../../crmReference/teamUsers';
import { APP_URL, SHIPPED_NOTICES, createIpcTestbed } from '../ipc/ipcTestbed';

// A shared desktop: one agent writes while the CRM is away and signs out; the next agent signs
// in on the same PC; the CRM comes back. Each write must reach the CRM under its author's name
// (a CRM attributes a write to the token that sent it), and the first agent's token must not
// outlive their last write. Real handlers, real sync, real SQLite, the reference CRM over HTTP.

let crm: ReferenceCrm;
let policy: MachinePolicy;
const beds: Array<ReturnType<typeof createIpcTestbed>> = [];

beforeAll(async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sori-author-crm-'));
  crm = await startReferenceCrm({
    dbFile: path.join(dir, 'crm.sqlite'),
    token: TOKENS.agent,
    user: AGENT,
    users: [{ ...TEAMMATE, token: TOKENS.teammate }],
  });
  policy = machinePolicySchema.parse({
    version: 1,
    crm: { baseUrl: crm.url, syncIntervalSeconds: 1 },
  });
});
afterAll(() => crm?.close());
afterEach(() => {
  for (const bed of beds.splice(0)) bed.close();
});

async function until(condition: () => boolean, what: string) {
  const end = Date.now() + 20_000;
  while (!condition()) {
    if (Date.now() > end) throw new Error(`${what} not met`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** One desktop: the real handlers and sync over its own SQLite, and helpers to drive them. */
function desktop() {
  const bed = createIpcTestbed(SHIPPED_NOTICES, policy);
  beds.push(bed);
  const send = async (channel: string, request: unknown) => {
    const result = await bed.dispatch(channel, request, { url: APP_URL });
    expect(result.ok, channel).toBe(true);
    return (result as { value: unknown }).value;
  };
  const note = async (callId: string, body: string) =>
    (
      (await send('notes:submit', {
        callId,
        customerId: null,
        intentCode: null,
        body,
        override: null,
      })) as { noteId: string }
    ).noteId;

  return { bed, send, note };
}

describe('queued writes keep their author across a sign-out', () => {
  it("sends the signed-out agent's note with their token, the next agent's with theirs, then forgets the first token", async () => {
    const { bed, send, note } = desktop();

    // Agent 1001 works while the CRM is away, then signs out at the end of the shift.
    await crm.stop();
    await send('sync:setToken', { token: TOKENS.agent });
    const first = await note('call-1', '해지 방어: 요금제 변경 안내 후 유지');
    const tokenFiles = bed.secretFiles();
    expect(tokenFiles).toHaveLength(1);
    const signedOut = (await send('account:signOut', { purge: false })) as {
      kept: { outbox: number };
    };
    expect(signedOut.kept.outbox).toBeGreaterThan(0);
    // Their token stays only for their queued writes.
    expect(bed.secretFiles()).toEqual(tokenFiles);

    // Agent 1003 signs in on the same PC and writes too; then the CRM is back.
    await send('sync:setToken', { token: TOKENS.teammate });
    const second = await note('call-2', '배송 지연 문의: 내일 도착 예정 안내');
    await crm.start();

    await until(
      () => crm.authorOf('note', first) !== undefined && crm.authorOf('note', second) !== undefined,
      'both notes at the CRM',
    );
    expect(crm.authorOf('note', first)).toBe(AGENT.agentId);
    expect(crm.authorOf('note', second)).toBe(TEAMMATE.agentId);
    // The first agent's token is gone once nothing of theirs is queued; the second's remains.
    await until(() => bed.secretFiles().length === 1, "the first agent's token to go");
    expect(bed.secretFiles()).not.toEqual(tokenFiles);
    expect(
      bed.db.prepare('SELECT count(*) FROM outbox WHERE token_ref IS NOT NULL').pluck().get(),
    ).toBe(0);
  });

  it("a signed-out agent's refused token holds back only their writes, not the next agent's", async () => {
    const { bed, send, note } = desktop();
    await crm.stop();
    // A token the CRM does not know (revoked meanwhile, say).
    await send('sync:setToken', { token: 'revoked-token-0123456789' });
    const held = await note('call-3', '요금 문의: 청구서 재발송 요청');
    await send('account:signOut', { purge: false });
    await send('sync:setToken', { token: TOKENS.teammate });
    const next = await note('call-4', '주소 변경 문의: 안내 완료');
    await crm.start();

    await until(() => crm.authorOf('note', next) === TEAMMATE.agentId, "the next agent's note");
    await until(
      () =>
        bed.db
          .prepare('SELECT last_error FROM outbox WHERE token_ref IS NOT NULL')
          .pluck()
          .get() !== null,
      'the held write tried',
    );
    expect(crm.authorOf('note', held)).toBeUndefined();
    expect(
      bed.db.prepare('SELECT last_error FROM outbox WHERE token_ref IS NOT NULL').pluck().all(),
    ).toEqual(["a signed-out agent's credentials were refused"]);
    // The signed-in agent's sync is fine: their banner says nothing of someone else's token.
    const status = (await send('sync:getStatus', {})) as { problem: string | null };
    expect(status.problem).not.toBe('unauthorized');
  });
});
