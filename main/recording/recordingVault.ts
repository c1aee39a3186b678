import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Client-side call recordings, encrypted at rest.
 *
 * One file per call, `<dir>/<callId>.sori-rec`, appended to as the renderer's MediaRecorder hands
 * over chunks (about one a second), so a crash or a kill loses at most the chunk in flight:
 *
 * ```
 *   "SORIREC1" | u32 header length | header JSON { callId, mimeType, createdAt, keyId }
 *   frame*:      u32 seq | u32 ciphertext length | 12-byte nonce | ciphertext | 16-byte GCM tag
 * ```
 *
 * Every frame is AES-256-GCM with its own random nonce and `callId:seq` as additional data, so a
 * frame cannot be moved to another position or another call's file without failing
 * authentication. The key (32 random bytes) lives in the OS-backed secret store; `keyId` (a hash
 * of it) says which key a file needs after a key rotation. A torn last frame (power cut mid-write)
 * is ignored on read and reported as `truncated`.
 */
const MAGIC = Buffer.from('SORIREC1', 'ascii');
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const FRAME_HEADER_BYTES = 8;
/** Larger than any MediaRecorder chunk of a second or so of Opus; guards reads of a damaged file. */
const MAX_FRAME_BYTES = 8 * 1024 * 1024;
export const RECORDING_FILE_SUFFIX = '.sori-rec';

export class RecordingError extends Error {
  constructor(
    readonly code: 'NOT_RECORDING' | 'OUT_OF_ORDER' | 'EXISTS' | 'NOT_FOUND' | 'DAMAGED',
    message: string,
  ) {
    super(message);
    this.name = 'RecordingError';
  }
}

export interface RecordingHeader {
  callId: string;
  mimeType: string;
  createdAt: number;
  keyId: string;
}

export interface DecryptedRecording {
  header: RecordingHeader;
  /** The recorder's container (WebM/Opus) bytes, chunks concatenated in order. */
  bytes: Buffer;
  chunks: number;
  /** A torn final frame was found and left out. */
  truncated: boolean;
}

/** What stopping a recording reports (and the audit keeps): size and checksum of the audio. */
export interface RecordingSummary {
  chunks: number;
  bytes: number;
  /** SHA-256 of the decrypted audio, as an exported evidence copy must match. */
  sha256: string;
}

interface OpenRecording {
  fd: number;
  nextSeq: number;
  bytes: number;
  hash: crypto.Hash;
}

export interface RecordingVault {
  start(callId: string, mimeType: string, now: number): RecordingHeader;
  append(callId: string, seq: number, chunk: Buffer): void;
  stop(callId: string): RecordingSummary;
  isRecording(callId: string): boolean;
  /** Whether a recording file exists for the call. */
  has(callId: string): boolean;
  read(callId: string): DecryptedRecording;
  /** Closes every open file (app quit); the files stay readable. */
  closeAll(): void;
}

export const keyIdOf = (key: Buffer): string =>
  crypto.createHash('sha256').update(key).digest('hex').slice(0, 16);

/** A file name for the call id that cannot escape the directory or collide by case folding. */
export function recordingFileName(callId: string): string {
  const readable = callId.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 48);
  const digest = crypto.createHash('sha256').update(callId).digest('hex').slice(0, 12);
  return `${readable}-${digest}${RECORDING_FILE_SUFFIX}`.toLowerCase();
}

