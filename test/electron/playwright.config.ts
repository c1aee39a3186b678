import { defineConfig } from '@playwright/test';

// The real Electron shell, driven by Playwright's _electron. Runs wherever Electron's binary is
// installed; on machines without it every test is skipped with the reason (see electronShell.spec.ts).
export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.ts',
  timeout: 60_000,
  workers: 1,
  // Not test-results/: Playwright empties its output folder, which holds the vitest report.
  outputDir: '../../.tmp/playwright-output',
  reporter: [['list'], ['json', { outputFile: '../../test-results/electron.json' }]],
});
