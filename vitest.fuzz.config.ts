import { defineConfig } from 'vitest/config';

/** `npm run test:fuzz`: only the long fuzz runs in test/fuzz (the default config excludes them). */
export default defineConfig({
  test: {
    include: ['test/fuzz/**/*.fuzz.test.ts'],
    testTimeout: 3_600_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
