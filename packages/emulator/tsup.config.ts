import { defineConfig, type Options } from 'tsup';

const shared: Options = { target: 'node20', platform: 'node' };

export default defineConfig([
  // Declarations for both formats come from one TypeScript pass; `pnpm demo` skips them.
  {
    ...shared,
    entry: ['src/index.ts'],
    format: ['esm', 'cjs'],
    dts: !process.env.FS_SKIP_DTS,
    clean: true,
  },
  // The CLI is an ESM program only; `bin/fs-emulator.js` loads it (or the sources in a clone).
  { ...shared, entry: ['src/cli.ts'], format: 'esm' },
]);
