import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // `useEmulator` of @fs/emulator/testing registers its hooks through the globals.
    globals: true,
    // Integration tests start their own emulator on a free port; files run in parallel.
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
