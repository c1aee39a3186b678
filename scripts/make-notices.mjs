// Generates the placeholder recording notices (espeak-ng + sox) and their checksum manifest:
//   node scripts/make-notices.mjs
// They are honest placeholders, synthesised here. A centre replaces them with professional
// recordings by writing its own files and manifest (see README, "Recording notice").
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const dir = 'resources/notices';
const NOTICES = {
  ko: {
    voice: 'ko',
    text: '안녕하세요. 고객님과의 통화 내용은 서비스 품질 향상을 위해 녹음됩니다.',
  },
  en: { voice: 'en', text: 'Hello. This call is recorded to improve the quality of our service.' },
};

const files = {};
for (const [language, { voice, text }] of Object.entries(NOTICES)) {
  const out = path.join(dir, language, 'recording-notice.wav');
  fs.mkdirSync(path.dirname(out), { recursive: true });
  const raw = `${out}.raw.wav`;
  execFileSync('espeak-ng', ['-v', voice, '-s', '155', '-w', raw, text]);
  // 16 kHz mono s16: small enough to pass over IPC, more than telephone bandwidth.
  execFileSync('sox', [raw, '-r', '16000', '-c', '1', '-b', '16', out, 'norm', '-3']);
  fs.rmSync(raw);
  files[`${language}/recording-notice.wav`] = crypto
    .createHash('sha256')
    .update(fs.readFileSync(out))
    .digest('hex');
}
fs.writeFileSync(
  path.join(dir, 'manifest.json'),
  JSON.stringify({ version: 1, kind: 'recording-notice', files }, null, 2) + '\n',
);
process.stdout.write(`wrote ${Object.keys(files).length} notices and ${dir}/manifest.json\n`);
