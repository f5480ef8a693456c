import { defineConfig, type Options } from 'tsup';

// One bundle per format: every task factory and helper is a top-level function without side
// effects, so bundlers drop whatever a page does not import (checked in test/tree-shaking.test.ts).
const shared: Options = { entry: ['src/index.ts'], target: 'es2022' };

export default defineConfig([
  { ...shared, format: 'esm', dts: true, clean: true },
  { ...shared, format: 'cjs', dts: true },
]);
