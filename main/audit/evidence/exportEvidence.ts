import fs from 'node:fs';
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import { appendAudit } from '../../db/repositories/audit';
import type { StoredAuditRow } from '../hashChain';
import {
  EVIDENCE_FORMAT,
  FILES,
  ROW_VIEWS,
  sha256Hex,
  type EvidenceManifest,
  type ManifestFile,
} from './evidenceFormat';

export class EvidenceError extends Error {
  constructor(
    readonly code: 'NOT_FOUND',
    message: string,
  ) {
    super(message);
    this.name = 'EvidenceError';
  }
}

export interface ExportOptions {
  callId: string;
  /** The folder the package folder is made in. */
  outDir: string;
  now: number;
  appVersion: string;
  /** The built standalone verifier (out/evidence/verify-evidence.cjs), copied into the package. */
  verifierScript: string;
  /** The call's recording, decrypted, if it was recorded. */
  recording?: { fileName: string; bytes: Buffer } | null;
}

export interface ExportResult {
  dir: string;
  manifestSha256: string;
  files: number;
}

const README = `Sori Desk 통화 증거 패키지 / call evidence package

[한국어]
이 폴더는 한 통화의 증거 자료입니다: 통화 기록(call.json), 감사 기록의 해시 체인 구간
(audit-chain.jsonl), 녹취 고지 증명, 보호 조치(경고·종료) 기록, 녹취 이벤트, 상담 메모, 녹취
파일(있는 경우)과 그 체크섬(manifest.json, SHA256SUMS).
확인 방법 (앱이 없는 PC에서도 됩니다):
  1) sha256sum -c SHA256SUMS            파일이 바뀌지 않았는지 확인 (coreutils)
  2) node verify-evidence.cjs .          위 확인 + 해시 체인 검증 (Node.js 18 이상만 필요)
결과가 "INTACT"이면 내보낸 뒤 아무것도 바뀌지 않은 것입니다.

[English]
This folder is the evidence of one call: the call record (call.json), the segment of the audit
log's hash chain (audit-chain.jsonl), the recording-notice proof, the protection steps
(warnings, termination), recording events, the call's notes, the recording (if any) and their
checksums (manifest.json, SHA256SUMS).
To check it (no Sori Desk needed):
  1) sha256sum -c SHA256SUMS            files unchanged (coreutils)
  2) node verify-evidence.cjs .          the above plus the hash chain (needs only Node.js >= 18)
"INTACT" means nothing was changed after the export.
`;

/** A folder name from the call id that cannot escape `outDir`. */
const safeName = (callId: string) => callId.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 48);
const stamp = (at: number) =>
  new Date(at)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');

/**
 * Exports the evidence of one call into a new folder under `outDir`: the call record, the
 * segment of the audit hash chain from the call's first row to its last (rows of other calls in
 * between included, or the chain could not be checked; audit rows hold no phone numbers or
 * secrets by contract), human-readable views of the notice proof, protection steps and recording
 * events, the call's notes, the recording, a manifest with checksums, SHA256SUMS, a README and the
 * standalone verifier.
 */
export function exportEvidencePackage(db: Database, options: ExportOptions): ExportResult {
  const call = db.prepare('SELECT * FROM call_log WHERE call_id = ?').get(options.callId);
  if (!call) throw new EvidenceError('NOT_FOUND', 'no such call in the call log');

  const bounds = db
    .prepare<[string], { first: number | null; last: number | null }>(
      'SELECT min(id) AS first, max(id) AS last FROM audit_log WHERE subject = ?',
    )
    .get(options.callId)!;
  const segment =
    bounds.first === null
      ? []
      : db
          .prepare<[number, number], StoredAuditRow>(
            'SELECT id, at, actor, action, subject, detail, prev_hash, hash FROM audit_log WHERE id BETWEEN ? AND ? ORDER BY id',
          )
          .all(bounds.first, bounds.last!);
  const head = db
    .prepare<[], { id: number; hash: string }>(
      'SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1',
    )
    .get();
  const notes = db
    .prepare(
      'SELECT id, customer_id, call_id, intent_code, body, created_at, updated_at, sync_state FROM notes WHERE call_id = ? ORDER BY created_at',
    )
    .all(options.callId);

  const contents = new Map<string, Buffer>();
  const json = (value: unknown) => Buffer.from(JSON.stringify(value, null, 2) + '\n', 'utf8');
  contents.set(FILES.call, json(call));
  contents.set(
    FILES.chain,
    Buffer.from(segment.map((row) => JSON.stringify(row) + '\n').join(''), 'utf8'),
  );
  for (const view of ROW_VIEWS) {
    const rows = segment
      .filter((row) => row.subject === options.callId && row.action.startsWith(view.prefix))
      .map((row) => ({ ...row, detail: JSON.parse(row.detail) as unknown }));
    contents.set(view.file, json(rows));
  }
  contents.set(FILES.notes, json(notes));
  if (options.recording) contents.set(options.recording.fileName, options.recording.bytes);

  const files: ManifestFile[] = [...contents].map(([name, bytes]) => ({
    name,
    sha256: sha256Hex(bytes),
    bytes: bytes.length,
  }));
  const manifest: EvidenceManifest = {
    format: EVIDENCE_FORMAT,
    callId: options.callId,
    createdAt: new Date(options.now).toISOString(),
    appVersion: options.appVersion,
    chain: {
      firstId: segment[0]?.id ?? null,
      lastId: segment.at(-1)?.id ?? null,
      anchorPrevHash: segment[0]?.prev_hash ?? null,
      lastHash: segment.at(-1)?.hash ?? null,
      headIdAtExport: head?.id ?? null,
      headHashAtExport: head?.hash ?? null,
    },
    recording: options.recording?.fileName ?? null,
    files,
  };
  const manifestBytes = json(manifest);
  contents.set(FILES.manifest, manifestBytes);
  contents.set(
    FILES.sums,
    Buffer.from(
      [...contents].map(([name, bytes]) => `${sha256Hex(bytes)}  ${name}\n`).join(''),
      'utf8',
    ),
  );
  contents.set(FILES.readme, Buffer.from(README, 'utf8'));
  contents.set(FILES.verifier, fs.readFileSync(options.verifierScript));

  const name = `sori-evidence-${safeName(options.callId)}-${stamp(options.now)}`;
  const finalDir = path.join(options.outDir, name);
  const partial = `${finalDir}.partial`;
  fs.mkdirSync(partial, { recursive: true });
  for (const [file, bytes] of contents) fs.writeFileSync(path.join(partial, file), bytes);
  const manifestSha256 = sha256Hex(manifestBytes);
  // The folder is complete before the audit says it exists; the rename is the last step and
  // cannot half-happen, so an audited export always names a whole package (a failed rename
  // leaves `.partial`, which the audit row's name does not match).
  db.transaction(() => {
    appendAudit(db, {
      at: options.now,
      actor: 'agent',
      action: 'evidence.exported',
      subject: options.callId,
      detail: { folder: name, manifestSha256, files: contents.size },
    });
    fs.renameSync(partial, finalDir);
  })();
  return { dir: finalDir, manifestSha256, files: contents.size };
}
