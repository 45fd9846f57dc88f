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
  },
});
