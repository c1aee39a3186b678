// Shared by the demo (demo.ts) and the README screenshots (screenshots.ts): the UI's words, the
// console, the customer's voice, and taking over Ctrl-C for an orderly shutdown.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Locator, Page } from 'playwright-core';
import { findAppRoot } from '../../main/appRoot';
import type { Language } from '../../preload/contract';
import en from '../../renderer/i18n/locales/en.json';
import ko from '../../renderer/i18n/locales/ko.json';

const execFileAsync = promisify(execFile);

/** The repository root (package.json "sori-desk"). */
export const REPO_ROOT = findAppRoot();

/** The app's own catalogs: the demo looks for what the user sees. */
export const words = (language: Language) => (language === 'ko' ? ko : en);

/** The registration status region ("등록 상태" / "Registration status"). */
export const registrationStatus = (page: Page, language: Language): Locator =>
  page.getByRole('status', { name: words(language).registration.label });

/** The call status region ("통화 상태" / "Call status"). */
export const callStatus = (page: Page, language: Language): Locator =>
  page.getByRole('status', { name: words(language).calls.callStatus });

export const button = (page: Page, name: string): Locator =>
  page.getByRole('button', { name, exact: true });

const started = Date.now();

/** Prints `[m:ss] message`, the time since the demo started. */
export function say(message: string): void {
  const seconds = Math.floor((Date.now() - started) / 1000);
  const stamp = `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
  process.stdout.write(`[${stamp.padStart(5)}] ${message}\n`);
}

/** A path as the user should type it: relative to the repository when inside it. */
export const shown = (file: string): string => {
  const relative = path.relative(REPO_ROOT, file);
  return relative.startsWith('..') ? file : relative;
};

const PROMPT: Record<Language, { voice: string; text: string }> = {
  ko: {
    voice: 'ko',
    text: '안녕하세요. 소리 데스크 데모 고객입니다. 제 목소리가 잘 들리시나요? 주문 배송 문의 드리려고 전화했습니다.',
  },
  en: {
    voice: 'en',
    text: 'Hello, this is the Sori Desk demo customer. Can you hear me? I am calling about my order.',
  },
};

/**
 * A spoken customer prompt as baresip's microphone: espeak-ng in `language`, converted with sox
 * to what baresip's aufile source needs (8 kHz mono signed 16-bit), repeated with pauses to a
 * minute because aufile does not loop. Null when espeak-ng or sox is missing or fails: the
 * caller falls back to a tone.
 */
export async function makeCustomerVoice(language: Language, dir: string): Promise<string | null> {
  const { voice, text } = PROMPT[language];
  fs.mkdirSync(dir, { recursive: true });
  const raw = path.join(dir, `customer-${language}-raw.wav`);
  const file = path.join(dir, `customer-${language}-8k.wav`);
  try {
    await execFileAsync('espeak-ng', ['-v', voice, '-s', '150', '-w', raw, text]);
    // Speech, 1.5 s of silence, again and again; then cut to 60 s.
    await execFileAsync('sox', [
      raw,
      '-r',
      '8000',
      '-c',
      '1',
      '-b',
      '16',
      '-e',
      'signed-integer',
      file,
      'norm',
      '-3',
      'pad',
      '0',
      '1.5',
      'repeat',
      '12',
      'trim',
      '0',
      '60',
    ]);
    return file;
  } catch {
    return null;
  }
}

/**
 * Makes `onStop` the only handler of SIGINT/SIGTERM. The test stack's process helper and
 * Playwright each install their own (kill the children at once, close browsers and exit 130);
 * the demo wants its own orderly stop instead: end the call, unregister, close the app, then stop
 * Kamailio, rtpengine and baresip. Their 'exit' handlers stay as a safety net. Call again after
 * starting anything that may have installed handlers.
 */
export function takeOverSignals(onStop: (signal: NodeJS.Signals) => void): void {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.removeAllListeners(signal);
    process.on(signal, () => onStop(signal));
  }
}

/** Resolves after `ms`, or at once when `signal` aborts. */
export function pause(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
