import { defineConfig } from 'vitest/config';

// Projects: unit (pure logic), integration (real SQLite, real HTTP, real SIP server),
// e2e (the built renderer in Chromium against the real main services), bench (npm run bench).
// SIP-using tests must run inside a loopback-only network namespace: `npm test` does that.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts', 'test/unit/**/*.test.tsx'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          // Each e2e file starts Chromium and a SIP stack; two cores do not run two of those well.
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 90_000,
        },
      },
      {
        test: {
          name: 'bench',
          include: ['test/bench/**/*.bench.ts'],
          // One Chromium at a time: figures of two benches sharing two cores mean nothing.
          fileParallelism: false,
          environment: 'node',
          testTimeout: 300_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
