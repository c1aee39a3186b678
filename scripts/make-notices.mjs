// Generates the placeholder recording notices and agent-protection messages (espeak-ng + sox)
// and their checksum manifest:
//   node scripts/make-notices.mjs
// They are honest placeholders, synthesised here. A centre replaces them with professional
// recordings by writing its own files and manifest (see README, "Recording notice").
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const dir = 'resources/notices';

// Short and polite, in the register of the Korean manuals: first warning, second warning,
// termination; sexual harassment ends the call at once.
const MESSAGES = {
  ko: {
    voice: 'ko',
    texts: {
      'recording-notice': '안녕하세요. 고객님과의 통화 내용은 서비스 품질 향상을 위해 녹음됩니다.',
      'warning-1':
        '고객님, 폭언이나 욕설을 하시면 정상적인 상담이 어렵습니다. 상담원 보호를 위해 통화가 종료될 수 있습니다.',
      'warning-2': '고객님, 폭언이 계속되면 통화를 종료하겠습니다.',
      termination: '더 이상 상담이 어려워 통화를 종료하겠습니다.',
      harassment: '성희롱 발언으로 통화를 즉시 종료합니다. 이 통화는 녹음되었습니다.',
    },
  },
  en: {
    voice: 'en',
    texts: {
      'recording-notice': 'Hello. This call is recorded to improve the quality of our service.',
      'warning-1':
        'Abusive language makes it impossible to help you. To protect our staff, this call may be ended.',
      'warning-2': 'If the abuse continues, I will end this call.',
      termination: 'We can no longer continue this conversation. This call will now end.',
      harassment: 'This call is ending now because of sexual harassment. It has been recorded.',
    },
  },
};

const files = {};
for (const [language, { voice, texts }] of Object.entries(MESSAGES)) {
  for (const [name, text] of Object.entries(texts)) {
    const out = path.join(dir, language, `${name}.wav`);
    fs.mkdirSync(path.dirname(out), { recursive: true });
    const raw = `${out}.raw.wav`;
    execFileSync('espeak-ng', ['-v', voice, '-s', '155', '-w', raw, text]);
    // 16 kHz mono s16: small enough to pass over IPC, more than telephone bandwidth.
    execFileSync('sox', [raw, '-r', '16000', '-c', '1', '-b', '16', out, 'norm', '-3']);
    fs.rmSync(raw);
    files[`${language}/${name}.wav`] = crypto
      .createHash('sha256')
      .update(fs.readFileSync(out))
      .digest('hex');
  }
}
fs.writeFileSync(
  path.join(dir, 'manifest.json'),
  JSON.stringify({ version: 1, kind: 'recording-notice', files }, null, 2) + '\n',
);
process.stdout.write(`wrote ${Object.keys(files).length} messages and ${dir}/manifest.json\n`);
