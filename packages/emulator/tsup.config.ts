import { defineConfig } from 'tsup';
import { packageBuild } from '../../tsup.shared.js';

export default defineConfig([
  packageBuild({ target: 'node20', platform: 'node' }),
  // The CLI is an ESM program only; `bin/fs-emulator.js` loads it (or the sources in a clone).
  { entry: ['src/cli.ts'], format: 'esm', target: 'node20', platform: 'node' },
]);
