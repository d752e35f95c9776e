import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 30_000,
    // Starting an embedded database takes seconds on a busy machine.
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
