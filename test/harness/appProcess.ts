/**
 * The app in a process of its own, for tests that kill it the hard way (SIGKILL), as a crash or
 * a killed task would: `launchKillableApp` (killableApp.ts) bundles this file and runs it.
 * argv[2]: the LaunchAppOptions as JSON. Prints SORI_APP_READY once the window is up.
 */
import { launchApp, type LaunchAppOptions } from './launchApp';

const options = JSON.parse(process.argv[2] ?? '{}') as LaunchAppOptions;
launchApp(options).then(
  () => process.stdout.write('SORI_APP_READY\n'),
  (error: unknown) => {
    process.stderr.write(`app process failed: ${String(error)}\n`);
    process.exit(1);
  },
);
