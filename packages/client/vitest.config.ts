import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Tests run the sources on Node, so `#runtime` is the Node file (the built package gets it
  // from the `node` condition of its `imports` map).
  resolve: {
    alias: { '#runtime': fileURLToPath(new URL('./src/runtime.node.ts', import.meta.url)) },
  },
  test: {
    include: ['test/**/*.test.ts'],
    // `useEmulator` of @fs/emulator/testing registers its hooks through the globals.
    globals: true,
    // Integration tests start their own emulator on a free port; files run in parallel.
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
