import { defineConfig } from 'tsup';

// One bundle per format: every task factory and helper is a top-level function without side
// effects, so bundlers drop whatever a page does not import (checked in test/tree-shaking.test.ts).
// Declarations for both formats come from one TypeScript pass; `pnpm demo` skips them (FS_SKIP_DTS).
export default defineConfig({
  entry: ['src/index.ts'],
  target: 'es2022',
  format: ['esm', 'cjs'],
  dts: !process.env.FS_SKIP_DTS,
  clean: true,
});
