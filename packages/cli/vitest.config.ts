import { readFileSync } from 'node:fs';
import { defineConfig } from 'vitest/config';

const { version } = JSON.parse(readFileSync('./package.json', 'utf8')) as { version: string };

export default defineConfig({
  define: { __CLI_VERSION__: JSON.stringify(version) },
  test: {
    include: ['test/**/*.test.ts'],
    // The tests run the built `filestack` as a child process against an emulator over loopback.
    testTimeout: 60_000,
    hookTimeout: 30_000,
  },
});
