import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'rules/**/*.test.ts'],
    // Fixture repositories hold test files of their own (scan must leave them out): not this suite's.
    exclude: ['test/fixtures/**', '**/node_modules/**'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Git and CLI tests spawn processes; two workers match the 2-core machines.
    maxWorkers: 2,
  },
});