export function createRecordingVault(dir: string, key: Buffer): RecordingVault {
  if (key.length !== 32) throw new Error('a recording key is 32 bytes');
  const keyId = keyIdOf(key);
  const open = new Map<string, OpenRecording>();
  const fileOf = (callId: string) => path.join(dir, recordingFileName(callId));

  const writeAll = (fd: number, data: Buffer) => {
    let offset = 0;
    while (offset < data.length) offset += fs.writeSync(fd, data, offset);
  };

  return {
    start(callId, mimeType, now) {
      if (open.has(callId)) throw new RecordingError('EXISTS', 'already recording this call');
      fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
      const header: RecordingHeader = { callId, mimeType, createdAt: now, keyId };
      const json = Buffer.from(JSON.stringify(header), 'utf8');
      const length = Buffer.alloc(4);
      length.writeUInt32BE(json.length);
      let fd: number;
      try {
        // 'wx': a second recording never overwrites the first one's evidence.
        fd = fs.openSync(fileOf(callId), 'wx', 0o600);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
          throw new RecordingError('EXISTS', 'this call already has a recording');
        }
        throw error;
      }
      writeAll(fd, Buffer.concat([MAGIC, length, json]));
      fs.fsyncSync(fd);
      open.set(callId, { fd, nextSeq: 0, bytes: 0, hash: crypto.createHash('sha256') });
      return header;
    },

    append(callId, seq, chunk) {
      const recording = open.get(callId);
      if (!recording) throw new RecordingError('NOT_RECORDING', 'no recording open for this call');
      if (seq !== recording.nextSeq) {
        throw new RecordingError('OUT_OF_ORDER', `expected chunk ${recording.nextSeq}, got ${seq}`);
      }
      const nonce = crypto.randomBytes(NONCE_BYTES);
      const cipher = crypto.createCipheriv('aes-256-gcm', key, nonce);
      cipher.setAAD(Buffer.from(`${callId}:${seq}`, 'utf8'));
      const ciphertext = Buffer.concat([cipher.update(chunk), cipher.final()]);
      const frameHeader = Buffer.alloc(FRAME_HEADER_BYTES);
      frameHeader.writeUInt32BE(seq, 0);
      frameHeader.writeUInt32BE(ciphertext.length, 4);
      writeAll(recording.fd, Buffer.concat([frameHeader, nonce, ciphertext, cipher.getAuthTag()]));
      // A chunk a second: syncing each keeps "at most one chunk lost" true after a power cut.
      fs.fsyncSync(recording.fd);
      recording.nextSeq += 1;
      recording.bytes += chunk.length;
      recording.hash.update(chunk);
    },

    stop(callId) {
      const recording = open.get(callId);
      if (!recording) throw new RecordingError('NOT_RECORDING', 'no recording open for this call');
      open.delete(callId);
      fs.closeSync(recording.fd);
      return {
        chunks: recording.nextSeq,
        bytes: recording.bytes,
        sha256: recording.hash.digest('hex'),
      };
    },

    isRecording: (callId) => open.has(callId),
    has: (callId) => fs.existsSync(fileOf(callId)),

    read(callId) {
      let data: Buffer;
      try {
        data = fs.readFileSync(fileOf(callId));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
          throw new RecordingError('NOT_FOUND', 'no recording for this call');
        }
        throw error;
      }
      return decryptRecording(data, key, callId);
    },

    closeAll() {
      for (const [callId, recording] of open) {
        open.delete(callId);
        fs.closeSync(recording.fd);
      }
    },
  };
}

/** Decrypts a whole recording file; `expectedCallId` guards against a renamed file. */
export function decryptRecording(
  data: Buffer,
  key: Buffer,
  expectedCallId?: string,
): DecryptedRecording {
  const damaged = (why: string) => new RecordingError('DAMAGED', `recording damaged: ${why}`);
  if (data.length < MAGIC.length + 4 || !data.subarray(0, MAGIC.length).equals(MAGIC)) {
    throw damaged('not a Sori Desk recording');
  }
  const headerLength = data.readUInt32BE(MAGIC.length);
  let offset = MAGIC.length + 4 + headerLength;
  if (offset > data.length) throw damaged('header cut short');
  let header: RecordingHeader;
  try {
    header = JSON.parse(
      data.subarray(MAGIC.length + 4, offset).toString('utf8'),
    ) as RecordingHeader;
  } catch {
    throw damaged('header unreadable');
  }
  if (expectedCallId !== undefined && header.callId !== expectedCallId) {
    throw damaged('the file belongs to another call');
  }
  if (header.keyId !== keyIdOf(key)) {
    throw damaged('encrypted with another key');
  }
  const chunks: Buffer[] = [];
  let truncated = false;
  while (offset < data.length) {
    if (data.length - offset < FRAME_HEADER_BYTES + NONCE_BYTES + TAG_BYTES) {
      truncated = true;
      break;
    }
    const seq = data.readUInt32BE(offset);
    const length = data.readUInt32BE(offset + 4);
    const frameEnd = offset + FRAME_HEADER_BYTES + NONCE_BYTES + length + TAG_BYTES;
    if (length > MAX_FRAME_BYTES) throw damaged(`frame ${chunks.length} has an impossible length`);
    if (frameEnd > data.length) {
      truncated = true;
      break;
    }
    if (seq !== chunks.length) throw damaged(`frame ${chunks.length} is out of order`);
    const nonceAt = offset + FRAME_HEADER_BYTES;
    const decipher = crypto.createDecipheriv(
      'aes-256-gcm',
      key,
      data.subarray(nonceAt, nonceAt + NONCE_BYTES),
    );
    decipher.setAAD(Buffer.from(`${header.callId}:${seq}`, 'utf8'));
    decipher.setAuthTag(data.subarray(frameEnd - TAG_BYTES, frameEnd));
    try {
      chunks.push(
        Buffer.concat([
          decipher.update(data.subarray(nonceAt + NONCE_BYTES, frameEnd - TAG_BYTES)),
          decipher.final(),
        ]),
      );
    } catch {
      throw damaged(`frame ${seq} fails authentication (changed, or another key)`);
    }
    offset = frameEnd;
  }
  return { header, bytes: Buffer.concat(chunks), chunks: chunks.length, truncated };
}
