import type { Database } from 'better-sqlite3';
import type { Account } from '../../../preload/contract';
import { perConnection } from '../connection';

/** The one agent account this version supports lives in row 1. */
export const AGENT_ACCOUNT_ID = 1;

/** The SIP account as stored: the password is only a reference into the secret store. */
export interface StoredAccount extends Account {
  id: number;
  /** Reference into the secret store; null when no password has been saved. */
  passwordRef: string | null;
}

/** What {@link saveAccount} stores. There is intentionally no password field. */
export interface AccountInput extends Omit<Account, 'dtmfMode'> {
  /** Default: RFC 4733. */
  dtmfMode?: Account['dtmfMode'];
  passwordRef: string | null;
}

interface AccountRow {
  id: number;
  display_name: string;
  sip_uri: string;
  ws_servers: string;
  password_ref: string | null;
  dtmf_mode: Account['dtmfMode'];
}

const COLUMNS = 'id, display_name, sip_uri, ws_servers, password_ref, dtmf_mode';

const statements = perConnection((db) => ({
  get: db.prepare<[number], AccountRow>(`SELECT ${COLUMNS} FROM accounts WHERE id = ?`),
  save: db.prepare<
    {
      id: number;
      displayName: string;
      sipUri: string;
      wsServers: string;
      passwordRef: string | null;
      dtmfMode: Account['dtmfMode'];
      at: number;
    },
    AccountRow
  >(
    `INSERT INTO accounts (id, display_name, sip_uri, ws_servers, password_ref, dtmf_mode, created_at, updated_at)
     VALUES (@id, @displayName, @sipUri, @wsServers, @passwordRef, @dtmfMode, @at, @at)
     ON CONFLICT (id) DO UPDATE SET
       display_name = excluded.display_name,
       sip_uri = excluded.sip_uri,
       ws_servers = excluded.ws_servers,
       password_ref = excluded.password_ref,
       dtmf_mode = excluded.dtmf_mode,
       updated_at = excluded.updated_at
     RETURNING ${COLUMNS}`,
  ),
}));

/** The agent's SIP account, or null before first set-up. */
export function getAccount(db: Database): StoredAccount | null {
  const row = statements(db).get.get(AGENT_ACCOUNT_ID);
  return row === undefined ? null : fromRow(row);
}

/**
 * Creates or replaces the agent's account and returns it as stored. Only the listed fields are
 * read from `account`, so a caller spreading an object that also holds a password cannot leak it
 * into SQLite.
 */
export function saveAccount(
  db: Database,
  account: AccountInput,
  at: number = Date.now(),
): StoredAccount {
  const row = statements(db).save.get({
    id: AGENT_ACCOUNT_ID,
    displayName: account.displayName,
    sipUri: account.sipUri,
    wsServers: JSON.stringify(account.wsServers),
    passwordRef: account.passwordRef,
    dtmfMode: account.dtmfMode ?? 'rfc4733',
    at,
  });
  if (row === undefined) throw new Error('saving the account returned no row');
  return fromRow(row);
}

function fromRow(row: AccountRow): StoredAccount {
  return {
    id: row.id,
    displayName: row.display_name,
    sipUri: row.sip_uri,
    wsServers: JSON.parse(row.ws_servers) as string[],
    passwordRef: row.password_ref,
    dtmfMode: row.dtmf_mode,
  };
}
