import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';

// One build for both shells. main/ and preload/ build as CommonJS for Electron with electron and
// the native SQLite driver (better-sqlite3-multiple-ciphers, see main/db/driver.ts) left external; the renderer (React + jssip) is a plain web bundle that the
// Electron window and the Chromium shell load unchanged.
export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rollupOptions: {
        input: {
          index: resolve(__dirname, 'main/index.ts'),
          chromiumShell: resolve(__dirname, 'main/chromiumShell/index.ts'),
          auditVerify: resolve(__dirname, 'main/audit/verifyCommand.ts'),
        },
        external: ['electron', 'better-sqlite3-multiple-ciphers', 'playwright-core'],
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      rollupOptions: {
        input: { index: resolve(__dirname, 'preload/index.ts') },
        output: { format: 'cjs' },
      },
    },
  },
  renderer: {
    root: resolve(__dirname, 'renderer'),
    plugins: [react()],
    build: {
      outDir: resolve(__dirname, 'out/renderer'),
      rollupOptions: { input: resolve(__dirname, 'renderer/index.html') },
    },
  },
});
