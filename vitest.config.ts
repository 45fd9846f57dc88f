import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { svelteTesting } from '@testing-library/svelte/vite';

// Unit and component tests. End-to-end tests have their own config (vitest.e2e.config.ts).
export default defineConfig({
  // WxtVitest does not add the Svelte compiler for tests; svelteTesting adds the `browser` condition.
  plugins: [WxtVitest(), svelte(), svelteTesting()],
  test: {
    include: ['tests/unit/**/*.test.ts', 'tests/component/**/*.test.ts'],
    environment: 'node',
    // Generates lib/knowledge/generated/ when missing (it is built from the data sets, not committed).
    globalSetup: ['tests/unit/knowledge/globalSetup.ts'],
    restoreMocks: true,
    // Component tests' waits (testing-library) tolerate a loaded machine.
    setupFiles: ['tests/component/setup.ts'],
  },
});
