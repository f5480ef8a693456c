import { defineConfig } from 'tsup';

// One bundle per format; @fs/core and @fs/transform stay external (dependencies), so a page
// shares them with the other packages it uses. Declarations for both formats come from one
// TypeScript pass; `pnpm demo` skips them (FS_SKIP_DTS).
export default defineConfig({
  entry: ['src/index.ts'],
  target: 'es2022',
  format: ['esm', 'cjs'],
  dts: !process.env.FS_SKIP_DTS,
  clean: true,
});
