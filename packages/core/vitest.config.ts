import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const { version } = JSON.parse(readFileSync('./package.json', 'utf8')) as { version: string };

export default defineConfig({
  define: { __FS_VERSION__: JSON.stringify(version) },
  test: { include: ['test/**/*.test.ts'] },
  // Tests run the sources on Node, so `#default-fetch` is the Node file (the built package gets
  // it from the `imports` map of package.json).
  resolve: {
    alias: {
      '#default-fetch': fileURLToPath(new URL('./src/default-fetch.node.ts', import.meta.url)),
    },
  },
});
