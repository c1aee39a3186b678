import fs from 'node:fs';
import path from 'node:path';
import { firstBrokenLink, type StoredAuditRow } from '../hashChain';
import {
  EVIDENCE_FORMAT,
  FILES,
  ROW_VIEWS,
  UNLISTED,
  sha256Hex,
  type EvidenceManifest,
} from './evidenceFormat';

export type EvidenceVerdict = { ok: true; summary: string } | { ok: false; problem: string };

const broken = (problem: string): EvidenceVerdict => ({ ok: false, problem });

/**
 * Checks an evidence package folder with nothing but Node: every listed file has the size and
 * SHA-256 the manifest says, nothing was added, SHA256SUMS agrees, the audit segment is an
 * unbroken hash chain from its anchor to its last hash, the human-readable views are exactly the
 * chained rows, and a recording matches the checksum the audit log recorded when it stopped.
 * Names the first problem found.
 */
export function verifyEvidenceFolder(dir: string): EvidenceVerdict {
  let manifest: EvidenceManifest;
  try {
    manifest = JSON.parse(
      fs.readFileSync(path.join(dir, FILES.manifest), 'utf8'),
    ) as EvidenceManifest;
  } catch (error) {
    return broken(`${FILES.manifest} unreadable: ${(error as Error).message}`);
  }
  if (manifest.format !== EVIDENCE_FORMAT || !Array.isArray(manifest.files)) {
    return broken(`${FILES.manifest} is not a ${EVIDENCE_FORMAT} manifest`);
  }

  const listed = new Set(manifest.files.map((f) => f.name));
  for (const name of fs.readdirSync(dir)) {
    if (!listed.has(name) && !UNLISTED.includes(name)) return broken(`unexpected file ${name}`);
  }
  const bytesOf = new Map<string, Buffer>();
  for (const file of manifest.files) {
    if (path.basename(file.name) !== file.name) return broken(`bad file name ${file.name}`);
    let bytes: Buffer;
    try {
      bytes = fs.readFileSync(path.join(dir, file.name));
    } catch {
      return broken(`${file.name} is missing`);
    }
    if (bytes.length !== file.bytes || sha256Hex(bytes) !== file.sha256) {
      return broken(`${file.name} was changed (size or SHA-256 differs from the manifest)`);
    }
    bytesOf.set(file.name, bytes);
  }

  const sums = readSums(dir);
  if (typeof sums === 'string') return broken(sums);
  const manifestHash = sha256Hex(fs.readFileSync(path.join(dir, FILES.manifest)));
  if (sums.get(FILES.manifest) !== manifestHash) {
    return broken(`${FILES.manifest} was changed (SHA256SUMS differs)`);
  }
  for (const file of manifest.files) {
    if (sums.get(file.name) !== file.sha256) return broken(`SHA256SUMS disagrees on ${file.name}`);
  }

  const text = bytesOf.get(FILES.chain)?.toString('utf8');
  if (text === undefined) return broken(`${FILES.chain} is not listed`);
  let rows: StoredAuditRow[];
  try {
    rows = text
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as StoredAuditRow);
  } catch {
    return broken(`${FILES.chain} is not JSON lines`);
  }
  const chain = manifest.chain;
  if (rows.length === 0) {
    if (chain.firstId !== null)
      return broken('the audit segment is empty but the manifest names rows');
  } else {
    for (let i = 1; i < rows.length; i++) {
      if (rows[i]!.id !== rows[i - 1]!.id + 1) {
        return broken(`audit entry ${rows[i - 1]!.id + 1} is missing from the segment`);
      }
    }
    const brokenAt = firstBrokenLink(rows, chain.anchorPrevHash ?? '');
    if (brokenAt !== null) {
      return broken(
        `audit chain BROKEN at entry ${brokenAt}: it was changed or removed after export`,
      );
    }
    if (rows[0]!.id !== chain.firstId || rows.at(-1)!.id !== chain.lastId) {
      return broken('the audit segment does not span the rows the manifest names');
    }
    if (rows.at(-1)!.hash !== chain.lastHash) {
      return broken('the audit segment does not end at the hash the manifest names');
    }
  }

  const byId = new Map(rows.map((row) => [row.id, row]));
  for (const view of ROW_VIEWS) {
    const shown = JSON.parse(bytesOf.get(view.file)?.toString('utf8') ?? 'null') as Array<
      StoredAuditRow & { detail: unknown }
    > | null;
    if (!Array.isArray(shown)) return broken(`${view.file} is not a list`);
    const expected = rows.filter(
      (row) => row.subject === manifest.callId && row.action.startsWith(view.prefix),
    );
    if (
      shown.length !== expected.length ||
      shown.some((row) => {
        const chained = byId.get(row.id);
        return (
          !chained ||
          JSON.stringify({ ...chained, detail: JSON.parse(chained.detail) as unknown }) !==
            JSON.stringify(row)
        );
      })
    ) {
      return broken(`${view.file} does not match the audit chain`);
    }
  }

  if (manifest.recording !== null) {
    const stopped = rows.find(
      (row) => row.subject === manifest.callId && row.action === 'recording.stopped',
    );
    const recording = bytesOf.get(manifest.recording);
    if (!recording) return broken(`the recording ${manifest.recording} is not listed`);
    const audited = stopped
      ? (JSON.parse(stopped.detail) as { sha256?: string }).sha256
      : undefined;
    if (audited !== sha256Hex(recording)) {
      return broken(`${manifest.recording} is not the recording the audit log recorded`);
    }
  }

  return {
    ok: true,
    summary:
      `INTACT: call ${manifest.callId}, ${manifest.files.length} files, ` +
      `audit entries ${chain.firstId ?? '-'}..${chain.lastId ?? '-'} chained` +
      (manifest.recording ? `, recording matches the audit log` : ''),
  };
}

function readSums(dir: string): Map<string, string> | string {
  let text: string;
  try {
    text = fs.readFileSync(path.join(dir, FILES.sums), 'utf8');
  } catch {
    return `${FILES.sums} is missing`;
  }
  const sums = new Map<string, string>();
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const match = /^([0-9a-f]{64}) {2}(.+)$/.exec(line);
    if (!match) return `${FILES.sums} has a malformed line`;
    sums.set(match[2]!, match[1]!);
  }
  return sums;
}
