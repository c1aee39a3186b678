/**
 * `npm start` without an Electron binary: the Chromium shell as a command.
 *   node out/main/chromiumShell.js [--profile DIR] [--headless] [--locale ko-KR]
 */
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { StoreError } from '../db/errors';
import { storeErrorMessage } from '../db/storeErrorMessage';
import { resolveLanguage } from '../settings/language';
import { launchChromiumShell, systemLocale } from './launch';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      profile: { type: 'string' },
      headless: { type: 'boolean', default: false },
      locale: { type: 'string' },
    },
  });
  const profileDir = values.profile ?? path.join(os.homedir(), '.config', 'sori-desk-chromium');
  const headless = values.headless || !process.env['DISPLAY'];
  if (headless && !values.headless) {
    process.stderr.write(
      'No $DISPLAY: the Chromium shell runs headless (nothing will be shown).\n',
    );
  }
  const shell = await launchChromiumShell({
    profileDir,
    headless,
    logToStderr: true,
    ...(values.locale ? { locale: values.locale } : {}),
  });
  process.stderr.write(`Sori Desk (Chromium shell) at ${shell.origin}, profile ${profileDir}\n`);
  const stop = () => void shell.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  await shell.closed;
  await shell.close();
}

main().catch((error: unknown) => {
  const language = resolveLanguage('system', systemLocale());
  const message =
    error instanceof StoreError
      ? storeErrorMessage(error, language)
      : `Sori Desk could not start: ${error instanceof Error ? error.message : String(error)}`;
  process.stderr.write(`${message}\n`);
  process.exit(1);
});
