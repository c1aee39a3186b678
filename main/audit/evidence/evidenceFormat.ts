import { createHash } from 'node:crypto';

/*
 * The layout of an evidence package, shared by the exporter (in the app) and the standalone
 * verifier (bundled into every package). Node built-ins only.
 */

export const EVIDENCE_FORMAT = 'sori-desk-evidence/1';

/** The built standalone verifier, relative to the app root (scripts/build-evidence-verifier.mjs). */
export const EVIDENCE_VERIFIER = 'out/evidence/verify-evidence.cjs';

export const FILES = {
  manifest: 'manifest.json',
  sums: 'SHA256SUMS',
  readme: 'README.txt',
  verifier: 'verify-evidence.cjs',
  call: 'call.json',
  chain: 'audit-chain.jsonl',
  noticeProof: 'notice-proof.json',
  protection: 'protection.json',
  recordingEvents: 'recording-events.json',
  notes: 'notes.json',
} as const;

/** Files that describe or check the package and so are not listed in the manifest itself. */
export const UNLISTED: readonly string[] = [
  FILES.manifest,
  FILES.sums,
  FILES.readme,
  FILES.verifier,
];

/** The audit-row views for humans, each the rows of the call whose action starts with a prefix. */
export const ROW_VIEWS = [
  { file: FILES.noticeProof, prefix: 'recording_notice.' },
  { file: FILES.protection, prefix: 'protection.' },
  { file: FILES.recordingEvents, prefix: 'recording.' },
] as const;

export interface ManifestFile {
  name: string;
  sha256: string;
  bytes: number;
}

export interface EvidenceManifest {
  format: typeof EVIDENCE_FORMAT;
  callId: string;
  createdAt: string;
  appVersion: string;
  chain: {
    /** First and last audit row of the segment, null when the call has no audit rows. */
    firstId: number | null;
    lastId: number | null;
    /** `prev_hash` of the first row: where the segment hangs in the whole chain. */
    anchorPrevHash: string | null;
    lastHash: string | null;
    /** The whole log's newest row when the package was made (the export itself comes after). */
    headIdAtExport: number | null;
    headHashAtExport: string | null;
  };
  /** The recording's file, if the call was recorded (its SHA-256 is also in the audit chain). */
  recording: string | null;
  files: ManifestFile[];
}

export const sha256Hex = (data: Buffer | string): string =>
  createHash('sha256').update(data).digest('hex');
