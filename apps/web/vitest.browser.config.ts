import { defineConfig } from 'vitest/config';

// `pnpm --filter @fs/web test:browser`: real Chromium against the built page and the emulator.
export default defineConfig({
  test: {
    include: ['test/**/*.browser.test.ts'],
    // One Chromium at a time on a 2-core machine; 20-48 MB uploads and retries with backoff.
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 60_000,
  },
});
