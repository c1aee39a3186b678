import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Language } from '../../preload/contract';

/** The app's shipped recording notices and protection messages. */
export const SHIPPED_NOTICES = path.resolve(__dirname, '../../resources/notices');

/** A copy of the shipped notices that a test may change (e.g. replace messages with tones). */
export function noticesCopy(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sori-notices-'));
  fs.cpSync(SHIPPED_NOTICES, dir, { recursive: true });
  return dir;
}

/** A copy whose recording notice in `language` has one byte changed: it fails its checksum. */
export function tamperedNotices(language: Language = 'ko'): string {
  const dir = noticesCopy();
  const file = path.join(dir, language, 'recording-notice.wav');
  const bytes = fs.readFileSync(file);
  bytes[bytes.length - 100] = (bytes[bytes.length - 100]! + 1) % 256;
  fs.writeFileSync(file, bytes);
  return dir;
}
