import crypto from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { appendAudit } from '../db/repositories/audit';
import { getSetting, setSetting } from '../db/repositories/settings';
import { HandlerError, type Handlers } from '../ipc/handle';
import type { Logger } from '../logging/logger';
import type { SecretStore } from '../secrets/secretStore';
import { createRecordingVault, RecordingError, type RecordingVault } from './recordingVault';

type RecordingChannel =
  | 'recording:start'
  | 'recording:append'
  | 'recording:pause'
  | 'recording:resume'
  | 'recording:stop';

export interface RecordingDeps {
  db: Database;
  secrets: SecretStore;
  logger: Logger;
  enabled: boolean;
  /** Where recordings are written: `<profile>/recordings`. */
  dir: string;
}

/** The settings key holding the secret-store reference of the recording key. */
const KEY_REF_SETTING = 'recordingKeyRef';

/**
 * The recording key: 32 random bytes kept in the OS-backed secret store; SQLite holds only its
 * reference. Created on first use. If the secret store lost it, recordings made with it can no
 * longer be read: a new key is made for new recordings and the loss is logged, never hidden.
 */
export function loadOrCreateRecordingKey(
  db: Database,
  secrets: SecretStore,
  logger: Logger,
): Buffer {
  const ref = getSetting<string>(db, KEY_REF_SETTING);
  const stored = ref ? secrets.get(ref) : null;
  if (stored) return Buffer.from(stored, 'base64');
  if (ref)
    logger.error('recording key missing from the secret store; earlier recordings are unreadable');
  const key = crypto.randomBytes(32);
  setSetting(db, KEY_REF_SETTING, secrets.put(key.toString('base64')));
  return key;
}

export interface RecordingService {
  handlers: Pick<Handlers, RecordingChannel>;
  /** The vault (for evidence export), created on first use; null when recording is off. */
  vault(): RecordingVault | null;
  /** App quit: recordings still open are closed and their interruption audited. */
  closeAll(): void;
}

export function createRecordingService(deps: RecordingDeps): RecordingService {
  const { db } = deps;
  let vault: RecordingVault | null = null;
  const paused = new Map<string, number>();
  const getVault = () => {
    vault ??= createRecordingVault(
      deps.dir,
      loadOrCreateRecordingKey(db, deps.secrets, deps.logger),
    );
    return vault;
  };
  const requireEnabled = () => {
    if (!deps.enabled)
      throw new HandlerError('RECORDING_DISABLED', 'the policy does not record calls');
  };
  const requireOpen = (callId: string) => {
    if (!vault?.isRecording(callId))
      throw new HandlerError('NOT_FOUND', 'no recording open for this call');
  };
  const audit = (
    action: string,
    callId: string,
    detail: Record<string, string | number | boolean>,
  ) => appendAudit(db, { at: Date.now(), actor: 'agent', action, subject: callId, detail });
  const asHandlerError = (error: unknown): never => {
    if (error instanceof RecordingError) {
      throw new HandlerError(
        error.code === 'OUT_OF_ORDER'
          ? 'OUT_OF_ORDER'
          : error.code === 'NOT_RECORDING'
            ? 'NOT_FOUND'
            : 'STEP_NOT_ALLOWED',
        error.message,
      );
    }
    throw error;
  };

  return {
    vault: () => (deps.enabled || vault ? getVault() : null),
    closeAll() {
      if (!vault) return;
      for (const callId of [...paused.keys()]) paused.delete(callId);
      vault.closeAll();
    },
    handlers: {
      'recording:start': ({ callId, mimeType }) => {
        requireEnabled();
        try {
          const header = getVault().start(callId, mimeType, Date.now());
          audit('recording.started', callId, { mimeType, keyId: header.keyId });
        } catch (error) {
          asHandlerError(error);
        }
        return {};
      },
      'recording:append': ({ callId, seq, data }) => {
        requireOpen(callId);
        try {
          getVault().append(callId, seq, Buffer.from(data, 'base64'));
        } catch (error) {
          asHandlerError(error);
        }
        return {};
      },
      'recording:pause': ({ callId, at }) => {
        requireOpen(callId);
        if (paused.has(callId)) throw new HandlerError('STEP_NOT_ALLOWED', 'already paused');
        paused.set(callId, at);
        audit('recording.paused', callId, { at });
        return {};
      },
      'recording:resume': ({ callId, at }) => {
        requireOpen(callId);
        const since = paused.get(callId);
        if (since === undefined) throw new HandlerError('STEP_NOT_ALLOWED', 'not paused');
        paused.delete(callId);
        audit('recording.resumed', callId, { at, pausedMs: Math.max(0, at - since) });
        return {};
      },
      'recording:stop': ({ callId }) => {
        requireOpen(callId);
        const summary = getVault().stop(callId);
        const wasPaused = paused.delete(callId);
        // The checksum ties the audio to the hash chain: an exported copy must match it.
        audit('recording.stopped', callId, { ...summary, endedPaused: wasPaused });
        return { chunks: summary.chunks, bytes: summary.bytes };
      },
    },
  };
}
