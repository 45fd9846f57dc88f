import { defineConfig } from 'vitest/config';

// End-to-end tests in real Chromium and Firefox ESR against the built extension
// (`npm run test:e2e` builds first). One browser at a time: these machines have 2 cores.
export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.test.ts'],
    environment: 'node',
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Real browsers on a shared CI machine: a test failing once is run again (the browser it ran
    // in stays up; each test sets up what it needs). The report marks it "retry x1": a race to
    // find, as in tests/unit/monitor/firefox-order.test.ts, not noise to accept.
    retry: 1,
    // …and says why its first run failed (tests/e2e/support/retried.ts).
    reporters: ['default', './tests/e2e/support/retried.ts'],
  },
});
