import { defineConfig, type Options } from 'tsup';

const shared: Options = { target: 'node20', platform: 'node' };

export default defineConfig([
  { ...shared, entry: ['src/index.ts'], format: 'esm', dts: true, clean: true },
  { ...shared, entry: ['src/index.ts'], format: 'cjs', dts: true },
  // The CLI is an ESM program only; `bin/fs-emulator.js` loads it (or the sources in a clone).
  { ...shared, entry: ['src/cli.ts'], format: 'esm', dts: false },
]);
