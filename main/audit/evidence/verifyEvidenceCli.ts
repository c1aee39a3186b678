/**
 * `node verify-evidence.cjs <package folder>`: the verifier shipped inside every evidence
 * package (bundled by scripts/build-evidence-verifier.mjs; Node built-ins only, Node >= 18).
 * Exit 0 intact, 1 changed, 2 unusable input.
 */
import fs from 'node:fs';
import path from 'node:path';
import { verifyEvidenceFolder } from './verifyEvidence';

const dir = path.resolve(process.argv[2] ?? '.');
if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
  process.stderr.write(`usage: node verify-evidence.cjs <evidence package folder>\n`);
  process.exit(2);
}
const verdict = verifyEvidenceFolder(dir);
if (verdict.ok) {
  process.stdout.write(`${verdict.summary}\n`);
  process.exit(0);
}
process.stderr.write(`CHANGED: ${verdict.problem}\n`);
process.exit(1);
