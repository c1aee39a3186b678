// `npm run security:scan`: Electronegativity on the app's sources (main, preload, renderer and
// package.json; not the build output, where it misses the window checks). Every finding must be
// fixed or explained in test/integration/security/electronegativity-accepted.json; an unexplained
// finding, or an explanation whose finding is gone, fails. Offline it prints "No connectivity?"
// (it looks up Electron releases) and carries on.
//   --input DIR   scan DIR instead (the test shows a bad window fails the scan)
//   --json        print the outcome as one JSON object on stdout
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ACCEPTED = path.join(root, 'test/integration/security/electronegativity-accepted.json');
const SOURCES = ['main', 'preload', 'renderer', 'package.json'];

const args = process.argv.slice(2);
const json = args.includes('--json');
const inputAt = args.indexOf('--input');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'sori-electronegativity-'));

try {
  let input = inputAt >= 0 ? path.resolve(args[inputAt + 1] ?? '') : path.join(work, 'src');
  if (inputAt < 0) {
    // A copy of the sources only: tests, scripts and build output are not the app.
    for (const entry of SOURCES)
      fs.cpSync(path.join(root, entry), path.join(input, entry), { recursive: true });
  }
  const electron = JSON.parse(
    fs.readFileSync(path.join(root, 'node_modules/electron/package.json'), 'utf8'),
  ).version;
  const sarif = path.join(work, 'findings.sarif');
  const cli = path.join(root, 'node_modules/@doyensec/electronegativity/dist/index.js');
  const run = spawnSync(
    process.execPath,
    [cli, '-i', input, '-r', '-v', 'false', '-e', electron, '-o', sarif],
    { encoding: 'utf8', timeout: 120_000 },
  );
  if (run.status !== 0 || !fs.existsSync(sarif)) {
    process.stderr.write(run.stdout + run.stderr);
    throw new Error(`electronegativity failed (exit ${run.status ?? run.signal})`);
  }

  const findings = JSON.parse(fs.readFileSync(sarif, 'utf8')).runs[0].results.map((r) => ({
    check: r.ruleId,
    file: r.locations?.[0]?.physicalLocation?.artifactLocation?.uri ?? 'N/A',
    line: r.locations?.[0]?.physicalLocation?.region?.startLine ?? 0,
    message: r.message.text,
  }));
  const accepted = JSON.parse(fs.readFileSync(ACCEPTED, 'utf8')).accepted;
  const explains = (a, f) => a.check === f.check && a.file === f.file;
  const unexplained = findings.filter((f) => !accepted.some((a) => explains(a, f)));
  // Only against the real sources: an explanation for a finding that is gone must go too.
  const stale = inputAt >= 0 ? [] : accepted.filter((a) => !findings.some((f) => explains(a, f)));

  if (json) {
    process.stdout.write(JSON.stringify({ findings, unexplained, stale }) + '\n');
  } else {
    for (const f of findings) {
      const mark = unexplained.includes(f) ? 'UNEXPLAINED' : 'explained  ';
      process.stdout.write(`${mark} ${f.check} ${f.file}:${f.line} ${f.message}\n`);
    }
    for (const a of stale)
      process.stdout.write(`STALE       ${a.check} ${a.file}: no longer reported; remove it\n`);
    process.stdout.write(
      `${findings.length} findings, ${unexplained.length} unexplained, ${stale.length} stale ` +
        `explanations (${path.relative(root, ACCEPTED)})\n`,
    );
  }
  process.exitCode = unexplained.length > 0 || stale.length > 0 ? 1 : 0;
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}
