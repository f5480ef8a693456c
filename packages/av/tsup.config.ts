import { defineConfig, type Options } from 'tsup';

// One bundle per format; @fs/core and @fs/transform stay external (dependencies), so a page
// shares them with the other packages it uses.
const shared: Options = { entry: ['src/index.ts'], target: 'es2022' };

export default defineConfig([
  { ...shared, format: 'esm', dts: true, clean: true },
  { ...shared, format: 'cjs', dts: true },
]);
