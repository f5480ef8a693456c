import { defineConfig } from 'tsup';
import { packageBuild } from '../../tsup.shared.js';

export default defineConfig([
  // `@fs/emulator` and `@fs/emulator/testing` (test-runner helpers, a separate entry so the main
  // one stays free of them).
  packageBuild({
    entry: { index: 'src/index.ts', testing: 'src/testing/index.ts' },
    target: 'node20',
    platform: 'node',
  }),
  // The CLI is an ESM program only; `bin/fs-emulator.js` loads it (or the sources in a clone).
  { entry: ['src/cli.ts'], format: 'esm', target: 'node20', platform: 'node' },
]);
