// Builds the Chromium shell's bridge (preload/chromiumBridge.ts) into a classic script that the
// shell injects before the renderer runs. electron-vite builds everything else.
import { build } from 'esbuild';

await build({
  entryPoints: ['preload/chromiumBridge.ts'],
  bundle: true,
  format: 'iife',
  platform: 'browser',
  target: 'chrome120',
  minify: true,
  outfile: 'out/preload/chromiumBridge.js',
  logLevel: 'warning',
});
