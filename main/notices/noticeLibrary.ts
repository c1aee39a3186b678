import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { Language } from '../../preload/contract';

/**
 * The recording notices: one audio file per language, each listed with its SHA-256 in a manifest
 * beside them. A file that is missing or does not match its checksum is never handed out: the call
 * then keeps the agent's microphone closed (a changed notice could say anything to a customer).
 *
 * Layout: <dir>/manifest.json and <dir>/<language>/<message>.wav. The app ships
 * placeholders in resources/notices; IT may point to its own folder (policy, issue #7).
 */
const manifestSchema = z.object({
  version: z.literal(1),
  kind: z.literal('recording-notice'),
  files: z.record(z.string().regex(/^[a-z]{2}\/[\w.-]+\.wav$/), z.string().regex(/^[a-f0-9]{64}$/)),
});

export interface VerifiedNotice {
  language: Language;
  sha256: string;
  file: string;
  bytes: Buffer;
}

export class NoticeError extends Error {
  constructor(
    message: string,
    readonly language: Language,
  ) {
    super(message);
    this.name = 'NoticeError';
  }
}

/** The recording notice, and the agent-protection messages played to abusive callers. */
export type MessageName =
  'recording-notice' | 'warning-1' | 'warning-2' | 'termination' | 'harassment';

export interface NoticeLibrary {
  readonly dir: string;
  /**
   * The verified message `name` (default: the recording notice) for `language`; throws
   * NoticeError when missing or tampered.
   */
  load(language: Language, name?: MessageName): VerifiedNotice;
}

export function createNoticeLibrary(dir: string): NoticeLibrary {
  const fileFor = (language: Language, name: MessageName) => `${language}/${name}.wav`;
  return {
    dir,
    load(language, message = 'recording-notice') {
      let manifest: z.infer<typeof manifestSchema>;
      try {
        manifest = manifestSchema.parse(
          JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')),
        );
      } catch (error) {
        throw new NoticeError(
          `notice manifest unreadable: ${(error as Error).message.slice(0, 200)}`,
          language,
        );
      }
      const name = fileFor(language, message);
      const expected = manifest.files[name];
      if (!expected) throw new NoticeError(`no ${name} in the notice manifest`, language);
      const file = path.join(dir, name);
      let bytes: Buffer;
      try {
        bytes = fs.readFileSync(file);
      } catch {
        throw new NoticeError(`notice file ${name} is missing`, language);
      }
      const actual = crypto.createHash('sha256').update(bytes).digest('hex');
      if (actual !== expected) {
        throw new NoticeError(`notice file ${name} does not match its manifest checksum`, language);
      }
      return { language, sha256: actual, file, bytes };
    },
  };
}
